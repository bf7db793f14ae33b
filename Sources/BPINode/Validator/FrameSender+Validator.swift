import BPICrypto
import BPIFrames
import BPIHash
import BPITypes

extension FrameSender {
    /// The sender of a validator's own service (`spiffe://validator.bpi/<identity key>`), which
    /// carries its threshold frames, inclusion lists and set-change votes, continuing its nonce
    /// chain and nonce in `pending` (the ledger with the pending frames recorded). Nil only when
    /// the identity key cannot form a service identity.
    static func validator(_ identity: Ed25519PrivateKey, pending: FrameLedger) -> FrameSender? {
        let name = ServiceName.validator(identityKey: identity.publicKey.bytes)
        let id = name.id
        guard
            let service = try? ServiceIdentity(
                name: name, signingSeed: identity.seed.bytes, sessionSecret: identity.x25519PrivateKey.bytes)
        else { return nil }
        return FrameSender(
            identity: service, chain: pending.chainValue(of: id),
            nonces: [id: pending.lastNonce(FramePair(source: id, destination: id))])
    }
}
