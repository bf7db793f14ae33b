import BPIBLS
import BPICodec
import BPITestSupport
import Foundation
import Testing

@Suite("Fr")
struct FrTests {
    static let r = "73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001"

    @Test("add, sub, mul, inverse agree with Python integers on 400 random pairs, edges included")
    func oracle() throws {
        var rng = SeededGenerator(seed: 255)
        let rMinus1 = try Hex.decode("73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000000")
        var pairs: [([UInt8], [UInt8])] = [
            ([UInt8](repeating: 0, count: 32), [UInt8](repeating: 0, count: 32)), (rMinus1, rMinus1),
            ([UInt8](repeating: 0, count: 31) + [1], rMinus1),
        ]
        func random() -> [UInt8] {
            var b = rng.bytes(32)
            b[0] &= 0x3F
            return b
        }
        for _ in 0..<400 { pairs.append((random(), random())) }
        let input = pairs.map { Hex.encode($0.0) + " " + Hex.encode($0.1) }.joined(separator: "\n")
        let out = String(decoding: try Oracle.run("threshold_oracle.py", ["fr"], input: Data(input.utf8)), as: UTF8.self)
        let rows = out.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        try #require(rows.count == pairs.count)
        for ((a, b), row) in zip(pairs, rows) {
            let x = try #require(Fr(bigEndian: a))
            let y = try #require(Fr(bigEndian: b))
            #expect((x + y).description == row[0])
            #expect((x - y).description == row[1])
            #expect((x * y).description == row[2])
            #expect((x.inverse ?? .zero).description == row[3])
        }
    }

    @Test("encodings at or above r are refused; a wide value reduces; small integers and the identities hold")
    func edges() throws {
        #expect(Fr(bigEndian: try Hex.decode(Self.r)) == nil)
        #expect(Fr(bigEndian: [UInt8](repeating: 0xFF, count: 32)) == nil)
        #expect(Fr(bigEndian: [1, 2, 3]) == nil)
        let wide = Fr(wideBigEndian: [UInt8](repeating: 0, count: 32) + (try Hex.decode(Self.r)))
        #expect(wide == .zero)
        #expect(Fr(7) * Fr(6) == Fr(42))
        #expect(Fr(1) == .one && Fr(0) == .zero && Fr.zero.inverse == nil)
        let x = Fr.random()
        #expect(x * x.inverse! == .one || x.isZero)
        #expect(x - x == .zero && -(-x) == x)
        // The scalar acts on points as the integer it is.
        #expect(G1Point.generator.multiplied(by: Fr(5)) == G1Point.generator.multiplied(byPublic: [5]))
    }
}
