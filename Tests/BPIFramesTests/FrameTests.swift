import BPICodec
import BPICrypto
import BPIFrames
import BPIHash
import BPIPoH
import BPITestSupport
import BPITypes
import Foundation
import Testing

/// The frame format (docs/SPEC.md §12): encodings, hashes and signatures equal an independent
/// Python implementation of the SPEC; every single-byte change is refused; the header is bound to
/// the sealed payload.
@Suite("BPCI frames")
struct FrameTests {
    func randomFrame(_ rng: inout SeededGenerator) -> (Frame, seed: [UInt8]) {
        let seed = rng.bytes(32)
        let key = try! Ed25519PrivateKey(seed: seed)
        let header = FrameHeader(
            source: Hash32(rng.bytes(32))!, destination: Hash32(rng.bytes(32))!, nonce: .random(in: 1...UInt64.max, using: &rng),
            ncPrev: Hash32(rng.bytes(32))!,
            tick: TickRef(
                height: .random(in: 0...1_000_000, using: &rng), tickIndex: .random(in: 0...300, using: &rng),
                tickHash: Hash32(rng.bytes(32))!),
            kind: FrameKind.allCases.randomElement(using: &rng)!)
        return (Frame(header: header, sealedPayload: rng.bytes(Int.random(in: 0...300, using: &rng)), signer: key), seed)
    }

    @Test(
        "50 random frames: canonical bytes, header and payload hashes, signature, envelope, id and chain value equal the Python oracle"
    )
    func matchesOracle() throws {
        var rng = SeededGenerator(seed: 0xf4a)
        var frames: [(Frame, [UInt8])] = []
        var input = ""
        for _ in 0..<50 {
            let (frame, seed) = randomFrame(&rng)
            frames.append((frame, seed))
            let h = frame.header
            input += """
                {"frame": {"src": "\(h.source.description)", "dst": "\(h.destination.description)", "nonce": \(h.nonce), \
                "ncPrev": "\(h.ncPrev.description)", "tick": [\(h.tick.height), \(h.tick.tickIndex), "\(h.tick.tickHash.description)"], \
                "kind": \(h.kind.rawValue), "payload": "\(Hex.encode(frame.sealedPayload))", "seed": "\(Hex.encode(seed))"}}

                """
        }
        input += "{\"service\": \"spiffe://example.org/payments/ledger\"}\n"
        let lines = String(decoding: try Oracle.run("frame_oracle.py", input: Data(input.utf8)), as: UTF8.self).split(
            separator: "\n")
        try #require(lines.count == 51)
        for ((frame, _), line) in zip(frames, lines) {
            let o = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
            #expect(Hex.encode(frame.header.canonicalBytes()) == o["header"])
            #expect(frame.header.hash.description == o["headerHash"])
            #expect(frame.payloadHash.description == o["payloadHash"])
            #expect(Hex.encode(frame.signature) == o["signature"])
            #expect(Hex.encode(frame.canonicalBytes()) == o["frame"])
            #expect(Hex.encode(frame.envelope.canonicalBytes()) == o["envelope"])
            #expect(frame.id.description == o["id"])
            #expect(NonceChain.next(frame.header.ncPrev, frameHeaderHash: frame.header.hash).description == o["nextChain"])
            #expect(try Frame(canonicalBytes: frame.canonicalBytes()) == frame)
            #expect(try FrameEnvelope(canonicalBytes: frame.envelope.canonicalBytes()) == frame.envelope)
        }
        let service = try ServiceName("spiffe://example.org/payments/ledger")
        let o = try #require(try JSONSerialization.jsonObject(with: Data(lines[50].utf8)) as? [String: String])
        #expect(service.id.description == o["id"])
    }

