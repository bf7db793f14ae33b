import BPIBLS
import BPICodec
import BPICrypto
import BPIHash

/// The validator set: an ordered list, committed as a Merkle map index → validator
/// (leaf = canonical `[index, validator]`), so membership has O(log N) proofs.
public struct ValidatorSet: Sendable, Equatable {
    /// The validators, by index.
    public let validators: [ValidatorInfo]
    /// Each validator's Ed25519 identity key, parsed once for the set (nil for bytes that are not
    /// a valid key: such a validator's messages never verify). Every signature check against the
    /// set — IBFT instance, round-change justification, equivocation detector, future messages,
    /// evidence — uses this list.
    public let identityKeys: [Ed25519PublicKey?]

    /// Creates a set (at least one validator; total power below 2^62 so quorum arithmetic cannot overflow).
    public init(_ validators: [ValidatorInfo]) throws(TypesError) {
        guard !validators.isEmpty else { throw .invalid("a validator set needs at least one validator") }
        var total: UInt64 = 0
        for v in validators {
            let (sum, overflow) = total.addingReportingOverflow(v.votingPower)
            guard !overflow, sum < 1 << 62, v.votingPower > 0 else {
                throw .invalid("voting powers must be positive and total below 2^62")
            }
            total = sum
        }
        self.validators = validators
        identityKeys = validators.map { try? Ed25519PublicKey(bytes: $0.identityKey) }
    }

    /// Sets are equal when their validators are (the parsed keys follow from them).
    public static func == (a: ValidatorSet, b: ValidatorSet) -> Bool { a.validators == b.validators }

    /// Number of validators.
    public var count: Int { validators.count }

    /// Sum of voting power.
    public var totalPower: UInt64 { validators.reduce(0) { $0 + $1.votingPower } }

    /// The Merkle leaf of validator `index`: canonical `[index, validator]`.
    public func leaf(_ index: Int) -> [UInt8] {
        (try? CBOREncoder.encode(.array([.unsigned(UInt64(index)), validators[index].cbor]))) ?? []
    }

    /// The set hash: the count-bound Merkle root over the leaves.
    public var hash: Hash32 { Merkle.root(leaves: validators.indices.map(leaf)) }

    /// The membership proof of validator `index`.
    public func proof(index: Int) throws(MerkleError) -> MerkleProof {
        try MerkleTree(leaves: validators.indices.map(leaf)).proof(index: index)
    }

    /// Whether `validator` is entry `proof.index` of the set with hash `setHash`.
    public static func verifyMembership(_ validator: ValidatorInfo, proof: MerkleProof, setHash: Hash32) -> Bool {
        guard let leaf = try? CBOREncoder.encode(.array([.unsigned(proof.index), validator.cbor])) else { return false }
        return proof.verify(leaf: leaf, root: setHash)
    }

    /// The BLS public keys, decoded and validated (KeyValidate), with their proofs of possession checked.
    public func blsPublicKeys() throws(TypesError) -> [BLSPublicKey] {
        // Decode every key and proof, check the proofs together (one multi-pairing); only if that
        // fails, one by one, to name the first bad validator.
        var pairs: [(publicKey: BLSPublicKey, proof: BLSSignature)] = []
        for v in validators {
            guard let pk = try? BLSPublicKey(compressed: v.blsKey),
                let pop = try? BLSSignature(compressed: v.blsProofOfPossession)
            else { break }
            pairs.append((pk, pop))
        }
        if pairs.count == validators.count && BLS.verifyProofsOfPossession(pairs) { return pairs.map(\.publicKey) }
        var keys: [BLSPublicKey] = []
        for (i, v) in validators.enumerated() {
            guard let pk = v.validatedBLSKey() else { throw .invalid("validator \(i): invalid BLS key or proof of possession") }
            keys.append(pk)
        }
        return keys
    }
}

extension ValidatorSet: CBORCodable {
    /// `[validators…]`.
    public var cborFields: [CBOR] { validators.map(\.cbor) }

    /// Decodes a non-empty list of validators.
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        var list: [ValidatorInfo] = []
        while let item = try? f.next("validator") { list.append(try ValidatorInfo(cbor: item)) }
        do {
            try self.init(list)
        } catch {
            throw .schema("ValidatorSet: \(error)")
        }
    }
}
