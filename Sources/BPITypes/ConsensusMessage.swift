import BPICodec
import BPICrypto
import BPIHash

/// The IBFT message kinds.
public enum MessageKind: UInt64, Sendable, CaseIterable {
    /// The proposer's proposal: carries the header (and, past round 0, a round-change justification).
    case prePrepare = 0
    /// A validator accepts the proposal.
    case prepare = 1
    /// A validator commits: carries its BLS signature over the commit message.
    case commit = 2
    /// A validator moves to a new round, carrying its prepared value and certificate, if any.
    case roundChange = 3
}

/// A signed IBFT message (docs/SPEC.md §7.3). The Ed25519 signature covers
/// `0x11 ‖ canonical([chainID, kind, height, round, sender, value, payload])`, so a message cannot
/// be replayed on another chain, height, round or as another kind.
public struct ConsensusMessage: Sendable, Equatable {
    /// Format version (1).
    public var version: UInt64 = 1
    /// The message kind.
    public var kind: MessageKind
    /// Chain id.
    public var chainID: String
    /// Height being decided.
    public var height: UInt64
    /// Round.
    public var round: UInt64
    /// Index of the sender in the validator set.
    public var sender: UInt64
    /// The header hash the message is about (for a round change: the prepared value, or zero).
    public var value: Hash32
    /// Kind-specific payload: the header (pre-prepare), the BLS commit signature (commit), the
    /// prepared round and prepare certificate (round change); empty for prepare.
    public var payload: [UInt8]
    /// Ed25519 signature (64 bytes).
    public var signature: [UInt8]

    /// Creates and signs a message.
    public init(
        kind: MessageKind, chainID: String, height: UInt64, round: UInt64, sender: UInt64, value: Hash32, payload: [UInt8],
        signer: Ed25519PrivateKey
    ) {
        self.kind = kind
        self.chainID = chainID
        self.height = height
        self.round = round
        self.sender = sender
        self.value = value
        self.payload = payload
        signature = []
        signature = signer.sign(signedBytes)
    }

    /// What the sender's Ed25519 key signs.
    public var signedBytes: [UInt8] {
        let body = CBOR.array([
            .text(chainID), .unsigned(kind.rawValue), .unsigned(height), .unsigned(round), .unsigned(sender), .bytes(value.bytes),
            .bytes(payload),
        ])
        return [DomainTag.consensusMessage.rawValue] + ((try? CBOREncoder.encode(body)) ?? [])
    }

    /// Whether `key` signed this message.
    public func isSigned(by key: Ed25519PublicKey) -> Bool { key.isValidSignature(signature, for: signedBytes) }
}

extension ConsensusMessage: CBORCodable {
    /// `[version, kind, chainID, height, round, sender, value, payload, signature]`.
    public var cborFields: [CBOR] {
        [
            .unsigned(version), .unsigned(kind.rawValue), .text(chainID), .unsigned(height), .unsigned(round), .unsigned(sender),
            .bytes(value.bytes), .bytes(payload), .bytes(signature),
        ]
    }

    /// Decodes and checks the version, kind and lengths (payload at most 1 MiB).
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        version = try f.nextUInt("version")
        guard version == 1 else { throw .schema("ConsensusMessage.version: unsupported version \(version)") }
        let raw = try f.nextUInt("kind")
        guard let k = MessageKind(rawValue: raw) else { throw .schema("ConsensusMessage.kind: unknown kind \(raw)") }
        kind = k
        chainID = try f.nextText("chainID")
        height = try f.nextUInt("height")
        round = try f.nextUInt("round")
        sender = try f.nextUInt("sender")
        value = Hash32(try f.nextBytes("value", count: 32))!
        payload = try f.nextBytes("payload")
        guard payload.count <= 1 << 20 else { throw .schema("ConsensusMessage.payload: larger than 1 MiB") }
        signature = try f.nextBytes("signature", count: 64)
    }
}
