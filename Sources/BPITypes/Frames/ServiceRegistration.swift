import BPICodec
import BPICrypto
import BPIHash

/// A service's keys as a registration frame carries them (docs/SPEC.md §12): its Ed25519 signing
/// key and X25519 session key, with a rotation sequence (0 for the first registration). The
/// message `0x35 ‖ canonical([version, service, signingKey, sessionKey, sequence])` is signed by
/// the frame (the new signing key) and, from sequence 1 on, by the previous signing key too —
/// the rotation statement of §5.2: both keys sign.
public struct ServiceRegistration: Sendable, Equatable {
    /// Format version (1).
    public var version: UInt64 = 1
    /// The service's SPIFFE ID.
    public var service: ServiceName
    /// The Ed25519 key that signs the service's frames.
    public var signingKey: Ed25519PublicKey
    /// The X25519 static key sessions with the service are set up against.
    public var sessionKey: [UInt8]
    /// 0 for the first registration, then previous + 1 for each rotation.
    public var sequence: UInt64
    /// The previous signing key's signature over `signedMessage` (from sequence 1 on).
    public var previousSignature: [UInt8]?

    /// A registration (unsigned by the previous key).
    public init(service: ServiceName, signingKey: Ed25519PublicKey, sessionKey: [UInt8], sequence: UInt64) {
        self.service = service
        self.signingKey = signingKey
        self.sessionKey = sessionKey
        self.sequence = sequence
    }

    /// What the keys sign.
    public var signedMessage: [UInt8] {
        let body = CBOR.array([
            .unsigned(version), .text(service.uri), .bytes(signingKey.bytes), .bytes(sessionKey), .unsigned(sequence),
        ])
        // An array of integers, byte and text strings always encodes.
        return [DomainTag.serviceRegistration.rawValue] + ((try? CBOREncoder.encode(body)) ?? [])
    }
}

extension ServiceRegistration: CBORCodable {
    /// `[version, service, signingKey, sessionKey, sequence, previousSignature or null]`.
    public var cborFields: [CBOR] {
        [
            .unsigned(version), .text(service.uri), .bytes(signingKey.bytes), .bytes(sessionKey), .unsigned(sequence),
            previousSignature.map { .bytes($0) } ?? .null,
        ]
    }

    /// Decodes a registration and checks its keys' encodings.
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        version = try f.nextUInt("version")
        guard version == 1 else { throw .schema("ServiceRegistration.version: unsupported version \(version)") }
        do {
            service = try ServiceName(try f.nextText("service"))
            signingKey = try Ed25519PublicKey(bytes: try f.nextBytes("signingKey", count: 32))
        } catch let error as CBORError {
            throw error
        } catch {
            throw .schema("ServiceRegistration: \(error)")
        }
        sessionKey = try f.nextBytes("sessionKey", count: 32)
        sequence = try f.nextUInt("sequence")
        switch try f.next("previousSignature") {
        case .null: previousSignature = nil
        case .bytes(let b) where b.count == 64: previousSignature = b
        default: throw .schema("ServiceRegistration.previousSignature: expected 64 bytes or null")
        }
    }
}
