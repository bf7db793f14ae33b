import BPICodec
import BPIHash
import BPITestSupport
import BPIToolKit
import BPITools
import Foundation
import Testing

@Suite("bpi hash")
struct HashToolTests {
    @Test("tags parse from 0xN or 0xNN; without 0x (is 18 hex or decimal?) or anything else, refused")
    func tags() throws {
        #expect(try HashTool.parseTag("0x12") == DomainTag(rawValue: 0x12))
        #expect(try HashTool.parseTag("0XfF").rawValue == 0xFF)
        #expect(try HashTool.parseTag("0x1").rawValue == 0x01)
        for bad in ["0x123", "zz", "", "0x", "18", "1", "ff", "0xg1"] {
            #expect(throws: ToolError.self) { try HashTool.parseTag(bad) }
        }
    }

    @Test("the binary hashes files and stdin, plain and tagged, for both algorithms")
    func binary() throws {
        var rng = SeededGenerator(seed: 1)
        let data = rng.bytes(3 << 20 + 5)  // several 1 MiB reads
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bpi-hash-\(getpid())")
        try Data(data).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        for algorithm in HashAlgorithm.allCases {
            let plain = try BPIBinary.run(["hash", algorithm.rawValue, file.path])
            #expect(plain.status == 0)
            #expect(plain.out == algorithm.hash(data).hex + "\n")
            let tagged = try BPIBinary.run(["hash", algorithm.rawValue, "--tag", "0x12", "--json", file.path])
            #expect(tagged.out.contains("\"digest\":\"\(algorithm.hash(data, tag: DomainTag(rawValue: 0x12)).hex)\""))
            let stdin = try BPIBinary.run(["hash", algorithm.rawValue], stdin: "abc")
            #expect(stdin.out == algorithm.hash(Array("abc".utf8)).hex + "\n")
        }
        // Published values: SHA-256("abc") (FIPS 180-2) and BLAKE3("abc").
        #expect(
            try BPIBinary.run(["hash", "sha256"], stdin: "abc").out.hasPrefix(
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"))
        let missing = try BPIBinary.run(["hash", "blake3", "/nonexistent/file"])
        #expect(missing.status == 2 && missing.err.contains("cannot open /nonexistent/file"))
        #expect(try BPIBinary.run(["hash", "md5"]).status == 64)
    }
}
