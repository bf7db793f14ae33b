import BPICodec
import BPIEthereum
import BPITestSupport
import Foundation
import Testing

/// RLP (SPEC §18.2): the Yellow Paper's examples, both ways against the `rlp` package, and the
/// non-canonical forms the strict decoder refuses.
@Suite("RLP")
struct RLPItemTests {
    @Test("the examples of the Ethereum wiki")
    func examples() throws {
        let cases: [(RLPItem, String)] = [
            (.bytes(Array("dog".utf8)), "83646f67"),
            (.list([.bytes(Array("cat".utf8)), .bytes(Array("dog".utf8))]), "c88363617483646f67"),
            (.bytes([]), "80"), (.list([]), "c0"), (.uint(0), "80"), (.bytes([0]), "00"), (.uint(15), "0f"),
            (.uint(1024), "820400"),
            (.list([.list([]), .list([.list([])]), .list([.list([]), .list([.list([])])])]), "c7c0c1c0c3c0c1c0"),
            (
                .bytes(Array("Lorem ipsum dolor sit amet, consectetur adipisicing elit".utf8)),
                "b8384c6f72656d20697073756d20646f6c6f722073697420616d65742c20636f6e7365637465747572206164697069736963696e6720656c6974"
            ),
        ]
        for (item, hex) in cases {
            #expect(Hex.encode(item.encoded) == hex)
            #expect(try RLPItem(decoding: Hex.decode(hex)) == item)
        }
    }

    @Test("non-canonical and malformed encodings are refused with the reason")
    func refusals() throws {
        let cases: [(String, RLPError)] = [
            ("8100", .nonCanonical("a byte below 0x80 carries a length prefix")),
            ("b80100", .nonCanonical("a length of 1 uses the long form")),
            ("b9000100", .nonCanonical("a long length starts with a zero byte")),
            ("83646f", .truncated), ("", .truncated), ("c3", .truncated), ("8000", .trailingBytes(1)),
            ("c28301", .truncated),
        ]
        for (hex, error) in cases {
            #expect(throws: error, "\(hex)") { try RLPItem(decoding: Hex.decode(hex)) }
        }
        let deep = [UInt8](repeating: 0xC1, count: RLPItem.maxDepth + 1) + [0xC0]
        #expect(throws: RLPError.self) { try RLPItem(decoding: deep) }
        #expect(throws: RLPError.nonCanonical("n has a leading zero byte")) { try RLPItem.bytes([0, 1]).uint64("n") }
        #expect(throws: RLPError.schema("n does not fit 64 bits")) {
            try RLPItem.bytes([UInt8](repeating: 1, count: 9)).uint64("n")
        }
    }

    static func randomItem(_ rng: inout SeededGenerator, depth: Int = 0) -> RLPItem {
        if depth < 4, rng.next() % 3 == 0 {
            return .list((0..<Int(rng.next() % 6)).map { _ in randomItem(&rng, depth: depth + 1) })
        }
        let lengths = [0, 1, 1, 2, 55, 56, 57, 200, 300]
        let n = lengths[Int(rng.next() % UInt64(lengths.count))]
        var b = rng.bytes(n)
        if n == 1, rng.next() % 2 == 0 { b[0] &= 0x7F }
        return .bytes(b)
    }

    static func json(_ item: RLPItem) -> Any {
        switch item {
        case .bytes(let b): return Hex.encode(b)
        case .list(let items): return items.map(json)
        }
    }

    @Test("random nested items encode as rlp encodes them; both decoders agree on mutated bytes")
    func oracle() throws {
        var rng = SeededGenerator(seed: 2718)
        let items = (0..<300).map { _ in Self.randomItem(&rng) }
        let encodings = try EthereumOracle.run("rlp-encode", items.map(Self.json)).map { $0 as? String ?? "" }
        for (item, hex) in zip(items, encodings) {
            #expect(Hex.encode(item.encoded) == hex)
            #expect(try RLPItem(decoding: Hex.decode(hex)) == item)
        }
        // Mutations: one byte changed, cut short, a byte appended. Accept exactly what rlp accepts.
        var mutated: [[UInt8]] = []
        for item in items.prefix(200) {
            var b = item.encoded
            switch rng.next() % 3 {
            case 0: b[Int(rng.next() % UInt64(b.count))] = UInt8(truncatingIfNeeded: rng.next())
            case 1: b.removeLast(Int(rng.next() % UInt64(b.count)) + 1)
            default: b.append(UInt8(truncatingIfNeeded: rng.next()))
            }
            mutated.append(b)
        }
        let answers = try EthereumOracle.run("rlp-decode", mutated.map { Hex.encode($0) })
        var refused = 0
        for (b, answer) in zip(mutated, answers) {
            let ours = try? RLPItem(decoding: b)
            if answer is NSNull {
                #expect(ours == nil, "rlp refuses \(Hex.encode(b)); we took it")
                refused += 1
            } else {
                #expect(ours.map(Self.json).map { "\($0)" } == "\(answer)", "\(Hex.encode(b))")
            }
        }
        #expect(refused > 50 && refused < 200, "the mutations should exercise both outcomes (\(refused) refused)")
    }
}
