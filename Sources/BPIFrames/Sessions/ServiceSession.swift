import BPICodec
import BPICrypto
import BPIHash
import BPINoise
import BPITypes

/// An end-to-end session between two services (docs/SPEC.md §12.2): set up by a Noise IK
/// handshake whose two messages travel as handshake frames through the mesh — the initiator knows
/// the responder's static key from the service directory, and the responder checks the
/// initiator's against it — then one XChaCha20-Poly1305 key per direction, rekeyed every
/// `rekeyFrames` frames or `rekeySeconds` seconds. A data frame's sealed payload is
/// `u32be(epoch) ‖ nonce(24) ‖ ciphertext ‖ tag(16)` with the canonical frame header as associated
/// data. Validators order and commit these frames but never hold a key that opens them.
public struct ServiceSession: Sendable {
    /// The peer service.
    public let peer: Hash32
    /// The Noise handshake hash (channel binding).
    public let handshakeHash: [UInt8]
    /// Rekey after this many frames under one key.
    public var rekeyFrames: UInt64
    /// Rekey after this many seconds under one key.
    public var rekeySeconds: Double
    private var send: DirectionKey
    private var receive: DirectionKey
    private var sentUnderKey: UInt64 = 0
    private var keyStarted: UInt64?

    /// How far ahead of the current receive epoch a payload may be (epochs are skipped when a
    /// sender rekeys by time without sending).
    public static let maxEpochSkip: UInt32 = 1_024

    /// The prologue binding a handshake to its two services.
    static func prologue(initiator: Hash32, responder: Hash32) -> [UInt8] {
        Array("metanode/bpi/v1 session ".utf8) + initiator.bytes + responder.bytes
    }

    /// A session from a completed IK handshake (`initiate`/`respond` run one through frames; a
    /// caller with its own transport may run the handshake itself). Erases its ephemeral secret.
    public init(peer: Hash32, handshake: inout NoiseHandshake, rekeyFrames: UInt64 = 1_000, rekeySeconds: Double = 600)
        throws(SessionError)
    {
        self.peer = peer
        handshakeHash = handshake.handshakeHash
        let keys: (initiatorToResponder: [UInt8], responderToInitiator: [UInt8])
        do {
            keys = try handshake.splitKeys()
        } catch {
            throw .handshake(error)
        }
        let i2r = DirectionKey(splitKey: keys.initiatorToResponder, handshakeHash: handshakeHash)
        let r2i = DirectionKey(splitKey: keys.responderToInitiator, handshakeHash: handshakeHash)
        (send, receive) = handshake.isInitiator ? (i2r, r2i) : (r2i, i2r)
        self.rekeyFrames = rekeyFrames
        self.rekeySeconds = rekeySeconds
    }

    /// The current key epochs (send, receive).
    public var epochs: (send: UInt32, receive: UInt32) { (send.epoch, receive.epoch) }

    /// Seals `plaintext` for the frame whose header is `header`, rekeying first when the policy
    /// says so (`now`: a monotonic clock in nanoseconds).
    public mutating func seal(_ plaintext: [UInt8], header: FrameHeader, now: UInt64) -> [UInt8] {
        if let started = keyStarted,
            sentUnderKey >= rekeyFrames || Double(now &- started) / 1e9 >= rekeySeconds
        {
            send.advance()
            sentUnderKey = 0
            keyStarted = now
        }
        if keyStarted == nil { keyStarted = now }
        sentUnderKey += 1
        let box = try! XChaCha20Poly1305.sealWithRandomNonce(plaintext, key: send.key, associatedData: header.canonicalBytes())
        let e = send.epoch
        return [
            UInt8(e >> 24), UInt8(truncatingIfNeeded: e >> 16), UInt8(truncatingIfNeeded: e >> 8), UInt8(truncatingIfNeeded: e),
        ]
            + box
    }

    /// Opens a data frame's payload. A payload under a replaced key is refused; one under a later
    /// epoch moves the receive key forward (erasing the old) only if it opens.
    public mutating func open(_ sealed: [UInt8], header: FrameHeader) throws(SessionError) -> [UInt8] {
        guard sealed.count >= 4 + 24 + 16 else { throw .malformed }
        let epoch = sealed.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        guard epoch >= receive.epoch else { throw .supersededKey(epoch: epoch, current: receive.epoch) }
        guard epoch - receive.epoch <= Self.maxEpochSkip else { throw .tooFarAhead(epoch: epoch, current: receive.epoch) }
        var key = receive
        while key.epoch < epoch { key.advance() }
        guard
            let plaintext = try? XChaCha20Poly1305.openWithNonce(
                Array(sealed.dropFirst(4)), key: key.key, associatedData: header.canonicalBytes())
        else { throw .openFailed }
        receive = key
        return plaintext
    }
}

/// The initiator's side of a session handshake, between its first message and the responder's answer.
public struct PendingSession: Sendable {
    /// The responder.
    public let peer: Hash32
    private var handshake: NoiseHandshake
    private let rekeyFrames: UInt64
    private let rekeySeconds: Double

