import BPICodec
import BPICrypto
import BPIHash

/// A BPCI frame (docs/SPEC.md §12): `[version, src, dst, nonce, ncPrev, pohTickRef, kind,
/// sealedPayload, signature]`. The sender's Ed25519 key signs `0x33 ‖ H(0x32 ‖ header) ‖
/// H(0x34 ‖ sealedPayload)`; a data payload is sealed with the header as associated data, so no
/// header field can be changed, or the payload moved to another frame, without detection.
public struct Frame: Sendable, Equatable, Hashable {
    /// Every field but the payload and signature.
    public let header: FrameHeader
    /// The payload: sealed for data frames, in the clear for registrations and handshakes.
    public let sealedPayload: [UInt8]
    /// The sender's Ed25519 signature.
    public let signature: [UInt8]
    /// `H(0x32 ‖ canonical header)`, computed once (every check uses it).
    public let headerHash: Hash32
    /// `H(0x34 ‖ sealedPayload)`, computed once.
    public let payloadHash: Hash32
    /// The frame's id: its envelope's Merkle leaf hash (its leaf under `framesRoot`), computed once.
    public let id: Hash32

    /// Largest sealed payload (66 KiB): 64 KiB of data, or a da-response's 64 KiB shard with its
    /// header and proof.
    public static let maxPayloadBytes = 66 << 10
    /// Largest canonical frame: the payload and at most 256 bytes of header and signature.
    public static let maxBytes = maxPayloadBytes + 256

    /// A frame.
    public init(header: FrameHeader, sealedPayload: [UInt8], signature: [UInt8]) {
        self.header = header
        self.sealedPayload = sealedPayload
        self.signature = signature
        headerHash = header.hash
        payloadHash = HashAlgorithm.blake3.hash(sealedPayload, tag: .framePayload)
        id = FrameEnvelope(header: header, payloadHash: payloadHash, signature: signature).id
    }

    /// Builds and signs a frame.
    public init(header: FrameHeader, sealedPayload: [UInt8], signer: Ed25519PrivateKey) {
        let payloadHash = HashAlgorithm.blake3.hash(sealedPayload, tag: .framePayload)
        let signature = signer.sign(Self.signedMessage(headerHash: header.hash, payloadHash: payloadHash))
        self.init(header: header, sealedPayload: sealedPayload, signature: signature)
    }

    /// What the sender signs: `0x33 ‖ headerHash ‖ payloadHash`.
    public var signedMessage: [UInt8] { Self.signedMessage(headerHash: headerHash, payloadHash: payloadHash) }

    /// `0x33 ‖ headerHash ‖ payloadHash`.
    public static func signedMessage(headerHash: Hash32, payloadHash: Hash32) -> [UInt8] {
        [DomainTag.frameSignature.rawValue] + headerHash.bytes + payloadHash.bytes
    }

    /// Whether `key` signed this frame.
    public func isSigned(by key: Ed25519PublicKey) -> Bool { key.isValidSignature(signature, for: signedMessage) }

    /// The frame with its payload replaced by its hash: what blocks commit to and light clients see.
    public var envelope: FrameEnvelope { FrameEnvelope(header: header, payloadHash: payloadHash, signature: signature) }

}

extension Frame: CBORCodable {
    /// `[version, src, dst, nonce, ncPrev, pohTickRef, kind, sealedPayload, signature]`.
    public var cborFields: [CBOR] { header.fields + [.bytes(sealedPayload), .bytes(signature)] }

    /// Decodes a frame, bounding its payload.
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        let header = try FrameHeader(fields: &f)
        let sealedPayload = try f.nextBytes("sealedPayload")
        guard sealedPayload.count <= Self.maxPayloadBytes else {
            throw .schema("Frame.sealedPayload: \(sealedPayload.count) bytes, more than \(Self.maxPayloadBytes)")
        }
        self.init(header: header, sealedPayload: sealedPayload, signature: try f.nextBytes("signature", count: 64))
    }
}

/// A frame with its payload replaced by the payload's hash (docs/SPEC.md §12): `framesRoot` is
/// the Merkle root over the canonical envelopes of a block's frames, and chain entries carry the
/// envelopes, so a light client checks a block's frames, their order and their nonce chains
/// without the payloads.
public struct FrameEnvelope: Sendable, Equatable, Hashable {
    public var header: FrameHeader
    public var payloadHash: Hash32
    public var signature: [UInt8]

    /// An envelope.
    public init(header: FrameHeader, payloadHash: Hash32, signature: [UInt8]) {
        self.header = header
        self.payloadHash = payloadHash
        self.signature = signature
    }

    /// `Merkle.leafHash(canonical envelope)`: the frame's id.
    public var id: Hash32 { Merkle.leafHash(canonicalBytes()) }

    /// Whether `key` signed the frame.
    public func isSigned(by key: Ed25519PublicKey) -> Bool {
        key.isValidSignature(signature, for: Frame.signedMessage(headerHash: header.hash, payloadHash: payloadHash))
    }
}

extension FrameEnvelope: CBORCodable {
    /// `[version, src, dst, nonce, ncPrev, pohTickRef, kind, payloadHash, signature]`.
    public var cborFields: [CBOR] { header.fields + [.bytes(payloadHash.bytes), .bytes(signature)] }

    /// Decodes an envelope.
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        header = try FrameHeader(fields: &f)
        payloadHash = Hash32(try f.nextBytes("payloadHash", count: 32))!
        signature = try f.nextBytes("signature", count: 64)
    }
}
