import BPIBLS
import BPICodec
import BPITestSupport
import Foundation
import Testing

@Suite("Fp")
struct FpTests {
    static let p = "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab"

    @Test("add, sub, mul, inverse, sqrt agree with Python integers on 500 random pairs, edges included")
    func oracle() throws {
        var rng = SeededGenerator(seed: 381)
        let pBytes = try Hex.decode(Self.p)
        var pairs: [([UInt8], [UInt8])] = [
            ([UInt8](repeating: 0, count: 48), [UInt8](repeating: 0, count: 48)),
            (pBytes.dropLast() + [pBytes.last! - 1], pBytes.dropLast() + [pBytes.last! - 1]),
        ]
        func random() -> [UInt8] {
            var b = rng.bytes(48)
            b[0] &= 0x1F
            while Fp(bigEndian: b) == nil { b[0] = b[0] >> 1 }
            return b
        }
        for _ in 0..<500 { pairs.append((random(), random())) }
        let input = pairs.map { Hex.encode($0.0) + " " + Hex.encode($0.1) }.joined(separator: "\n")
        let out = String(decoding: try Oracle.run("bls_oracle.py", ["fp"], input: Data(input.utf8)), as: UTF8.self)
        let rows = out.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        try #require(rows.count == pairs.count)
        for ((a, b), row) in zip(pairs, rows) {
            let x = Fp(bigEndian: a)!
            let y = Fp(bigEndian: b)!
            #expect(Hex.encode((x + y).bigEndianBytes) == row[0])
            #expect(Hex.encode((x - y).bigEndianBytes) == row[1])
            #expect(Hex.encode((x * y).bigEndianBytes) == row[2])
            #expect(Hex.encode(x.inverse.bigEndianBytes) == row[3])
            #expect(x.isSquare == (row[4] == "1"))
            if let r = x.sqrt { #expect(r.squared == x) } else { #expect(row[4] == "0") }
        }
    }

    @Test("encodings at or above p are refused")
    func canonical() throws {
        #expect(Fp(bigEndian: try Hex.decode(Self.p)) == nil)
        #expect(Fp(bigEndian: [UInt8](repeating: 0xFF, count: 48)) == nil)
        #expect(Fp(bigEndian: [UInt8](repeating: 0, count: 47)) == nil)
        #expect(Fp(bigEndian: [UInt8](repeating: 0, count: 48)) == .zero)
    }
}
