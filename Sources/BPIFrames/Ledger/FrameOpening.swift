import BPIHash
import BPIThreshold

/// What became of an encrypted frame once its height's key was revealed (docs/SPEC.md §16.5).
public enum FrameOpening: Sendable, Equatable {
    /// It opened: the plaintext, delivered to the frame's destination.
    case opened([UInt8])
    /// It did not open under the revealed key (a malformed or mis-addressed ciphertext): marked so
    /// in the chain, deterministically, never retried.
    case undecryptable

    /// What the encrypted frame whose header hash is `frameHeaderHash` (the associated data, so a
    /// ciphertext copied into another frame opens as nothing) opens to under `key`. The one
    /// opening rule of the frame ledger and the simulator.
    public static func of(
        _ payload: EncryptedPayload, frameHeaderHash: Hash32, key: DecryptionKey, chainID: String
    ) -> FrameOpening {
        do {
            return .opened(
                try IdentityKEM.open(
                    payload.ciphertext, with: key, identity: payload.identity(chainID: chainID),
                    associatedData: frameHeaderHash.bytes))
        } catch {
            // A wrong key, identity, associated data or altered bytes: the frame is undecryptable
            // under the revealed key for good (the key of a height never changes).
            return .undecryptable
        }
    }
}
