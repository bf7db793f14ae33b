import BPICodec
import BPICrypto
import BPIHash
import BPITestSupport
import BPITypes
import Testing

@Suite("Wire messages and blocks")
struct WireMessageTests {
    let signer = try! Ed25519PrivateKey(seed: [UInt8](repeating: 7, count: 32))

    var header: Header {
        Header(
            chainID: "bpi", height: 3, round: 1, timestamp: 1_700_000_000_000, prevHash: BLAKE3.hash([1]), proposerIndex: 2,
            vrfProof: [UInt8](repeating: 4, count: 80), vrfOutput: [UInt8](repeating: 5, count: 64),
            validatorSetHash: BLAKE3.hash([2]), nextValidatorSetHash: BLAKE3.hash([2]),
            framesRoot: Block.payloadsRoot([[1, 2], [3]]))
    }

    var message: ConsensusMessage {
        ConsensusMessage(
            kind: .prepare, chainID: "bpi", height: 3, round: 1, sender: 2, value: BLAKE3.hash([3]), payload: [], signer: signer)
    }

    @Test("every message type survives an encode/decode round trip byte for byte")
    func roundTrips() throws {
        let block = Block(header: header, payloads: [[1, 2], [3]])
        #expect(block.contentMatchesHeader)
        let commit = Commit(
            headerHash: header.hash, height: 3, round: 1, signers: SignerBitmap(signers: [0, 1, 2], count: 4),
            aggregateSignature: [UInt8](repeating: 0xC0, count: 1) + [UInt8](repeating: 0, count: 47))
        let finalized = FinalizedBlock(entry: ChainEntry(header: header, commit: commit), payloads: [[1, 2], [3]])
        let messages: [WireMessage] = [
            .consensus(message), .proposal(block), .status(height: 12), .syncRequest(from: 4, count: 64),
            .syncResponse([finalized]),
            .payload([9, 9]),
        ]
        for m in messages {
            let bytes = m.encoded()
            #expect(try WireMessage(encoded: bytes) == m)
            #expect(try CBORDecoder.decode(bytes) != .null)
        }
    }

    @Test("a block whose payloads or evidence do not match its header's roots is told apart")
    func contentBinding() {
        #expect(!Block(header: header, payloads: [[1, 2]]).contentMatchesHeader)
        #expect(!Block(header: header, payloads: [[3], [1, 2]]).contentMatchesHeader)
        let evidence = EquivocationEvidence(first: message, second: message)
        #expect(!Block(header: header, payloads: [[1, 2], [3]], evidence: [evidence]).contentMatchesHeader)
    }

    @Test(
        "malformed messages are refused",
        arguments: [
            "8206f6",  // unknown type
            "8202f6",  // status without a height
            "820382000a",  // sync from 0
            "8203820100",  // sync count 0
            "820382011841",  // sync count 65
            "820540",  // empty payload
            "8102",  // not [type, body]
            "83020500",  // three items
            "82021800",  // non-canonical integer
            "8202",  // truncated
        ])
    func refusals(hex: String) throws {
        #expect(throws: CBORError.self) { try WireMessage(encoded: try Hex.decode(hex)) }
    }

    @Test("an oversized payload is refused")
    func oversizedPayload() throws {
        let big = [UInt8](repeating: 1, count: Block.maxPayloadBytes + 1)
        let bytes = try CBOREncoder.encode(.array([.unsigned(5), .bytes(big)]))
        #expect(throws: CBORError.self) { try WireMessage(encoded: bytes) }
    }

    @Test("4,000 random mutations of valid messages never crash the decoder, and what it accepts re-encodes exactly")
    func mutations() throws {
        var rng = SeededGenerator(seed: 6)
        let seeds = [WireMessage.consensus(message).encoded(), WireMessage.proposal(Block(header: header)).encoded()]
        for i in 0..<4_000 {
            var bytes = seeds[i % seeds.count]
            for _ in 0..<(1 + Int.random(in: 0..<3, using: &rng)) {
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                bytes[at] = UInt8.random(in: 0...255, using: &rng)
            }
            if let decoded = try? WireMessage(encoded: bytes) { #expect(decoded.encoded() == bytes) }
        }
    }
}
