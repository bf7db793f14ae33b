/// Why erasure coding refused (docs/SPEC.md §15.1). Each case says what to change.
public enum ErasureError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The code's parameters are outside what RS(k, n) over GF(2⁸) supports.
    case badParameters(String)
    /// Shards of different sizes, or a size that does not fit the chunk.
    case badShards(String)
    /// Fewer than k shards of a chunk are present: it cannot be rebuilt.
    case tooFewShards(chunk: Int, present: Int, needed: Int)

    public var description: String {
        switch self {
        case .badParameters(let m): return "erasure-code parameters: \(m)"
        case .badShards(let m): return "shards: \(m)"
        case .tooFewShards(let c, let p, let n): return "chunk \(c) has \(p) intact shards; \(n) are needed to rebuild it"
        }
    }
}
