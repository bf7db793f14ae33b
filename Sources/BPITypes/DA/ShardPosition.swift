/// Where a shard sits in its object: chunk `chunk`, shard `shard` of that chunk's n.
public struct ShardPosition: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var chunk: UInt64
    public var shard: UInt64

    public init(chunk: UInt64, shard: UInt64) {
        self.chunk = chunk
        self.shard = shard
    }

    public static func < (a: Self, b: Self) -> Bool { (a.chunk, a.shard) < (b.chunk, b.shard) }

    /// `chunk/shard`.
    public var description: String { "\(chunk)/\(shard)" }
}
