import BPICodec
import BPIHash

/// A key rotation (docs/SPEC.md §5.2): the old key names its successor and both keys sign
/// `0x21 ‖ canonical([version, oldKey, newKey, sequence])`. A verifier that trusts the old key
/// can move to the new one without trusting anything else; `sequence` only grows, so an old
/// statement cannot be replayed to bring back a retired key.
public struct RotationStatement: Sendable, Equatable {
    /// Format version (1).
    public var version: UInt64 = 1
    /// The key being retired.
    public var oldKey: [UInt8]
    /// Its successor.
    public var newKey: [UInt8]
    /// 1 for the first rotation of an identity, then 2, 3, …
    public var sequence: UInt64
    /// The old key's signature.
    public var oldSignature: [UInt8]
    /// The new key's countersignature.
    public var newSignature: [UInt8]

    /// Makes and signs a statement moving from `old` to `new`.
    public init(from old: Ed25519PrivateKey, to new: Ed25519PrivateKey, sequence: UInt64) {
        oldKey = old.publicKey.bytes
        newKey = new.publicKey.bytes
        self.sequence = sequence
        oldSignature = []
        newSignature = []
        oldSignature = old.sign(signedBytes)
        newSignature = new.sign(signedBytes)
    }

    /// What both keys sign.
    public var signedBytes: [UInt8] {
        let body = CBOR.array([.unsigned(version), .bytes(oldKey), .bytes(newKey), .unsigned(sequence)])
        return [DomainTag.keyRotation.rawValue] + ((try? CBOREncoder.encode(body)) ?? [])
    }

    /// Checks both signatures; returns the new key.
    public func verify() throws(IdentityError) -> Ed25519PublicKey {
        guard sequence >= 1 else { throw .rotationRefused("sequence must be at least 1") }
        guard oldKey != newKey else { throw .rotationRefused("the new key equals the old key") }
        let old: Ed25519PublicKey
        let new: Ed25519PublicKey
        do {
            old = try Ed25519PublicKey(bytes: oldKey)
            new = try Ed25519PublicKey(bytes: newKey)
        } catch {
            throw .rotationRefused(error.description)
        }
        guard old.isValidSignature(oldSignature, for: signedBytes) else {
            throw .rotationRefused("the old key's signature does not verify")
        }
        guard new.isValidSignature(newSignature, for: signedBytes) else {
            throw .rotationRefused("the new key's countersignature does not verify")
        }
        return new
    }
}

extension RotationStatement: CBORCodable {
    /// `[version, oldKey, newKey, sequence, oldSignature, newSignature]`.
    public var cborFields: [CBOR] {
        [.unsigned(version), .bytes(oldKey), .bytes(newKey), .unsigned(sequence), .bytes(oldSignature), .bytes(newSignature)]
    }

    /// Decodes and checks field lengths.
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        version = try f.nextUInt("version")
        guard version == 1 else { throw .schema("RotationStatement.version: unsupported version \(version)") }
        oldKey = try f.nextBytes("oldKey", count: 32)
        newKey = try f.nextBytes("newKey", count: 32)
        sequence = try f.nextUInt("sequence")
        oldSignature = try f.nextBytes("oldSignature", count: 64)
        newSignature = try f.nextBytes("newSignature", count: 64)
    }
}

/// What a peer keeps about another's identity: the key it trusts now, and the one just rotated
/// away from, which stays valid until the first message under the new key arrives, so messages
/// in flight during a rotation are never rejected.
public struct RotatingVerifier: Sendable {
    /// The key messages are expected under.
    public private(set) var current: Ed25519PublicKey
    /// The retiring key, still accepted until the new key is seen in use.
    public private(set) var previous: Ed25519PublicKey?
    /// The sequence of the last accepted rotation (0 before any).
    public private(set) var sequence: UInt64

    /// Trusts `key`, whose identity has been rotated `sequence` times.
    public init(trusting key: Ed25519PublicKey, sequence: UInt64 = 0) {
        current = key
        self.sequence = sequence
    }

    /// Accepts a rotation from the current key to its successor.
    public mutating func accept(_ statement: RotationStatement) throws(IdentityError) {
        guard statement.oldKey == current.bytes else {
            throw .rotationRefused("the statement does not start from the trusted key")
        }
        guard statement.sequence == sequence + 1 else {
            throw .rotationRefused("sequence \(statement.sequence) is not the next one (\(sequence + 1))")
        }
        let new = try statement.verify()
        previous = current
        current = new
        sequence = statement.sequence
    }

    /// Whether `signature` over `message` is by the current key (or by the retiring key before the
    /// new one has been seen). A valid signature by the current key retires the previous key.
    public mutating func verify(_ message: [UInt8], signature: [UInt8]) -> Bool {
        if current.isValidSignature(signature, for: message) {
            previous = nil
            return true
        }
        return previous?.isValidSignature(signature, for: message) ?? false
    }
}
