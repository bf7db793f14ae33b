import BPICodec
import BPITestSupport
import Foundation
import Testing

@Suite("CBOR decoder")
struct CBORDecoderTests {
    @Test("RFC 8949 Appendix A deterministic examples decode and re-encode to the same bytes")
    func appendixA() throws {
        let vectors = try CBORVectors.load()
        #expect(vectors.valid.count >= 35)
        for v in vectors.valid {
            let bytes = try Hex.decode(v.hex)
            let value = try CBORDecoder.decode(bytes)
            #expect(try CBOREncoder.encode(value) == bytes, "\(v.hex)")
            #expect(try CBORJSON.parse(v.json) == value, "\(v.json)")
        }
    }

    @Test("non-canonical and out-of-subset encodings are rejected with the named error")
    func negativeVectors() throws {
        let vectors = try CBORVectors.load()
        #expect(vectors.invalid.count >= 40)
        for v in vectors.invalid {
            let bytes = try Hex.decode(v.hex)
            do {
                let value = try CBORDecoder.decode(bytes)
                Issue.record("accepted \(v.hex) (\(v.what)) as \(value)")
            } catch {
                #expect(caseName(error) == v.error, "\(v.hex): \(v.what) gave \(error)")
            }
        }
    }

    @Test("errors name the offset of the offending item")
    func offsets() {
        #expect(throws: CBORError.nonShortestForm(offset: 3)) { try CBORDecoder.decode([0x83, 0x01, 0x02, 0x18, 0x03]) }
        #expect(throws: CBORError.unsortedMapKeys(offset: 3)) { try CBORDecoder.decode([0xA2, 0x03, 0x04, 0x01, 0x02]) }
        #expect(throws: CBORError.trailingBytes(offset: 1)) { try CBORDecoder.decode([0x00, 0x00]) }
        #expect(throws: CBORError.invalidUTF8(offset: 1)) { try CBORDecoder.decode([0x81, 0x61, 0xFF]) }
    }

    @Test("nesting: 64 levels accepted, 65 rejected; a lower limit is honoured")
    func depth() throws {
        let ok = [UInt8](repeating: 0x81, count: 63) + [0x80]  // 64 nested arrays
        #expect(try CBOREncoder.encode(try CBORDecoder.decode(ok)) == ok)
        let deep = [UInt8](repeating: 0x81, count: 64) + [0x80]
        #expect(throws: CBORError.depthExceeded(offset: 64, limit: 64)) { try CBORDecoder.decode(deep) }
        let mapDeep: [UInt8] = [0xA1, 0x00, 0x80]  // {0: []}: the array is the second level
        #expect(throws: CBORError.depthExceeded(offset: 2, limit: 1)) {
            try CBORDecoder(limits: CBORDecodingLimits(maxDepth: 1)).decode(mapDeep)
        }
        // A million nested arrays must fail cleanly, not overflow the stack.
        #expect(throws: CBORError.self) { try CBORDecoder.decode([UInt8](repeating: 0x81, count: 1_000_000)) }
    }

    @Test("declared lengths beyond the limit are refused before any allocation")
    func lengths() {
        let limits = CBORDecodingLimits(maxLength: 10)
        #expect(throws: CBORError.lengthExceeded(offset: 0, length: 11, limit: 10)) {
            try CBORDecoder(limits: limits).decode([0x4B] + [UInt8](repeating: 0, count: 11))
        }
        // 2^64-1 elements declared in a 9-byte input.
        #expect(throws: CBORError.lengthExceeded(offset: 0, length: .max, limit: CBORDecodingLimits.standard.maxLength)) {
            try CBORDecoder.decode([0x9B, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])
        }
        // 2^24-1 elements is within the limit: the decoder reads on and finds the first element missing.
        #expect(throws: CBORError.unexpectedEnd(offset: 5)) { try CBORDecoder.decode([0x9A, 0x00, 0xFF, 0xFF, 0xFF]) }
    }

    @Test("every mutation of valid encodings is either rejected or re-encodes to itself")
    func mutations() throws {
        var rng = SeededGenerator(seed: 5)
        var random = RandomCBOR(rng: SeededGenerator(seed: 6))
        var rejected = 0
        for _ in 0..<3_000 {
            var bytes = try CBOREncoder.encode(random.value())
            switch Int.random(in: 0..<3, using: &rng) {
            case 0: bytes[Int.random(in: 0..<bytes.count, using: &rng)] ^= UInt8(1 << Int.random(in: 0..<8, using: &rng))
            case 1: bytes.removeLast(Int.random(in: 0...bytes.count / 2, using: &rng))
            default: bytes.insert(UInt8.random(in: 0...255, using: &rng), at: Int.random(in: 0...bytes.count, using: &rng))
            }
            do {
                let value = try CBORDecoder.decode(bytes)
                #expect(try CBOREncoder.encode(value) == bytes)
            } catch {
                rejected += 1
            }
        }
        #expect(rejected > 1_000)
    }

    @Test("the fuzz corpus (Fuzz/Corpus/cbor-decoder) replays: accepted inputs re-encode to themselves")
    func fuzzCorpus() throws {
        let dir = TestPaths.packageRoot.appendingPathComponent("Fuzz/Corpus/cbor-decoder")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(files.count >= 80)
        var accepted = 0
        for file in files {
            let bytes = [UInt8](try Data(contentsOf: dir.appendingPathComponent(file)))
            if let value = try? CBORDecoder.decode(bytes) {
                #expect(try CBOREncoder.encode(value) == bytes, "\(file)")
                accepted += 1
            }
        }
        #expect(accepted >= 37)
    }

    @Test("values made by the Python cbor2 oracle decode, and re-encode to the oracle's bytes")
    func oracleValues() throws {
        let output = String(decoding: try Oracle.run("cbor_oracle.py", ["generate", "1000", "8949"]), as: UTF8.self)
        let lines = output.split(separator: "\n")
        #expect(lines.count == 1000)
        for line in lines {
            let parts = line.split(separator: "\t", maxSplits: 1).map(String.init)
            let bytes = try Hex.decode(parts[0])
            let value = try CBORDecoder.decode(bytes)
            #expect(try CBOREncoder.encode(value) == bytes)
            // The oracle lists map keys in insertion order; compare canonical bytes.
            #expect(try CBOREncoder.encode(CBORJSON.parse(parts[1])) == bytes, "\(parts[1])")
        }
    }
}
