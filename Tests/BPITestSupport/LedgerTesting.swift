import BPICrypto
import BPIFrames
import BPIPoH
import BPITypes

extension FrameLedger {
    /// Why the rules refuse `frame` for the block at `height`, or nil when they take it (ledger tests).
    public func refusal(of frame: Frame, ticks: TickWindow, height: UInt64, context: ThresholdContext?) -> FrameError? {
        do {
            try check(frame, ticks: ticks, for: height, context: context)
            return nil
        } catch {
            return error
        }
    }
}

extension FrameSender {
    /// The sender of validator `key`'s own service (`spiffe://validator.bpi/<identity key>`), as a
    /// validator's node forms it, with a fresh session key (ledger tests).
    public static func validatorService(_ key: Ed25519PrivateKey) throws -> FrameSender {
        FrameSender(
            identity: try ServiceIdentity(
                name: ServiceName.validator(identityKey: key.publicKey.bytes), signingSeed: key.seed.bytes,
                sessionSecret: X25519.generate().privateKey.bytes))
    }
}
