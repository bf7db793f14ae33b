import BPICodec
import BPITestSupport
import BPIToolKit
import BPITools
import Foundation
import Testing

@Suite("bpi cbor")
struct CBORToolTests {
    private struct Vectors: Decodable {
        struct Valid: Decodable {
            let json: String
            let hex: String
        }
        struct Invalid: Decodable { let hex: String }
        let valid: [Valid]
        let invalid: [Invalid]
    }

    private func vectors() throws -> Vectors {
        try JSONDecoder().decode(Vectors.self, from: Data(contentsOf: TestPaths.vector("cbor_rfc8949.json")))
    }

    @Test("JSON → canonical hex → JSON reproduces every RFC 8949 vector")
    func vectorRoundTrip() throws {
        for v in try vectors().valid {
            #expect(try CBORTool.encode(json: v.json) == v.hex, "\(v.json)")
            let rendered = try CBORTool.decode(hex: v.hex)
            #expect(try CBORTool.encode(json: rendered) == v.hex)
        }
    }

    @Test("every invalid vector is refused as bad input")
    func invalid() throws {
        for v in try vectors().invalid {
            #expect(throws: ToolError.self) { try CBORTool.decode(hex: v.hex) }
        }
        #expect(throws: ToolError.badInput("input is not hex: hex string has an odd number of digits (3)")) {
            try CBORTool.decode(hex: "abc")
        }
    }

    @Test("the binary: stdin in, stdout out, non-canonical input exits 2 naming the offset")
    func binary() throws {
        let encoded = try BPIBinary.run(["cbor", "encode"], stdin: #"{"b":[1,{"$hex":"ff"}],"a":-1}"#)
        #expect(encoded.status == 0)
        #expect(encoded.out == "a26161206162820141ff\n")
        let decoded = try BPIBinary.run(["cbor", "decode"], stdin: "a26161206162820141ff\n")
        #expect(decoded.out == #"{"a":-1,"b":[1,{"$hex":"ff"}]}"# + "\n")
        let bad = try BPIBinary.run(["cbor", "decode"], stdin: "a2616201616102")
        #expect(bad.status == 2)
        #expect(bad.err.contains("map keys not sorted by encoded bytes at offset 4"))
        #expect(bad.out.isEmpty)
        let float = try BPIBinary.run(["cbor", "encode"], stdin: "[1.5]")
        #expect(float.status == 2 && float.err.contains("offset 1"))
    }
}
