import BPICodec
import BPICrypto
import BPIHash

/// A validator's signed promise to anchor its mesh to one L1 (docs/SPEC.md §18.11): every
/// `every`-th finalized header from `fromHeight` on, posted from the L1 account `poster` to the
/// anchor contract `contract` on L1 chain `l1ChainID`, in an L1 block whose timestamp is at most
/// `deadlineSeconds` after the header's; only anchors in L1 blocks from `l1FromBlock` on count.
/// Anchoring is otherwise a validator's own choice: the pledge is what makes a late or absent
/// anchor a fault a third party can prove (`MissedAnchorEvidence`).
public struct AnchorPledge: Sendable, Equatable {
    /// The mesh.
    public var chainID: String
    /// The pledging validator's identity key (Ed25519, 32 bytes); it signs the pledge.
    public var validator: [UInt8]
    /// The L1's chain id (EIP-155).
    public var l1ChainID: UInt64
    /// The anchor contract's address (20 bytes).
    public var contract: [UInt8]
    /// The L1 account that posts (20 bytes).
    public var poster: [UInt8]
    /// Anchor every `every`-th height (≥ 1).
    public var every: UInt64
    /// The first height the pledge covers.
    public var fromHeight: UInt64
    /// How long after a header's timestamp its anchor may land (1 s … 1 day).
    public var deadlineSeconds: UInt64
    /// The first L1 block whose anchors count.
    public var l1FromBlock: UInt64
    /// Ed25519 over `0x19 ‖ canonical [chainID, validator, l1ChainID, contract, poster, every,
    /// fromHeight, deadlineSeconds, l1FromBlock]`.
    public var signature: [UInt8]

    /// The longest deadline a pledge may name.
    public static let maxDeadlineSeconds: UInt64 = 86_400

    /// Creates a pledge signed by `signer` (whose public key becomes `validator`).
    public init(
        chainID: String, l1ChainID: UInt64, contract: [UInt8], poster: [UInt8], every: UInt64, fromHeight: UInt64,
        deadlineSeconds: UInt64, l1FromBlock: UInt64, signer: Ed25519PrivateKey
    ) {
        self.chainID = chainID
        validator = signer.publicKey.bytes
        self.l1ChainID = l1ChainID
        self.contract = contract
        self.poster = poster
        self.every = every
        self.fromHeight = fromHeight
        self.deadlineSeconds = deadlineSeconds
        self.l1FromBlock = l1FromBlock
        signature = []
        signature = signer.sign(signedMessage)
    }

    /// What the validator signs.
    public var signedMessage: [UInt8] {
        let body: [CBOR] = [
            .text(chainID), .bytes(validator), .unsigned(l1ChainID), .bytes(contract), .bytes(poster), .unsigned(every),
            .unsigned(fromHeight), .unsigned(deadlineSeconds), .unsigned(l1FromBlock),
        ]
        return [DomainTag.anchorPledge.rawValue] + ((try? CBOREncoder.encode(.array(body))) ?? [])
    }

    /// Whether the validator's identity key signed it.
    public var isSigned: Bool {
        guard let key = try? Ed25519PublicKey(bytes: validator) else { return false }
        return signature.count == 64 && key.isValidSignature(signature, for: signedMessage)
    }

    /// Whether the pledge obliges an anchor of `height`.
    public func covers(_ height: UInt64) -> Bool { height >= fromHeight && height > 0 && height % every == 0 }

    /// The latest L1 timestamp (seconds) an anchor of a header made at `timestampMilliseconds` may carry.
    public func deadline(headerTimestamp timestampMilliseconds: UInt64) -> UInt64 {
        timestampMilliseconds / 1000 + deadlineSeconds
    }
}

extension AnchorPledge: CBORCodable {
    /// `[1, chainID, validator, l1ChainID, contract, poster, every, fromHeight, deadlineSeconds, l1FromBlock, signature]`.
    public var cborFields: [CBOR] {
        [
            .unsigned(1), .text(chainID), .bytes(validator), .unsigned(l1ChainID), .bytes(contract), .bytes(poster),
            .unsigned(every), .unsigned(fromHeight), .unsigned(deadlineSeconds), .unsigned(l1FromBlock), .bytes(signature),
        ]
    }

    /// Decodes; refuses wrong lengths, `every` 0 and a deadline outside 1 s … 1 day.
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        guard try f.nextUInt("version") == 1 else { throw .schema("AnchorPledge.version: only version 1 is defined") }
        chainID = try f.nextText("chainID")
        validator = try f.nextBytes("validator", count: 32)
        l1ChainID = try f.nextUInt("l1ChainID")
        contract = try f.nextBytes("contract", count: 20)
        poster = try f.nextBytes("poster", count: 20)
        every = try f.nextUInt("every")
        fromHeight = try f.nextUInt("fromHeight")
        deadlineSeconds = try f.nextUInt("deadlineSeconds")
        l1FromBlock = try f.nextUInt("l1FromBlock")
        signature = try f.nextBytes("signature", count: 64)
        guard every >= 1 else { throw .schema("AnchorPledge.every: at least 1") }
        guard (1...Self.maxDeadlineSeconds).contains(deadlineSeconds) else {
            throw .schema("AnchorPledge.deadlineSeconds: 1…\(Self.maxDeadlineSeconds)")
        }
    }
}
