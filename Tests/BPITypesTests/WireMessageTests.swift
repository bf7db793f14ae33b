import BPICodec
import BPICrypto
import BPIHash
import BPITestSupport
import BPITypes
import Testing

@Suite("Wire messages and blocks")
struct WireMessageTests {
    let signer = try! Ed25519PrivateKey(seed: [UInt8](repeating: 7, count: 32))

    /// Two frames (their content does not matter here, only that blocks carry and bind them).
    var frames: [Frame] {
        (1...2).map { n in
            let header = FrameHeader(
                source: BLAKE3.hash([7]), destination: BLAKE3.hash([8]), nonce: UInt64(n), ncPrev: BLAKE3.hash([UInt8(n)]),
                tick: TickRef(height: 2, tickIndex: 0, tickHash: BLAKE3.hash([9])), kind: .data)
            return Frame(header: header, sealedPayload: [UInt8](repeating: UInt8(n), count: 40), signer: signer)
        }
    }

    var header: Header {
        Header(
            chainID: "bpi", height: 3, round: 1, timestamp: 1_700_000_000_000, prevHash: BLAKE3.hash([1]), proposerIndex: 2,
            vrfProof: [UInt8](repeating: 4, count: 80), vrfOutput: [UInt8](repeating: 5, count: 64),
            validatorSetHash: BLAKE3.hash([2]), nextValidatorSetHash: BLAKE3.hash([2]),
            framesRoot: Block.framesRoot(frames))
    }

    var message: ConsensusMessage {
        ConsensusMessage(
            kind: .prepare, chainID: "bpi", height: 3, round: 1, sender: 2, value: BLAKE3.hash([3]), payload: [], signer: signer)
    }

    @Test("every message type survives an encode/decode round trip byte for byte")
    func roundTrips() throws {
        let block = Block(header: header, frames: frames)
        #expect(block.contentMatchesHeader)
        let commit = Commit(
            headerHash: header.hash, height: 3, round: 1, signers: SignerBitmap(signers: [0, 1, 2], count: 4),
            aggregateSignature: [UInt8](repeating: 0xC0, count: 1) + [UInt8](repeating: 0, count: 47))
        let finalized = FinalizedBlock(entry: block.entry(commit: commit), frames: frames)
        #expect(finalized.framesMatchEntry)
        #expect(!FinalizedBlock(entry: block.entry(commit: commit), frames: Array(frames.reversed())).framesMatchEntry)
        let messages: [WireMessage] = [
            .consensus(message), .proposal(block), .status(height: 12), .syncRequest(from: 4, count: 64),
            .syncResponse([finalized]),
            .frame(frames[0]),
        ]
        for m in messages {
            let bytes = m.encoded()
            #expect(try WireMessage(encoded: bytes) == m)
            #expect(try CBORDecoder.decode(bytes) != .null)
        }
    }

    @Test("a block whose frames or evidence do not match its header's roots is told apart")
    func contentBinding() {
        #expect(Block(header: header, frames: frames).contentMatchesHeader)
        #expect(!Block(header: header, frames: [frames[0]]).contentMatchesHeader)
        #expect(!Block(header: header, frames: frames.reversed()).contentMatchesHeader)
        let evidence = EquivocationEvidence(first: message, second: message)
        #expect(!Block(header: header, frames: frames, evidence: [evidence]).contentMatchesHeader)
        // The receipts root must be the root of the receipts the frames carry (none here).
        var claimed = header
        claimed.receiptsRoot = Hash32([UInt8](repeating: 7, count: 32))!
        #expect(!Block(header: claimed, frames: frames).contentMatchesHeader)
    }

    @Test(
        "malformed messages are refused",
        arguments: [
            "8206f6",  // unknown type
            "8202f6",  // status without a height
            "820382000a",  // sync from 0
            "8203820100",  // sync count 0
            "820382011841",  // sync count 65
            "820540",  // a byte string, not a frame
            "8102",  // not [type, body]
            "83020500",  // three items
            "82021800",  // non-canonical integer
            "8202",  // truncated
        ])
    func refusals(hex: String) throws {
        #expect(throws: CBORError.self) { try WireMessage(encoded: try Hex.decode(hex)) }
    }

    @Test("a frame with an oversized payload is refused")
    func oversizedPayload() throws {
        var fields = frames[0].cborFields
        fields[7] = .bytes([UInt8](repeating: 1, count: Frame.maxPayloadBytes + 1))
        let bytes = try CBOREncoder.encode(.array([.unsigned(5), .array(fields)]))
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
