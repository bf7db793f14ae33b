import BPICrypto

/// A Noise handshake (Noise spec rev. 34) with 25519, ChaChaPoly and SHA-256 as a pure state
/// machine over a `NoisePattern`: XX (`-> e`, `<- e, ee, s, es`, `-> s, se`) or IK (`<- s`
/// known beforehand, `-> e, es, s, ss`, `<- e, ee, se`). After the last message `split` yields
/// the two transport cipher states and erases the ephemeral secret.
public struct NoiseHandshake: Sendable {
    /// The XX protocol name (the validators' channels).
    public static let protocolName = NoisePattern.xx.protocolName
    /// Noise's maximum message length.
    public static let maxMessageLength = 65_535

    /// The pattern.
    public let pattern: NoisePattern
    /// Which side this is.
    public let isInitiator: Bool
    private var symmetric: NoiseSymmetricState
    private let staticPublic: [UInt8]
    private let staticDH: @Sendable ([UInt8]) throws(NoiseError) -> [UInt8]
    private var ephemeral: (secret: [UInt8], public: [UInt8])?
    private var fixedEphemeral: [UInt8]?
    /// The peer's static public key: known beforehand (IK initiator) or once received.
    public private(set) var remoteStatic: [UInt8]?
    private var remoteEphemeral: [UInt8]?
    private var step = 0

    /// Starts an XX handshake with this side's static X25519 secret key and a prologue both
    /// sides must agree on. `ephemeralSecret` fixes the ephemeral key (test vectors only).
    public init(initiator: Bool, staticSecret: [UInt8], prologue: [UInt8] = [], ephemeralSecret: [UInt8]? = nil)
        throws(NoiseError)
    {
        try self.init(
            pattern: .xx, initiator: initiator, staticSecret: staticSecret, prologue: prologue, ephemeralSecret: ephemeralSecret)
    }

    /// Starts a handshake of `pattern`. An IK initiator must pass the responder's static public
    /// key (`remoteStatic`); nobody else may.
    public init(
        pattern: NoisePattern, initiator: Bool, staticSecret: [UInt8], remoteStatic: [UInt8]? = nil, prologue: [UInt8] = [],
        ephemeralSecret: [UInt8]? = nil
    ) throws(NoiseError) {
        guard let pub = try? X25519.publicKey(privateKey: staticSecret) else { throw .invalidPublicKey }
        try self.init(
            pattern: pattern, initiator: initiator, staticPublicKey: pub,
            staticDH: { peer throws(NoiseError) in
                do {
                    return try X25519.sharedSecret(privateKey: staticSecret, publicKey: peer)
                } catch {
                    throw .invalidPublicKey
                }
            }, remoteStatic: remoteStatic, prologue: prologue, ephemeralSecret: ephemeralSecret)
    }

    /// Starts a handshake whose static key is held elsewhere (a hardware module, or a test's
    /// attacker): its public key, and a function computing its DH with a peer's public key.
    public init(
        pattern: NoisePattern, initiator: Bool, staticPublicKey pub: [UInt8],
        staticDH: @escaping @Sendable ([UInt8]) throws(NoiseError) -> [UInt8], remoteStatic: [UInt8]? = nil,
        prologue: [UInt8] = [], ephemeralSecret: [UInt8]? = nil
    ) throws(NoiseError) {
        self.pattern = pattern
        isInitiator = initiator
        staticPublic = pub
        self.staticDH = staticDH
        fixedEphemeral = ephemeralSecret
        symmetric = NoiseSymmetricState(protocolName: pattern.protocolName)
        symmetric.mixHash(prologue)
        let needsRemote = pattern.responderStaticKnown && initiator
        guard needsRemote == (remoteStatic != nil) else {
            throw .outOfOrder(
                needsRemote ? "an IK initiator needs the responder's static key" : "this side knows no static key beforehand")
        }
        if let remoteStatic {
            guard remoteStatic.count == 32 else { throw .invalidPublicKey }
            self.remoteStatic = remoteStatic
        }
        if pattern.responderStaticKnown { symmetric.mixHash(initiator ? remoteStatic! : pub) }
    }

    /// Whether the next message to write is the last of the handshake.
    public var handshakeStepIsLast: Bool { step == pattern.messages.count - 1 }

    /// Whether every handshake message has been exchanged.
    public var isComplete: Bool { step == pattern.messages.count }

    /// Whether this side still holds an ephemeral secret (false once `split` erased it).
    public var holdsEphemeralSecret: Bool { ephemeral != nil }

    /// The handshake hash h (channel binding), final once complete.
    public var handshakeHash: [UInt8] { symmetric.handshakeHash }

    private var isMyTurn: Bool { (step % 2 == 0) == isInitiator }

    private func dh(_ secret: [UInt8], _ pub: [UInt8]) throws(NoiseError) -> [UInt8] {
        do {
            return try X25519.sharedSecret(privateKey: secret, publicKey: pub)
        } catch {
            throw .invalidPublicKey
        }
    }

