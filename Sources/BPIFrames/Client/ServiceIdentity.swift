import BPICrypto
import BPIHash
import BPITypes

/// A service's own keys (docs/SPEC.md §12): its name, the Ed25519 key that signs its frames and
/// the X25519 secret its sessions are set up with. Kept by the service, never by validators.
public struct ServiceIdentity: Sendable {
    /// The service's name.
    public let name: ServiceName
    /// The frame-signing key.
    public let signing: Ed25519PrivateKey
    /// The X25519 session secret.
    public let sessionSecret: [UInt8]
    /// The X25519 session public key.
    public let sessionKey: [UInt8]

    /// An identity from its two secrets (32 bytes each).
    public init(name: ServiceName, signingSeed: [UInt8], sessionSecret: [UInt8]) throws(CryptoError) {
        self.name = name
        signing = try Ed25519PrivateKey(seed: signingSeed)
        self.sessionSecret = sessionSecret
        sessionKey = try X25519.publicKey(privateKey: sessionSecret)
    }

    /// Fresh random keys for `name`.
    public static func generate(name: ServiceName) -> ServiceIdentity {
        let signing = Ed25519PrivateKey.generate()
        let session = X25519.generate()
        return try! ServiceIdentity(name: name, signingSeed: signing.seed.bytes, sessionSecret: session.privateKey.bytes)
    }

    /// The service's id (`svcIDHash`).
    public var id: Hash32 { name.id }

    /// The registration of these keys at `sequence` (rotations are signed by `previous` too).
    public func registration(sequence: UInt64, previous: Ed25519PrivateKey? = nil) -> ServiceRegistration {
        var r = ServiceRegistration(service: name, signingKey: signing.publicKey, sessionKey: sessionKey, sequence: sequence)
        if let previous { r.previousSignature = previous.sign(r.signedMessage) }
        return r
    }
}
