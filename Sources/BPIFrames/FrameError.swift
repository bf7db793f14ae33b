import BPIHash

/// The names `FrameError.reason` takes (the label values of `bpi_frames_refused_total`).
public enum FrameRefusal {
    /// Every reason.
    public static let reasons = [
        "unknown-service", "bad-signature", "stale-nonce", "broken-chain", "unknown-tick", "stale-tick", "oversized",
        "bad-registration", "bad-receipt", "bad-agreement", "bad-da-commit", "bad-da-challenge", "bad-da-response", "bad-keygen",
        "bad-key-share", "bad-encrypted", "bad-inclusion-list", "bad-epoch-key", "missed-inclusion", "malformed",
    ]
}

/// Why a frame is refused (docs/SPEC.md §12.1): on entry (HTTP 4xx with this reason, counted in
/// `/metrics` under `reason`), or inside a block (the block is invalid).
public enum FrameError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The sending service is not in the directory (and the frame is not its first registration).
    case unknownService(Hash32)
    /// The signature does not verify under the service's registered key.
    case badSignature
    /// The nonce is not above the last one finalized or pending for (src, dst).
    case staleNonce(nonce: UInt64, last: UInt64)
    /// `ncPrev` is not the sender's current nonce-chain value: a gap, fork or reordering.
    case brokenChain(expected: Hash32)
    /// The tick reference names no finalized tick, or one that does not match.
    case unknownTick(String)
    /// The tick reference is older than the window allows.
    case staleTick(height: UInt64, oldest: UInt64)
    /// The frame is larger than the limits allow.
    case oversized(Int)
    /// A registration is malformed, out of sequence, or not signed by the keys it must be.
    case badRegistration(String)
    /// A receipt frame is malformed, not signed by its sender as executor, of a runtime or size the
    /// chain does not take, or does not replay from its witness.
    case badReceipt(String)
    /// An agreement frame is malformed, not to its sender, or its policies do not load.
    case badAgreement(String)
    /// A da-commit frame is malformed, not to its sender, or commits an empty object.
    case badDACommit(String)
    /// A da-challenge frame is malformed, names no committed shard, is not to its storer, or the
    /// shard already has an open challenge.
    case badDAChallenge(String)
    /// A da-response frame answers no open challenge, is late, misaddressed, or its shard does
    /// not check against the object's root.
    case badDAResponse(String)
    /// A keygen frame is malformed, outside its phase, not from the participant it names, or
    /// refused by the key generation's transcript (docs/SPEC.md §16.5).
    case badKeyGen(String)
    /// A key-share frame is for a height not final or not waiting, from another validator than
    /// the participant it names, a repeat, or does not verify.
    case badKeyShare(String)
    /// An encrypted frame targets a final height, one too far ahead, or one no epoch key serves.
    case badEncrypted(String)
    /// An inclusion-list frame breaks the list rules (§17.1).
    case badInclusionList(String)
    /// An epoch-key frame is not the decided key of its key epoch, not from a participant of that
    /// key's committee, or a repeat of that participant's (docs/SPEC.md §16.5).
    case badEpochKey(String)
    /// A set-change vote is not from the base-set validator it names, is cast in another set,
    /// proposes a set that cannot serve, or comes while a change is scheduled (docs/SPEC.md §19).
    case badSetChange(String)
    /// The block leaves out a frame the previous block's lists name, with no reject ground (§17.2).
    case missedInclusion(Hash32)
    /// The bytes are not one canonical frame.
    case malformed(String)

    /// A short name for metrics and JSON (`reason`).
    public var reason: String {
        switch self {
        case .unknownService: return "unknown-service"
        case .badSignature: return "bad-signature"
        case .staleNonce: return "stale-nonce"
        case .brokenChain: return "broken-chain"
        case .unknownTick: return "unknown-tick"
        case .staleTick: return "stale-tick"
        case .oversized: return "oversized"
        case .badRegistration: return "bad-registration"
        case .badReceipt: return "bad-receipt"
        case .badAgreement: return "bad-agreement"
        case .badDACommit: return "bad-da-commit"
        case .badDAChallenge: return "bad-da-challenge"
        case .badDAResponse: return "bad-da-response"
        case .badKeyGen: return "bad-keygen"
        case .badKeyShare: return "bad-key-share"
        case .badEncrypted: return "bad-encrypted"
        case .badInclusionList: return "bad-inclusion-list"
        case .badEpochKey: return "bad-epoch-key"
        case .badSetChange: return "bad-set-change"
        case .missedInclusion: return "missed-inclusion"
        case .malformed: return "malformed"
        }
    }

    /// A message a user can act on.
    public var description: String {
        switch self {
        case .unknownService(let id): return "service \(id) is not registered (register it first: bpi service register)"
        case .badSignature: return "the frame's signature does not verify under the sending service's registered key"
        case .staleNonce(let n, let last):
            return
                "nonce \(n) is not above \(last), the last one finalized or pending for this source and destination (a replay?)"
        case .brokenChain(let expected):
            return "ncPrev does not continue the sender's nonce chain (expected \(expected)): a gap, fork or reordering"
        case .unknownTick(let why): return "the frame's tick reference is not a finalized tick: \(why)"
        case .staleTick(let h, let oldest):
            return "the frame's tick is at height \(h), older than the window allows (oldest \(oldest))"
        case .oversized(let n): return "the frame is \(n) bytes, over the limit"
        case .badRegistration(let why): return "registration refused: \(why)"
        case .badReceipt(let why): return "receipt refused: \(why)"
        case .badAgreement(let why): return "agreement refused: \(why)"
        case .badDACommit(let why): return "data-availability commitment refused: \(why)"
        case .badDAChallenge(let why): return "data-availability challenge refused: \(why)"
        case .badDAResponse(let why): return "data-availability response refused: \(why)"
        case .badKeyGen(let why): return "key-generation message refused: \(why)"
        case .badKeyShare(let why): return "key share refused: \(why)"
        case .badEncrypted(let why): return "encrypted frame refused: \(why)"
        case .badInclusionList(let why): return "inclusion list refused: \(why)"
        case .badEpochKey(let why): return "epoch-key frame refused: \(why)"
        case .badSetChange(let why): return "set-change vote refused: \(why)"
        case .missedInclusion(let id):
            return
                "the block leaves out listed frame \(id), which is valid at the end of the block (carry it or name a reject ground)"
        case .malformed(let why): return "not a canonical frame: \(why)"
        }
    }
}
