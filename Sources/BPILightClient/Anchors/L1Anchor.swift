import BPIHash

/// A header hash confirmed on an external chain (docs/SPEC.md §18.7): at `height` of the mesh,
/// the header is `headerHash`, signed by the set with hash `validatorSetHash`. The light client
/// trusts it because the user does — it came from posters they trust, at a depth they chose —
/// and refuses any chain that contradicts it, however well its commits verify.
public struct L1Anchor: Sendable, Equatable, Hashable {
    /// The mesh height anchored.
    public let height: UInt64
    /// The hash of the header at that height.
    public let headerHash: Hash32
    /// The hash of the validator set that signed it.
    public let validatorSetHash: Hash32
    /// Where it was confirmed, for messages: the L1, its block and transaction, the poster.
    public let source: String

    /// Creates an anchor.
    public init(height: UInt64, headerHash: Hash32, validatorSetHash: Hash32, source: String) {
        self.height = height
        self.headerHash = headerHash
        self.validatorSetHash = validatorSetHash
        self.source = source
    }

    /// Why `header` (with hash `hash`) contradicts this anchor, or nil when it matches.
    public func contradiction(height h: UInt64, hash: Hash32, validatorSetHash setHash: Hash32) -> String? {
        guard h == height else { return nil }
        if hash != headerHash {
            return "the header's hash is \(hash.hex) but \(source) anchored \(headerHash.hex)"
        }
        if setHash != validatorSetHash {
            return "the header's validator_set_hash is \(setHash.hex) but \(source) anchored \(validatorSetHash.hex)"
        }
        return nil
    }
}
