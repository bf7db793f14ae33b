import BPIHash
import BPITypes

/// Where a shard is kept in any backend: `objects/<objectID hex>/<chunk>-<shard>`.
public struct ShardKey: Sendable, Hashable, CustomStringConvertible {
    public var objectID: Hash32
    public var position: ShardPosition

    public init(objectID: Hash32, position: ShardPosition) {
        self.objectID = objectID
        self.position = position
    }

    public init(objectID: Hash32, chunk: Int, shard: Int) {
        self.init(objectID: objectID, position: ShardPosition(chunk: UInt64(chunk), shard: UInt64(shard)))
    }

    /// The backend-relative path (also the S3 object key).
    public var path: String { "objects/\(objectID.hex)/\(position.chunk)-\(position.shard)" }

    public var description: String { "\(objectID.hex.prefix(12))… \(position)" }
}
