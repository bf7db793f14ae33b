import BPIBLS
import BPICodec
import BPITypes

/// Two valid finality certificates for different headers at one height of one mesh: a fork
/// (docs/SPEC.md §18.8). BFT finality forbids it while fewer than a third of the power lies, so
/// the validators that signed both — more than a third of the power, by quorum intersection —
/// are named by it. Minimal: the two commits and nothing else. A commit holds what its signature
/// covers (header hash, height, round) and who signed (the bitmap); the chain id and the set are
/// the verifier's own (its genesis and the headers it verified up to the height before), so the
/// headers themselves add nothing the check needs.
public struct ForkEvidence: Sendable, Equatable {
    /// The encoding's version (the first field).
    public static let version: UInt64 = 1
    /// The commit whose header hash is the smaller (bytewise): one fork, one encoding.
    public let first: Commit
    /// The other commit.
    public let second: Commit

    /// Orders two commits canonically; nil when they name the same header (no fork) or different heights.
    public init?(_ a: Commit, _ b: Commit) {
        guard a.height == b.height, a.headerHash != b.headerHash else { return nil }
        if a.headerHash.bytes.lexicographicallyPrecedes(b.headerHash.bytes) {
            first = a
            second = b
        } else {
            first = b
            second = a
        }
    }

    /// The forked height.
    public var height: UInt64 { first.height }

    /// Checks both certificates against `set` (the set the verifier trusts at `height`; its keys'
    /// proofs of possession are checked) on `chainID`, and returns the validators that signed
    /// both, lowest index first.
    public func verify(set: ValidatorSet, chainID: String) throws(ForkEvidenceError) -> [Int] {
        let keys: [BLSPublicKey]
        do {
            keys = try set.blsPublicKeys()
        } catch {
            throw .invalid("the validator set given has an invalid key: \(error)")
        }
        return try verify(set: set, keys: keys, chainID: chainID)
    }

    /// As `verify(set:chainID:)`, with the set's keys already validated.
    public func verify(set: ValidatorSet, keys: [BLSPublicKey], chainID: String) throws(ForkEvidenceError) -> [Int] {
        guard first.height == second.height else { throw .invalid("the two commits are for different heights") }
        guard first.headerHash.bytes.lexicographicallyPrecedes(second.headerHash.bytes) else {
            throw .invalid("the commits are not for two different headers in canonical order")
        }
        var signed: [[Int]] = []
        for (name, commit) in [("first", first), ("second", second)] {
            do {
                signed.append(try CommitCheck.verify(commit, chainID: chainID, set: set, keys: keys))
            } catch {
                throw .invalid("the \(name) commit is not a valid certificate of this set: \(error.description)")
            }
        }
        let both = Set(signed[0]).intersection(signed[1]).sorted()
        // Two quorums of one set always share more than a third of its power; nothing to check
        // beyond that both are quorums, which `CommitCheck` did.
        return both
    }
}

extension ForkEvidence: CBORCodable {
    /// `[version, first, second]`.
    public var cborFields: [CBOR] { [.unsigned(Self.version), first.cbor, second.cbor] }

    /// Decodes, refusing another version or commits out of canonical order.
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        let version = try f.nextUInt("version")
        guard version == Self.version else { throw .schema("ForkEvidence.version: \(version) is not \(Self.version)") }
        let a = try f.next("first", as: Commit.self)
        let b = try f.next("second", as: Commit.self)
        guard let evidence = ForkEvidence(a, b), evidence.first == a else {
            throw .schema("ForkEvidence: the commits must be at one height, for different headers, smaller header hash first")
        }
        self = evidence
    }
}