    /// The DH of a token from this side's point of view (`es`: the initiator's e with the
    /// responder's s, so the responder computes it from its s and the initiator's e).
    private func dh(_ token: NoisePattern.Token, ephemeral e: [UInt8]?, remoteEphemeral re: [UInt8]?, remoteStatic rs: [UInt8]?)
        throws(NoiseError) -> [UInt8]
    {
        func need(_ k: [UInt8]?) throws(NoiseError) -> [UInt8] {
            guard let k else { throw .outOfOrder("a key the pattern needs is missing") }
            return k
        }
        switch (token, isInitiator) {
        case (.ee, _): return try dh(try need(e), try need(re))
        case (.ss, _): return try staticDH(try need(rs))
        case (.es, true), (.se, false): return try dh(try need(e), try need(rs))
        case (.es, false), (.se, true): return try staticDH(try need(re))
        default: throw .outOfOrder("not a DH token")
        }
    }

    private mutating func makeEphemeral() throws(NoiseError) -> [UInt8] {
        let secret = fixedEphemeral ?? X25519.generate().privateKey.bytes
        guard let pub = try? X25519.publicKey(privateKey: secret) else { throw .invalidPublicKey }
        ephemeral = (secret, pub)
        return pub
    }

    /// Writes the next handshake message, carrying `payload` (encrypted once a key is mixed in).
    public mutating func writeMessage(_ payload: [UInt8] = []) throws(NoiseError) -> [UInt8] {
        guard !isComplete else { throw .outOfOrder("the handshake is complete") }
        guard isMyTurn else { throw .outOfOrder("it is the peer's turn to write") }
        var out: [UInt8] = []
        for token in pattern.messages[step] {
            switch token {
            case .e:
                let e = try makeEphemeral()
                out += e
                symmetric.mixHash(e)
            case .s:
                out += try symmetric.encryptAndHash(staticPublic)
            default:
                symmetric.mixKey(
                    try dh(token, ephemeral: ephemeral?.secret, remoteEphemeral: remoteEphemeral, remoteStatic: remoteStatic))
            }
        }
        out += try symmetric.encryptAndHash(payload)
        guard out.count <= Self.maxMessageLength else { throw .messageTooLong(out.count) }
        step += 1
        return out
    }

    /// Reads the peer's next handshake message and returns its payload. Nothing changes unless
    /// the whole message authenticates.
    public mutating func readMessage(_ message: [UInt8]) throws(NoiseError) -> [UInt8] {
        guard !isComplete else { throw .outOfOrder("the handshake is complete") }
        guard !isMyTurn else { throw .outOfOrder("it is this side's turn to write") }
        guard message.count <= Self.maxMessageLength else { throw .messageTooLong(message.count) }
        var rest = message[...]
        func take(_ n: Int) throws(NoiseError) -> [UInt8] {
            guard rest.count >= n else { throw .truncated }
            defer { rest = rest.dropFirst(n) }
            return Array(rest.prefix(n))
        }
        var copy = symmetric
        var re = remoteEphemeral
        var rs = remoteStatic
        for token in pattern.messages[step] {
            switch token {
            case .e:
                let key = try take(32)
                copy.mixHash(key)
                re = key
            case .s:
                rs = try copy.decryptAndHash(try take(copy.cipher.hasKey ? 48 : 32))
            default:
                copy.mixKey(try dh(token, ephemeral: ephemeral?.secret, remoteEphemeral: re, remoteStatic: rs))
            }
        }
        let payload = try copy.decryptAndHash(Array(rest))
        symmetric = copy  // commit only when the whole message authenticated
        remoteEphemeral = re
        remoteStatic = rs
        step += 1
        return payload
    }

    /// The transport cipher states (send, receive) once the handshake is complete. The
    /// ephemeral secret is erased: recorded traffic cannot be opened later with the static keys.
    public mutating func split() throws(NoiseError) -> (send: NoiseCipherState, receive: NoiseCipherState) {
        let (k1, k2) = try splitKeys()
        let (c1, c2) = (NoiseCipherState(key: k1), NoiseCipherState(key: k2))
        return isInitiator ? (c1, c2) : (c2, c1)
    }

    /// The split's two raw keys (initiator → responder, responder → initiator), for a protocol
    /// that derives its own transport keys from them; erases the ephemeral secret like `split`.
    public mutating func splitKeys() throws(NoiseError) -> (initiatorToResponder: [UInt8], responderToInitiator: [UInt8]) {
        guard isComplete else { throw .outOfOrder("the handshake is not complete") }
        if ephemeral != nil {
            ephemeral!.secret.withUnsafeMutableBytes { $0.initializeMemory(as: UInt8.self, repeating: 0) }
        }
        ephemeral = nil
        fixedEphemeral = nil
        return symmetric.splitKeys()
    }
}
