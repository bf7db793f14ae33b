/// Why a light client refused a header; each kind has its own exit status in `lc-verify`.
public enum LightClientError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Wrong chain id, version or a height that does not follow.
    case badSequence(height: UInt64, String)
    /// `prevHash` is not the previous header's hash.
    case badPrevHash(height: UInt64)
    /// The commit is for another header (the header was altered after signing) or another height/round.
    case tamperedHeader(height: UInt64)
    /// The signers hold 2/3 of the power or less.
    case belowQuorum(height: UInt64, signed: UInt64, total: UInt64)
    /// The signer bitmap has the wrong length or stray bits.
    case badBitmap(height: UInt64, String)
    /// The aggregate signature does not verify over the flagged keys.
    case badSignature(height: UInt64)
    /// `validatorSetHash` is not the hash of the set the client trusts for this height.
    case badSetHash(height: UInt64)
    /// The proposer is not the one the seed chain selects, or its VRF proof does not verify.
    case wrongProposer(height: UInt64, String)
    /// A validator-set change is malformed: the carried set does not hash to `nextValidatorSetHash`,
    /// is missing, or has an invalid key or proof of possession.
    case badRotation(height: UInt64, String)
    /// The evidence list does not match `evidenceRoot`, or an item is not valid evidence.
    case badEvidence(height: UInt64, String)
    /// The frame ids carried with the header do not hash to `framesRoot`.
    case badFrameRoot(height: UInt64)
    /// The Proof-of-History tick list does not hash to `pohRoot`, does not replay from the seed,
    /// has the wrong clock ticks, or mixes in other events than the block's frames.
    case badPoHTick(height: UInt64, String)
    /// The tick list mixes in the block's frames in another order than the block's.
    case pohReordered(height: UInt64)
    /// Frame `frame` of the block does not continue its sender's nonce chain: a gap, fork or reordering.
    case ncGap(height: UInt64, frame: Int)
    /// The header at an anchored height is not the one a confirmed L1 anchor names (another hash,
    /// or another validator set): this chain contradicts the anchored history (§18.7).
    case contradictsAnchor(height: UInt64, String)

    /// The height the failure is at.
    public var height: UInt64 {
        switch self {
        case .badSequence(let h, _), .badPrevHash(let h), .tamperedHeader(let h), .belowQuorum(let h, _, _), .badBitmap(let h, _),
            .badSignature(let h), .badSetHash(let h), .wrongProposer(let h, _), .badRotation(let h, _), .badEvidence(let h, _),
            .badFrameRoot(let h), .badPoHTick(let h, _), .pohReordered(let h), .ncGap(let h, _),
            .contradictsAnchor(let h, _):
            return h
        }
    }

    /// A short machine-readable name (the `--fault` names of `bpi testchain generate`).
    public var kind: String {
        switch self {
        case .badSequence: return "bad-sequence"
        case .badPrevHash: return "bad-prev-hash"
        case .tamperedHeader: return "tampered-header"
        case .belowQuorum: return "below-quorum"
        case .badBitmap: return "bad-bitmap"
        case .badSignature: return "bad-signature"
        case .badSetHash: return "bad-set-hash"
        case .wrongProposer: return "wrong-proposer"
        case .badRotation: return "bad-rotation"
        case .badEvidence: return "bad-evidence"
        case .badFrameRoot: return "bad-frame-root"
        case .badPoHTick: return "bad-poh-tick"
        case .pohReordered: return "poh-reordered"
        case .ncGap: return "nc-gap"
        case .contradictsAnchor: return "contradicts-anchor"
        }
    }

    /// `lc-verify`'s exit status for this kind (docs/CLI.md).
    public var exitCode: Int32 {
        switch self {
        case .badSequence: return 10
        case .badPrevHash: return 11
        case .tamperedHeader: return 12
        case .belowQuorum: return 13
        case .badBitmap: return 14
        case .badSignature: return 15
        case .badSetHash: return 16
        case .wrongProposer: return 17
        case .badRotation: return 18
        case .badEvidence: return 19
        case .badFrameRoot: return 20
        case .badPoHTick: return 21
        case .pohReordered: return 22
        case .ncGap: return 23
        case .contradictsAnchor: return 24
        }
    }

    /// A message naming the height.
    public var description: String {
        switch self {
        case .badSequence(let h, let why): return "height \(h): \(why)"
        case .badPrevHash(let h): return "height \(h): prev_hash is not the hash of header \(h - 1)"
        case .tamperedHeader(let h):
            return "height \(h): the commit is not for this header (header altered, or commit for another height/round)"
        case .belowQuorum(let h, let s, let t): return "height \(h): signers hold \(s) of \(t) voting power, not more than 2/3"
        case .badBitmap(let h, let why): return "height \(h): \(why)"
        case .badSignature(let h): return "height \(h): the aggregate BLS signature does not verify over the flagged keys"
        case .badSetHash(let h): return "height \(h): validator_set_hash is not the hash of the trusted validator set"
        case .wrongProposer(let h, let why): return "height \(h): \(why)"
        case .badRotation(let h, let why): return "height \(h): \(why)"
        case .badEvidence(let h, let why): return "height \(h): \(why)"
        case .badFrameRoot(let h): return "height \(h): the frame ids carried with the header do not hash to frames_root"
        case .badPoHTick(let h, let why): return "height \(h): proof of history: \(why)"
        case .pohReordered(let h):
            return "height \(h): proof of history: the ticks mix in the block's frames in another order than the block's"
        case .ncGap(let h, let i):
            return "height \(h): frame \(i) does not continue its sender's nonce chain (a gap, fork or reordering of its frames)"
        case .contradictsAnchor(let h, let why): return "height \(h): contradicts a confirmed anchor: \(why)"
        }
    }
}