    @Test("every single-byte change of a signed frame is refused: it no longer decodes, or its signature fails")
    func singleByteChanges() throws {
        var rng = SeededGenerator(seed: 7)
        let (frame, seed) = randomFrame(&rng)
        let key = try Ed25519PrivateKey(seed: seed).publicKey
        #expect(frame.isSigned(by: key))
        let bytes = frame.canonicalBytes()
        var refused = 0
        for i in bytes.indices {
            for flip: UInt8 in [0x01, 0x80] {
                var changed = bytes
                changed[i] ^= flip
                if let decoded = try? Frame(canonicalBytes: changed), decoded.isSigned(by: key) { continue }
                refused += 1
            }
        }
        #expect(refused == 2 * bytes.count, "\(2 * bytes.count - refused) changes were accepted")
    }

    @Test("service names are SPIFFE IDs; malformed ones are refused with a reason")
    func serviceNames() throws {
        #expect(try ServiceName("spiffe://bpi.local/svc/a").id != (try ServiceName("spiffe://bpi.local/svc/b").id))
        for bad in [
            "http://bpi.local/a", "spiffe://bpi.local", "spiffe://bpi.local/", "spiffe://Bpi/a", "spiffe://bpi.local/a//b",
            "spiffe://bpi.local/../x", "spiffe://bpi.local/A", "spiffe://bpi.local/" + String(repeating: "a", count: 2_100),
        ] {
            #expect(throws: TypesError.self, "\(bad)") { try ServiceName(bad) }
        }
    }

    @Test("4,000 random mutations of frames, envelopes and registrations never crash a decoder; what decodes re-encodes exactly")
    func mutations() throws {
        var rng = SeededGenerator(seed: 0xdec)
        let a = ServiceIdentity.generate(name: try ServiceName("spiffe://bpi.local/a"))
        let seeds: [[UInt8]] =
            (0..<4).map { _ in randomFrame(&rng).0.canonicalBytes() } + [
                randomFrame(&rng).0.envelope.canonicalBytes(), a.registration(sequence: 0).canonicalBytes(),
            ]
        var decoded = 0
        for k in 0..<4_000 {
            var bytes = seeds[k % seeds.count]
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let i = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0...2, using: &rng) {
                case 0: bytes[i] = UInt8.random(in: 0...255, using: &rng)
                case 1: bytes.remove(at: i)
                default: bytes.insert(UInt8.random(in: 0...255, using: &rng), at: i)
                }
                if bytes.isEmpty { bytes = [0] }
            }
            if let f = try? Frame(canonicalBytes: bytes) {
                decoded += 1
                #expect(f.canonicalBytes() == bytes)
            }
            if let e = try? FrameEnvelope(canonicalBytes: bytes) { #expect(e.canonicalBytes() == bytes) }
            if let r = try? ServiceRegistration(canonicalBytes: bytes) { #expect(r.canonicalBytes() == bytes) }
        }
        #expect(decoded > 0, "some mutations (of payload bytes) must still decode, or the check compared nothing")
    }
}

@Suite("Frame fuzz corpus")
struct FrameCorpusTests {
    @Test("every seed of Fuzz/Corpus/frame is a valid frame, envelope, header, registration or tick reference")
    func corpus() throws {
        let dir = TestPaths.packageRoot.appendingPathComponent("Fuzz/Corpus/frame")
        let seeds = try FileManager.default.contentsOfDirectory(atPath: dir.path).map {
            [UInt8](try Data(contentsOf: dir.appendingPathComponent($0)))
        }
        #expect(seeds.count >= 10)
        for bytes in seeds {
            let decodes =
                (try? Frame(canonicalBytes: bytes)) != nil || (try? FrameEnvelope(canonicalBytes: bytes)) != nil
                || (try? FrameHeader(canonicalBytes: bytes)) != nil || (try? ServiceRegistration(canonicalBytes: bytes)) != nil
                || (try? TickRef(canonicalBytes: bytes)) != nil
            #expect(decodes, "\(Hex.encode(bytes.prefix(16)))…")
        }
    }
}
