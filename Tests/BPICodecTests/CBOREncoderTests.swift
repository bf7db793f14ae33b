import BPICodec
import BPITestSupport
import Foundation
import Testing

@Suite("CBOR encoder")
struct CBOREncoderTests {
    @Test("heads take the shortest form at every width boundary")
    func heads() throws {
        let cases: [(UInt64, String)] = [
            (0, "00"), (23, "17"), (24, "1818"), (255, "18ff"), (256, "190100"), (65_535, "19ffff"),
            (65_536, "1a00010000"), (0xFFFF_FFFF, "1affffffff"), (0x1_0000_0000, "1b0000000100000000"),
        ]
        for (n, hex) in cases {
            #expect(Hex.encode(try CBOREncoder.encode(.unsigned(n))) == hex)
        }
        #expect(Hex.encode(try CBOREncoder.encode(.int(-24))) == "37")
        #expect(Hex.encode(try CBOREncoder.encode(.int(-25))) == "3818")
        #expect(Hex.encode(try CBOREncoder.encode(.int(Int64.min))) == "3b7fffffffffffffff")
    }

    @Test("map keys are sorted by encoded bytes, whatever order they are given in")
    func mapOrder() throws {
        let entries = [
            CBORMapEntry(.text("a"), .unsigned(1)), CBORMapEntry(.unsigned(1000), .unsigned(2)),
            CBORMapEntry(.negative(0), .unsigned(3)), CBORMapEntry(.bytes([0]), .unsigned(4)),
        ]
        let expected = "a4" + "1903e8" + "02" + "20" + "03" + "4100" + "04" + "6161" + "01"
        #expect(Hex.encode(try CBOREncoder.encode(.map(entries))) == expected)
        #expect(Hex.encode(try CBOREncoder.encode(.map(entries.reversed()))) == expected)
    }

    @Test("a map with two equal keys has no canonical form and is refused")
    func duplicateKeys() {
        #expect(throws: CBORError.self) {
            try CBOREncoder.encode(.map([CBORMapEntry(.text("k"), .null), CBORMapEntry(.text("k"), .bool(true))]))
        }
    }

    @Test("1,000 random values: our bytes equal Python cbor2's (keys sorted bytewise), and decode back")
    func matchesCbor2() throws {
        var random = RandomCBOR(rng: SeededGenerator(seed: 42))
        let values = (0..<1_200).map { _ in random.value() }
        let input = values.map(CBORJSON.render).joined(separator: "\n")
        let output = String(decoding: try Oracle.run("cbor_oracle.py", ["encode"], input: Data(input.utf8)), as: UTF8.self)
        let hexes = output.split(separator: "\n").map(String.init)
        try #require(hexes.count == values.count)
        for (value, hex) in zip(values, hexes) {
            let ours = try CBOREncoder.encode(value)
            #expect(Hex.encode(ours) == hex, "\(CBORJSON.render(value))")
            #expect(try CBOREncoder.encode(CBORDecoder.decode(ours)) == ours)
            #expect(try CBORJSON.parse(CBORJSON.render(value)) == value)
        }
    }
}
