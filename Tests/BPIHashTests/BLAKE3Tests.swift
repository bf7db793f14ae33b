import BPICodec
import BPIHash
import BPITestSupport
import Foundation
import Testing

/// The official BLAKE3 vectors' input: byte i is i mod 251.
private func vectorInput(_ length: Int) -> [UInt8] { (0..<length).map { UInt8($0 % 251) } }

private struct OfficialVectors: Decodable {
    struct Case: Decodable {
        let inputLen: Int
        let hash: String
        let keyedHash: String
        let deriveKey: String
    }
    let key: String
    let contextString: String
    let cases: [Case]

    /// The official file, committed under `Tests/Vectors/blake3/`.
    static func load() throws -> OfficialVectors {
        let url = TestPaths.vector("blake3/test_vectors.json")
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(OfficialVectors.self, from: Data(contentsOf: url))
    }
}

private let supportedBackends = BLAKE3Backend.allCases.filter(\.isSupported)

@Suite("BLAKE3")
struct BLAKE3Tests {
    @Test(
        "official vectors: hash, keyed hash, derive key and XOF, every backend, one-shot and incremental",
        arguments: supportedBackends)
    func officialVectors(backend: BLAKE3Backend) throws {
        let vectors = try OfficialVectors.load()
        #expect(vectors.cases.count >= 35)
        let key = Array(vectors.key.utf8)
        for c in vectors.cases {
            let input = vectorInput(c.inputLen)
            let expectedHash = try Hex.decode(c.hash)
            let expectedKeyed = try Hex.decode(c.keyedHash)
            let expectedDerived = try Hex.decode(c.deriveKey)
            let outLength = expectedHash.count

            #expect(BLAKE3.hash(input, backend: backend).bytes == Array(expectedHash.prefix(32)), "len \(c.inputLen)")
            #expect(BLAKE3.hash(input, outputLength: outLength, backend: backend) == expectedHash, "len \(c.inputLen)")

            for split in [1, 63, 64, 65, 1024, 1025, 4096, Int.max] {
                var hasher = BLAKE3(backend: backend)
                var offset = 0
                while offset < input.count {
                    let end = Swift.min(input.count, offset &+ split)
                    hasher.update(Array(input[offset..<end]))
                    offset = end
                }
                #expect(hasher.finalize(outputLength: outLength) == expectedHash, "len \(c.inputLen) split \(split)")
            }

            var keyed = try BLAKE3(key: key, backend: backend)
            keyed.update(input)
            #expect(keyed.finalize(outputLength: outLength) == expectedKeyed, "keyed len \(c.inputLen)")
            #expect(try BLAKE3.keyedHash(key: key, input, outputLength: outLength) == expectedKeyed)

            var derive = BLAKE3(deriveKeyContext: vectors.contextString, backend: backend)
            derive.update(input)
            #expect(derive.finalize(outputLength: outLength) == expectedDerived, "derive len \(c.inputLen)")
        }
    }

    @Test("well-known digests (inline, independent of the shared folder)")
    func knownDigests() {
        #expect(BLAKE3.hash([]).hex == "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262")
        #expect(BLAKE3.hash(Array("abc".utf8)).hex == "6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d85")
    }

    @Test("extendable output: any window equals the slice of one long output")
    func xofSeek() {
        var hasher = BLAKE3()
        hasher.update(vectorInput(3000))
        let long = hasher.finalize(outputLength: 1000)
        for (seek, count) in [(0, 1), (1, 63), (63, 2), (64, 64), (100, 500), (999, 1)] {
            #expect(hasher.finalize(outputLength: count, seek: UInt64(seek)) == Array(long[seek..<seek + count]))
        }
        #expect(hasher.finalize(outputLength: 0).isEmpty)
    }

    @Test("a key that is not 32 bytes is refused")
    func keyLength() {
        #expect(throws: BLAKE3.Error.invalidKeyLength(31)) { try BLAKE3(key: [UInt8](repeating: 1, count: 31)) }
        #expect(throws: BLAKE3.Error.invalidKeyLength(33)) { try BLAKE3.keyedHash(key: [UInt8](repeating: 1, count: 33), []) }
    }

    @Test("every backend agrees with the portable path on random inputs")
    func backendsAgree() {
        var rng = SeededGenerator(seed: 3)
        for _ in 0..<40 {
            let n = Int.random(in: 0...(80 * 1024), using: &rng)
            let input = rng.bytes(n)
            let reference = BLAKE3.hash(input, backend: .portable)
            for backend in supportedBackends {
                #expect(BLAKE3.hash(input, backend: backend) == reference, "\(backend) len \(n)")
                var h = BLAKE3(backend: backend)
                h.update(input)
                #expect(h.finalize() == reference, "\(backend) incremental len \(n)")
            }
        }
    }

    @Test("equal to b3sum on random inputs from 0 bytes to 16 MiB")
    func matchesB3sum() throws {
        let b3sum = "/usr/bin/b3sum"
        try #require(FileManager.default.isExecutableFile(atPath: b3sum), "b3sum missing: run scripts/setup")
        var rng = SeededGenerator(seed: 16)
        var sizes = [0, 1, 64, 1023, 1024, 1025, 16 * 1024 + 1, 1 << 20, 16 << 20]
        for _ in 0..<12 { sizes.append(Int.random(in: 0...(16 << 20), using: &rng)) }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bpi-b3sum-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for n in sizes {
            let input = rng.bytes(n)
            let file = dir.appendingPathComponent("in")
            try Data(input).write(to: file)
            let result = try Subprocess.run(b3sum, ["--no-names", file.path])
            #expect(result.status == 0)
            let reference = result.out.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(BLAKE3.hash(input).hex == reference, "len \(n)")
        }
    }

    @Test("equal to the Python blake3 package (hash, keyed, derive_key, XOF)")
    func matchesPythonOracle() throws {
        var rng = SeededGenerator(seed: 99)
        var lines: [String] = []
        var inputs: [[UInt8]] = []
        for _ in 0..<60 {
            let input = rng.bytes(Int.random(in: 0...20_000, using: &rng))
            inputs.append(input)
            lines.append(Hex.encode(input))
        }
        let key = rng.bytes(32)
        let output = try Oracle.run(
            "blake3_oracle.py", [Hex.encode(key), "bpi test context", "77"], input: Data(lines.joined(separator: "\n").utf8))
        let answers = String(decoding: output, as: UTF8.self).split(separator: "\n")
        try #require(answers.count == inputs.count)
        for (input, answer) in zip(inputs, answers) {
            let parts = answer.split(separator: " ").map(String.init)
            #expect(Hex.encode(BLAKE3.hash(input, outputLength: 77)) == parts[0])
            #expect(Hex.encode(try BLAKE3.keyedHash(key: key, input, outputLength: 77)) == parts[1])
            #expect(Hex.encode(BLAKE3.deriveKey(context: "bpi test context", material: input, outputLength: 77)) == parts[2])
        }
    }
}
