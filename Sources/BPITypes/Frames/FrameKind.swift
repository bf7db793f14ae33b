/// What a frame carries (docs/SPEC.md §12).
public enum FrameKind: UInt64, Sendable, CaseIterable, CustomStringConvertible {
    /// A service registers or rotates its keys: the payload is a `ServiceRegistration`, in the
    /// clear, signed by the key it registers (`src == dst`).
    case registration = 1
    /// A session handshake message (Noise IK) to the destination service.
    case handshake = 2
    /// Application data sealed under the session's key for this direction.
    case data = 3
    /// A DockLock receipt with its witness log (docs/SPEC.md §13.5): the payload is a
    /// `ReceiptSubmission`, in the clear, from the executor to itself (`src == dst`).
    case receipt = 4
    /// An agreement bundle to pin (docs/SPEC.md §14.5): the payload is a canonical `AgreementBundle`,
    /// in the clear, from the publishing service to itself (`src == dst`).
    case agreement = 5
    /// An erasure-coded object committed for data availability (docs/SPEC.md §15.3): the payload is
    /// a canonical `DAObject` (parameters, object hash, shard root), in the clear, from the
    /// committing service to itself (`src == dst`). The block's `daRoot` commits to it.
    case daCommit = 6
    /// A challenge to a storer (docs/SPEC.md §15.8): the payload is a canonical `DAChallenge`
    /// naming one shard of an object the destination committed, in the clear, from any
    /// registered service (the challenger).
    case daChallenge = 7
    /// A storer's answer to a challenge (docs/SPEC.md §15.8): the payload is a canonical
    /// `DAResponse` (the shard, its header and proof), in the clear, to the challenger.
    case daResponse = 8
    /// A key-generation message (docs/SPEC.md §16.5): the payload is a canonical `KeyGenMessage`,
    /// in the clear, from a validator's service to itself (`src == dst`).
    case keygen = 9
    /// A validator's key share for a final height (docs/SPEC.md §16.5): the payload is a canonical
    /// `KeyShareMessage`, in the clear, from a validator's service to itself (`src == dst`).
    case keyShare = 10
    /// Application bytes encrypted to a height (docs/SPEC.md §16.5): the payload is a canonical
    /// `EncryptedPayload`, ordered blind, opened by every validator once the height's key is revealed.
    case encrypted = 11
    /// A validator's inclusion list (docs/SPEC.md §17.1): the payload is a canonical
    /// `InclusionList` — frames it has held pending — in the clear, from a validator's service to
    /// itself (`src == dst`); the next block must carry each listed frame or a reject ground.
    case inclusionList = 12
    /// A decided epoch key, put on the chain (docs/SPEC.md §16.5): the payload is a canonical
    /// `EpochKeyMessage`, in the clear, from a validator's service to itself (`src == dst`); the
    /// frame rules take it only when it is byte for byte the key the finalized key generation
    /// decided, so a finalized block carrying one vouches for the key (bad-key-share evidence
    /// is checked against it).
    case epochKey = 13
    /// A validator's vote for a new validator set (docs/SPEC.md §19): the payload is a canonical
    /// `SetChangeVote`, in the clear, from a validator's service to itself (`src == dst`); votes of
    /// more than two thirds of the power for one set schedule it at the next key-epoch start.
    case setChange = 14

    /// The kind's name.
    public var description: String {
        switch self {
        case .registration: return "registration"
        case .handshake: return "handshake"
        case .data: return "data"
        case .receipt: return "receipt"
        case .agreement: return "agreement"
        case .daCommit: return "da-commit"
        case .daChallenge: return "da-challenge"
        case .daResponse: return "da-response"
        case .keygen: return "keygen"
        case .keyShare: return "key-share"
        case .encrypted: return "encrypted"
        case .inclusionList: return "inclusion-list"
        case .epochKey: return "epoch-key"
        case .setChange: return "set-change"
        }
    }
}
