import BPICodec
import BPIHash
import BPITypes

/// The payload of a `set-change` frame (docs/SPEC.md §19): validator `voter` of the set with hash
/// `baseSetHash` votes for `nextSet` to replace it. Votes of more than two thirds of the base
/// set's power for one set schedule the change at the next key-epoch start (`SetChangeLedger`).
public struct SetChangeVote: Sendable, Equatable {
    /// The hash of the set the vote is cast in (the set signing the block that carries it): a
    /// vote cannot be replayed into a later set.
    public var baseSetHash: Hash32
    /// The voter's index in the base set (its frame is signed by that validator's identity key).
    public var voter: UInt32
    /// The proposed set.
    public var nextSet: ValidatorSet

    /// Creates a vote.
    public init(baseSetHash: Hash32, voter: UInt32, nextSet: ValidatorSet) {
        self.baseSetHash = baseSetHash
        self.voter = voter
        self.nextSet = nextSet
    }
}

extension SetChangeVote: CBORCodable {
    /// `[1, baseSetHash(32), voter, nextSet]`.
    public var cborFields: [CBOR] {
        [.unsigned(1), .bytes(baseSetHash.bytes), .unsigned(UInt64(voter)), nextSet.cbor]
    }

    /// Decodes (the set's shape only: keys and proofs are checked by the frame rules).
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        guard try f.nextUInt("version") == 1 else { throw .schema("SetChangeVote.version: only version 1 is defined") }
        baseSetHash = Hash32(try f.nextBytes("baseSetHash", count: 32))!
        let v = try f.nextUInt("voter")
        guard v <= UInt64(UInt32.max) else { throw .schema("SetChangeVote.voter: above 2^32 - 1") }
        voter = UInt32(v)
        nextSet = try f.next("nextSet", as: ValidatorSet.self)
    }
}
