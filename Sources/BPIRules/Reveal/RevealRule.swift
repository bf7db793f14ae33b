import BPIThreshold

/// When a final height's decryption key is revealed (docs/SPEC.md §16.4): from at least
/// `threshold` (f + 1) key shares that each verify against their participant's public share,
/// combined by Lagrange interpolation at 0. Fewer shares — at most f of them from faulty
/// validators before an honest one reveals after finality — reveal nothing. One rule for the
/// frame ledger (what every validator applies) and the simulator (what `bpi simulate` checks).
public enum RevealRule {
    /// The decryption key of `identity` from the shares gathered so far, or nil while fewer than
    /// `epochKey.threshold` of them verify (the key is then simply not revealed yet; shares that
    /// do not verify never count).
    public static func key(
        from shares: [DecryptionKeyShare], epochKey: EpochPublicKey, identity: EncryptionIdentity
    ) -> DecryptionKey? {
        key(from: shares, epochKey: epochKey, identity: identity, bugs: [])
    }

    /// The same, with known-wrong rules re-introduced for the simulator (`bpi simulate --inject-bug`).
    @_spi(Simulation)
    public static func key(
        from shares: [DecryptionKeyShare], epochKey: EpochPublicKey, identity: EncryptionIdentity, bugs: InjectedBugs
    ) -> DecryptionKey? {
        if bugs.contains(.singleShareReveal), let first = shares.first {
            // The bug: one participant's share s_j·H(id) taken as the key s·H(id).
            return DecryptionKey(point: first.point)
        }
        do {
            return try epochKey.combine(shares, for: identity)
        } catch {
            // Too few valid shares (or none): not revealed yet. Nothing is lost; more shares come
            // with later blocks.
            return nil
        }
    }
}
