import BPIHash

/// What became of an encrypted frame once its height's key was revealed (docs/SPEC.md §16.5).
public enum FrameOpening: Sendable, Equatable {
    /// It opened: the plaintext, delivered to the frame's destination.
    case opened([UInt8])
    /// It did not open under the revealed key (a malformed or mis-addressed ciphertext): marked so
    /// in the chain, deterministically, never retried.
    case undecryptable
}