    /// Starts a handshake from service `me` (with its X25519 session secret) to `peer`, whose
    /// session key the directory holds. Returns the pending session and the first message (the
    /// payload of a handshake frame to `peer`).
    public static func initiate(
        me: Hash32, sessionSecret: [UInt8], peer: Hash32, peerSessionKey: [UInt8], rekeyFrames: UInt64 = 1_000,
        rekeySeconds: Double = 600
    ) throws(SessionError) -> (PendingSession, message: [UInt8]) {
        do {
            var handshake = try NoiseHandshake(
                pattern: .ik, initiator: true, staticSecret: sessionSecret, remoteStatic: peerSessionKey,
                prologue: ServiceSession.prologue(initiator: me, responder: peer))
            let message = try handshake.writeMessage()
            return (
                PendingSession(peer: peer, handshake: handshake, rekeyFrames: rekeyFrames, rekeySeconds: rekeySeconds), message
            )
        } catch {
            throw .handshake(error)
        }
    }

    /// Reads the responder's answer and completes the session.
    public consuming func finish(_ message: [UInt8]) throws(SessionError) -> ServiceSession {
        do {
            _ = try handshake.readMessage(message)
        } catch {
            throw .handshake(error)
        }
        return try ServiceSession(peer: peer, handshake: &handshake, rekeyFrames: rekeyFrames, rekeySeconds: rekeySeconds)
    }
}

extension ServiceSession {
    /// The responder's side: reads the initiator's first message (from the handshake frame sent
    /// by `peer`, whose session key the directory holds), checks that the handshake proves that
    /// key, and returns the session and the answer (the payload of a handshake frame back).
    public static func respond(
        me: Hash32, sessionSecret: [UInt8], peer: Hash32, peerSessionKey: [UInt8], message: [UInt8], rekeyFrames: UInt64 = 1_000,
        rekeySeconds: Double = 600
    ) throws(SessionError) -> (ServiceSession, answer: [UInt8]) {
        var handshake: NoiseHandshake
        let answer: [UInt8]
        do {
            handshake = try NoiseHandshake(
                pattern: .ik, initiator: false, staticSecret: sessionSecret, prologue: prologue(initiator: peer, responder: me))
            _ = try handshake.readMessage(message)
            guard handshake.remoteStatic == peerSessionKey else { throw SessionError.wrongPeer }
            answer = try handshake.writeMessage()
        } catch let error as SessionError {
            throw error
        } catch let error as NoiseError {
            throw .handshake(error)
        } catch {
            throw .malformed
        }
        return (
            try ServiceSession(peer: peer, handshake: &handshake, rekeyFrames: rekeyFrames, rekeySeconds: rekeySeconds), answer
        )
    }
}

extension ServiceSession {
    /// The session's state for a service to keep across runs (`bpi frame send|recv`): the peer,
    /// the handshake hash, the rekey policy, both directions' current key and epoch, and the send
    /// counters. Secret: store it like a key (mode 0600); erased keys are not in it.
    public func exported() -> [UInt8] {
        let state = CBOR.array([
            .unsigned(1), .bytes(peer.bytes), .bytes(handshakeHash), .unsigned(rekeyFrames),
            .unsigned(UInt64(max(0, rekeySeconds * 1_000))), .array([.bytes(send.key), .unsigned(UInt64(send.epoch))]),
            .array([.bytes(receive.key), .unsigned(UInt64(receive.epoch))]), .unsigned(sentUnderKey),
            keyStarted.map { .unsigned($0) } ?? .null,
        ])
        return (try? CBOREncoder.encode(state)) ?? []
    }

    /// A session from `exported()` bytes.
    public init(exported bytes: [UInt8]) throws(SessionError) {
        guard case .array(let f)? = try? CBORDecoder.decode(bytes), f.count == 9, f[0] == .unsigned(1),
            case .bytes(let peer) = f[1], let peerID = Hash32(peer), case .bytes(let hh) = f[2],
            case .unsigned(let frames) = f[3], case .unsigned(let ms) = f[4],
            case .array(let s) = f[5], s.count == 2, case .bytes(let sk) = s[0], sk.count == 32, case .unsigned(let se) = s[1],
            case .array(let r) = f[6], r.count == 2, case .bytes(let rk) = r[0], rk.count == 32, case .unsigned(let re) = r[1],
            case .unsigned(let sent) = f[7], se <= UInt64(UInt32.max), re <= UInt64(UInt32.max)
        else { throw .malformed }
        self.peer = peerID
        handshakeHash = hh
        rekeyFrames = frames
        rekeySeconds = Double(ms) / 1_000
        send = DirectionKey(key: sk, epoch: UInt32(se))
        receive = DirectionKey(key: rk, epoch: UInt32(re))
        sentUnderKey = sent
        if case .unsigned(let started) = f[8] { keyStarted = started } else { keyStarted = nil }
    }
}
