import BPITypes

/// Where the registry reads the finalized chain (a validator's API in `bpi registry serve`; a
/// local store in tests). Nothing it answers is trusted: every entry is verified as a light client
/// and every block's frames against its verified header.
public protocol ChainSource: Sendable {
    /// The newest finalized height.
    func latestHeight() async throws -> UInt64
    /// The entries (header, commit, frame envelopes…) from `from` through `to`.
    func entries(from: UInt64, to: UInt64) async throws -> [ChainEntry]
    /// The frames of block `height`, in block order.
    func frames(at height: UInt64) async throws -> [Frame]
}
