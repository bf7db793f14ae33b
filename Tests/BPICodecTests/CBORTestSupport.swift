import BPICodec
import BPITestSupport
import Foundation

/// The case name of a codec error (e.g. "nonShortestForm"), as the vectors file names them.
func caseName(_ error: CBORError) -> String {
    Mirror(reflecting: error).children.first?.label ?? String(describing: error)
}

/// Random CBOR values made in Swift, covering every kind, every head width and nesting.
struct RandomCBOR {
    var rng: SeededGenerator

    mutating func integer() -> CBOR {
        let bound: UInt64 = [24, 256, 65_536, 1 << 32, .max][Int.random(in: 0..<5, using: &rng)]
        let magnitude = UInt64.random(in: 0...bound &- 1, using: &rng)
        return Bool.random(using: &rng) ? .unsigned(magnitude) : .negative(magnitude)
    }

    mutating func text() -> String {
        let alphabet: [Character] = ["a", "b", "Z", " ", "\"", "\\", "\n", "\u{7}", "ü", "水", "😀", "$"]
        let n = [0, 1, 5, 23, 24, 30][Int.random(in: 0..<6, using: &rng)]
        return String((0..<n).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] })
    }

    mutating func value(depth: Int = 0) -> CBOR {
        switch Int.random(in: 0..<(depth < 4 ? 9 : 6), using: &rng) {
        case 0, 5: return integer()
        case 1: return .bytes(rng.bytes([0, 1, 23, 24, 40, 300][Int.random(in: 0..<6, using: &rng)]))
        case 2: return .text(text())
        case 3: return .bool(Bool.random(using: &rng))
        case 4: return .null
        case 6, 7:
            return .array((0..<[0, 1, 3, 24, 25][Int.random(in: 0..<5, using: &rng)]).map { _ in value(depth: depth + 1) })
        default:
            var entries: [CBORMapEntry] = []
            var seen = Set<CBOR>()
            for _ in 0..<[0, 1, 4, 9][Int.random(in: 0..<4, using: &rng)] {
                let key: CBOR
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: key = integer()
                case 1: key = .text(text())
                default: key = .bytes(rng.bytes(Int.random(in: 0..<5, using: &rng)))
                }
                if seen.insert(key).inserted { entries.append(CBORMapEntry(key, value(depth: depth + 1))) }
            }
            return .map(entries)
        }
    }
}

/// The committed vectors file.
struct CBORVectors: Decodable {
    struct Valid: Decodable {
        let hex: String
        let json: String
    }
    struct Invalid: Decodable {
        let hex: String
        let error: String
        let what: String
    }
    let valid: [Valid]
    let invalid: [Invalid]

    static func load() throws -> CBORVectors {
        try JSONDecoder().decode(CBORVectors.self, from: Data(contentsOf: TestPaths.vector("cbor_rfc8949.json")))
    }
}
