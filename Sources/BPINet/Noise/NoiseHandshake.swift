import BPICrypto

/// The `Noise_XX_25519_ChaChaPoly_SHA256` handshake (Noise spec rev. 34), as a pure state
/// machine: `-> e`, `<- e, ee, s, es`, `-> s, se`. Both sides learn each other's static key;
/// after the third message `split` yields the two transport cipher states.
public struct NoiseHandshake: Sendable {
    /// The protocol name hashed into the transcript.
    public static let protocolName = "Noise_XX_25519_ChaChaPoly_SHA256"
    /// Noise's maximum message length.
    public static let maxMessageLength = 65_535

    /// Which side this is.
    public let isInitiator: Bool
    private var symmetric: NoiseSymmetricState
    private let staticKey: (secret: [UInt8], public: [UInt8])
    private var ephemeral: (secret: [UInt8], public: [UInt8])?
    private var fixedEphemeral: [UInt8]?
    /// The peer's static public key, once received.
    public private(set) var remoteStatic: [UInt8]?
    private var remoteEphemeral: [UInt8]?
    private var step = 0

    /// Starts a handshake with this side's static X25519 secret key and a prologue both sides
    /// must agree on. `ephemeralSecret` fixes the ephemeral key (test vectors only).
    public init(initiator: Bool, staticSecret: [UInt8], prologue: [UInt8] = [], ephemeralSecret: [UInt8]? = nil)
        throws(NoiseError)
    {
        isInitiator = initiator
        guard let pub = try? X25519.publicKey(privateKey: staticSecret) else { throw .invalidPublicKey }
        staticKey = (staticSecret, pub)
        fixedEphemeral = ephemeralSecret
        symmetric = NoiseSymmetricState(protocolName: Self.protocolName)
        symmetric.mixHash(prologue)
    }

    /// Whether the next message to write is the last of the handshake.
    public var handshakeStepIsLast: Bool { step == 2 }

    /// Whether all three messages have been exchanged.
    public var isComplete: Bool { step == 3 }

    /// The handshake hash h (channel binding), final once complete.
    public var handshakeHash: [UInt8] { symmetric.handshakeHash }

    private var isMyTurn: Bool { (step % 2 == 0) == isInitiator }

    private mutating func dh(_ secret: [UInt8], _ pub: [UInt8]) throws(NoiseError) -> [UInt8] {
        do {
            return try X25519.sharedSecret(privateKey: secret, publicKey: pub)
        } catch {
            throw .invalidPublicKey
        }
    }

    private mutating func makeEphemeral() throws(NoiseError) -> [UInt8] {
        let secret = fixedEphemeral ?? X25519.generate().privateKey.bytes
        guard let pub = try? X25519.publicKey(privateKey: secret) else { throw .invalidPublicKey }
        ephemeral = (secret, pub)
        return pub
    }

    /// Writes the next handshake message, carrying `payload` (encrypted from the second message on).
    public mutating func writeMessage(_ payload: [UInt8] = []) throws(NoiseError) -> [UInt8] {
        guard step < 3 else { throw .outOfOrder("the handshake is complete") }
        guard isMyTurn else { throw .outOfOrder("it is the peer's turn to write") }
        var out: [UInt8] = []
        switch step {
        case 0:  // -> e
            let e = try makeEphemeral()
            out += e
            symmetric.mixHash(e)
        case 1:  // <- e, ee, s, es
            let e = try makeEphemeral()
            out += e
            symmetric.mixHash(e)
            symmetric.mixKey(try dh(ephemeral!.secret, remoteEphemeral!))
            out += try symmetric.encryptAndHash(staticKey.public)
            symmetric.mixKey(try dh(staticKey.secret, remoteEphemeral!))
        default:  // -> s, se
            out += try symmetric.encryptAndHash(staticKey.public)
            symmetric.mixKey(try dh(staticKey.secret, remoteEphemeral!))
        }
        out += try symmetric.encryptAndHash(payload)
        guard out.count <= Self.maxMessageLength else { throw .messageTooLong(out.count) }
        step += 1
        return out
    }

    /// Reads the peer's next handshake message and returns its payload.
    public mutating func readMessage(_ message: [UInt8]) throws(NoiseError) -> [UInt8] {
        guard step < 3 else { throw .outOfOrder("the handshake is complete") }
        guard !isMyTurn else { throw .outOfOrder("it is this side's turn to write") }
        guard message.count <= Self.maxMessageLength else { throw .messageTooLong(message.count) }
        var rest = message[...]
        func take(_ n: Int) throws(NoiseError) -> [UInt8] {
            guard rest.count >= n else { throw .truncated }
            defer { rest = rest.dropFirst(n) }
            return Array(rest.prefix(n))
        }
        let staticLength = 32 + 16
        var symmetricCopy = symmetric
        switch step {
        case 0:  // -> e
            let re = try take(32)
            remoteEphemeral = re
            symmetricCopy.mixHash(re)
        case 1:  // <- e, ee, s, es
            let re = try take(32)
            symmetricCopy.mixHash(re)
            symmetricCopy.mixKey(try dh(ephemeral!.secret, re))
            let rs = try symmetricCopy.decryptAndHash(try take(staticLength))
            symmetricCopy.mixKey(try dh(ephemeral!.secret, rs))
            remoteEphemeral = re
            remoteStatic = rs
        default:  // -> s, se
            let rs = try symmetricCopy.decryptAndHash(try take(staticLength))
            symmetricCopy.mixKey(try dh(ephemeral!.secret, rs))
            remoteStatic = rs
        }
        let payload = try symmetricCopy.decryptAndHash(Array(rest))
        symmetric = symmetricCopy  // commit only when the whole message authenticated
        step += 1
        return payload
    }

    /// The transport cipher states (send, receive) once the handshake is complete.
    public func split() throws(NoiseError) -> (send: NoiseCipherState, receive: NoiseCipherState) {
        guard isComplete else { throw .outOfOrder("the handshake is not complete") }
        let (c1, c2) = symmetric.split()
        return isInitiator ? (c1, c2) : (c2, c1)
    }
}
