/// What reading one shard from its backend gave.
public enum ShardRead: Sendable, Equatable {
    /// The bytes, matching the recorded size and content hash.
    case intact([UInt8])
    /// The backend has no such shard.
    case missing
    /// The backend returned bytes that are not the shard.
    case corrupt
    /// The backend could not be asked (down, refusing, not configured).
    case unavailable(String)

    public var bytes: [UInt8]? {
        if case .intact(let b) = self { return b }
        return nil
    }
}
