import BPIBLS
import BPICodec

/// One validator as the set commits to it (docs/SPEC.md §7.1).
public struct ValidatorInfo: Sendable, Equatable {
    /// Ed25519 identity key (signs consensus messages).
    public var identityKey: [UInt8]
    /// BLS12-381 public key (96 bytes; signs commits).
    public var blsKey: [UInt8]
    /// BLS proof of possession of `blsKey` (48 bytes).
    public var blsProofOfPossession: [UInt8]
    /// ECVRF-EDWARDS25519 public key (proposer randomness).
    public var vrfKey: [UInt8]
    /// Voting power (> 0).
    public var votingPower: UInt64
    /// Free-form metadata (a name, a URL).
    public var metadata: String

    /// Creates a validator entry.
    public init(
        identityKey: [UInt8], blsKey: [UInt8], blsProofOfPossession: [UInt8], vrfKey: [UInt8], votingPower: UInt64,
        metadata: String
    ) {
        self.identityKey = identityKey
        self.blsKey = blsKey
        self.blsProofOfPossession = blsProofOfPossession
        self.vrfKey = vrfKey
        self.votingPower = votingPower
        self.metadata = metadata
    }
}

extension ValidatorInfo {
    /// The BLS key, if it passes KeyValidate and its proof of possession verifies (nil otherwise).
    public func validatedBLSKey() -> BLSPublicKey? {
        guard let pk = try? BLSPublicKey(compressed: blsKey), let pop = try? BLSSignature(compressed: blsProofOfPossession),
            BLS.verifyProofOfPossession(publicKey: pk, proof: pop)
        else { return nil }
        return pk
    }
}

extension ValidatorInfo: CBORCodable {
    /// `[identityKey(32), blsKey(96), blsPop(48), vrfKey(32), votingPower, metadata]`.
    public var cborFields: [CBOR] {
        [
            .bytes(identityKey), .bytes(blsKey), .bytes(blsProofOfPossession), .bytes(vrfKey), .unsigned(votingPower),
            .text(metadata),
        ]
    }

    /// Decodes and checks lengths and a positive power.
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        identityKey = try f.nextBytes("identityKey", count: 32)
        blsKey = try f.nextBytes("blsKey", count: 96)
        blsProofOfPossession = try f.nextBytes("blsProofOfPossession", count: 48)
        vrfKey = try f.nextBytes("vrfKey", count: 32)
        votingPower = try f.nextUInt("votingPower")
        guard votingPower > 0 else { throw .schema("ValidatorInfo.votingPower: must be positive") }
        metadata = try f.nextText("metadata")
    }
}
