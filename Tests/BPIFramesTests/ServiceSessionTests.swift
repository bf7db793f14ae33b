import BPICodec
import BPICrypto
import BPIFrames
import BPIHash
import BPINoise
import BPIPoH
import BPITestSupport
import BPITypes
import Foundation
import Testing

/// End-to-end sessions (docs/SPEC.md §12.2): set up through handshake frames, then data frames
/// only the two services can open — forward secret, resistant to key-compromise impersonation,
/// rekeyed with old keys erased.
@Suite("Service sessions")
struct ServiceSessionTests {
    let a = ServiceIdentity.generate(name: try! ServiceName("spiffe://bpi.local/svc/a"))
    let b = ServiceIdentity.generate(name: try! ServiceName("spiffe://bpi.local/svc/b"))
    let tick = TickRef(height: 0, tickIndex: 0, tickHash: .zero)

    func connect(rekeyFrames: UInt64 = 1_000, rekeySeconds: Double = 600) throws -> (
        ServiceSession, ServiceSession, m1: [UInt8], m2: [UInt8]
    ) {
        let (pending, m1) = try PendingSession.initiate(
            me: a.id, sessionSecret: a.sessionSecret, peer: b.id, peerSessionKey: b.sessionKey, rekeyFrames: rekeyFrames,
            rekeySeconds: rekeySeconds)
        let (atB, m2) = try ServiceSession.respond(
            me: b.id, sessionSecret: b.sessionSecret, peer: a.id, peerSessionKey: a.sessionKey, message: m1,
            rekeyFrames: rekeyFrames,
            rekeySeconds: rekeySeconds)
        return (try pending.finish(m2), atB, m1, m2)
    }

    @Test("both directions carry data; a payload moved to another header, tampered, or for the other direction does not open")
    func roundTrip() throws {
        var (atA, atB, _, _) = try connect()
        var sender = FrameSender(identity: a)
        let f = sender.data(Array("hello b".utf8), session: &atA, tick: tick, now: 0)
        #expect(try atB.open(f.sealedPayload, header: f.header) == Array("hello b".utf8))
        var back = FrameSender(identity: b)
        let g = back.data(Array("hello a".utf8), session: &atB, tick: tick, now: 0)
        #expect(try atA.open(g.sealedPayload, header: g.header) == Array("hello a".utf8))
        // The header is the associated data: the same payload under another header does not open.
        let moved = sender.data([0], session: &atA, tick: tick, now: 0)
        #expect(throws: SessionError.openFailed) { try atB.open(f.sealedPayload, header: moved.header) }
        var tampered = f.sealedPayload
        tampered[tampered.count - 1] ^= 1
        #expect(throws: SessionError.openFailed) { try atB.open(tampered, header: f.header) }
        #expect(throws: SessionError.openFailed) { try atA.open(f.sealedPayload, header: f.header) }
    }

    @Test("the session key equals an independent HKDF, and Python (PyNaCl) opens a frame's payload with it")
    func matchesOracle() throws {
        var initiator = try NoiseHandshake(
            pattern: .ik, initiator: true, staticSecret: a.sessionSecret, remoteStatic: b.sessionKey, prologue: [7])
        var responder = try NoiseHandshake(pattern: .ik, initiator: false, staticSecret: b.sessionSecret, prologue: [7])
        _ = try responder.readMessage(try initiator.writeMessage())
        _ = try initiator.readMessage(try responder.writeMessage())
        var copy = initiator
        let split = try copy.splitKeys()
        var session = try ServiceSession(peer: b.id, handshake: &initiator, rekeyFrames: 2)
        var sender = FrameSender(identity: a)
        let frames = (0..<5).map { sender.data([UInt8($0), 42], session: &session, tick: tick, now: 0) }
        var input =
            "{\"session\": {\"split\": \"\(Hex.encode(split.initiatorToResponder))\", \"hash\": \"\(Hex.encode(initiator.handshakeHash))\", \"epochs\": 2}}\n"
        let out = String(decoding: try Oracle.run("frame_oracle.py", input: Data(input.utf8)), as: UTF8.self)
        let keys = try #require((try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: [String]])?["keys"])
        #expect(keys.count == 3)
        // Frames 0–1 under epoch 0, 2–3 under 1, 4 under 2 (rekey every 2 frames).
        input = ""
        for (k, f) in frames.enumerated() {
            #expect(Int(f.sealedPayload[3]) == k / 2)
            input +=
                "{\"open\": {\"key\": \"\(keys[k / 2])\", \"ad\": \"\(Hex.encode(f.header.canonicalBytes()))\", \"sealed\": \"\(Hex.encode(f.sealedPayload))\"}}\n"
        }
        input +=
            "{\"open\": {\"key\": \"\(keys[1])\", \"ad\": \"\(Hex.encode(frames[0].header.canonicalBytes()))\", \"sealed\": \"\(Hex.encode(frames[0].sealedPayload))\"}}\n"
        let lines = String(decoding: try Oracle.run("frame_oracle.py", input: Data(input.utf8)), as: UTF8.self).split(
            separator: "\n")
        try #require(lines.count == 6)
        for (k, line) in lines.prefix(5).enumerated() {
            #expect(line.contains("\"plaintext\": \"\(Hex.encode([UInt8(k), 42]))\""), "\(line)")
        }
        #expect(lines[5].contains("error"), "the wrong epoch's key must not open it: \(lines[5])")
    }

    @Test("forward secrecy: recorded frames stay sealed after both services' static secrets are disclosed")
    func forwardSecrecy() throws {
        var (atA, atB, m1, _) = try connect()
        var sender = FrameSender(identity: a)
        let recorded = (0..<3).map { sender.data(Array("secret \($0)".utf8), session: &atA, tick: tick, now: 0) }
        for f in recorded { _ = try atB.open(f.sealedPayload, header: f.header) }
        // The attacker holds both static secrets and the recorded handshake: replaying message 1
        // into a responder of its own gives a session with a fresh ephemeral key, not the one used.
        let (replayed, _) = try ServiceSession.respond(
            me: b.id, sessionSecret: b.sessionSecret, peer: a.id, peerSessionKey: a.sessionKey, message: m1)
        var attacker = replayed
        for f in recorded { #expect(throws: SessionError.openFailed) { try attacker.open(f.sealedPayload, header: f.header) } }
        // Nor can it act as the initiator again: the initiator's ephemeral secret was erased at
        // split (NoiseIKTests checks `holdsEphemeralSecret`), and a new initiator draws a new one.
    }

    @Test("KCI: with A's static secret an attacker posing as B gets past message 1 but cannot make A accept data as B's")
    func keyCompromiseImpersonation() throws {
        // The attacker knows A's session secret and B's public key, not B's secret. DH(a, B) =
        // DH(b, A), so it can compute the one DH of B's static key that involves A's.
        let aSecret = a.sessionSecret
        let bPublic = b.sessionKey
        let aPublic = a.sessionKey
        var forger = try NoiseHandshake(
            pattern: .ik, initiator: true, staticPublicKey: bPublic,
            staticDH: { peer throws(NoiseError) in
                if peer == aPublic { return try! X25519.sharedSecret(privateKey: aSecret, publicKey: bPublic) }
                return [UInt8](repeating: 0x42, count: 32)  // DH(b, anything else) is out of its reach
            }, remoteStatic: aPublic, prologue: Array("metanode/bpi/v1 session ".utf8) + b.id.bytes + a.id.bytes)
        let m1 = try forger.writeMessage()
        // A takes message 1 as B's (that is IK's first-message weakness) and answers…
        var (atA, m2) = try ServiceSession.respond(
            me: a.id, sessionSecret: a.sessionSecret, peer: b.id, peerSessionKey: b.sessionKey, message: m1)
        // …but the answer mixes DH(b, A's ephemeral), which the attacker cannot compute.
        #expect(throws: NoiseError.decryptionFailed) { _ = try forger.readMessage(m2) }
        // Whatever key it settles on, nothing it seals opens at A as B's data.
        let header = FrameHeader(
            source: b.id, destination: a.id, nonce: 1, ncPrev: NonceChain.genesis(service: b.id), tick: tick, kind: .data)
        let sealed =
            [0, 0, 0, 0]
            + (try XChaCha20Poly1305.sealWithRandomNonce(
                [1, 2, 3], key: [UInt8](repeating: 0x42, count: 32), associatedData: header.canonicalBytes()))
        #expect(throws: SessionError.openFailed) { try atA.open(sealed, header: header) }
        // And without B's Ed25519 key no frame passes as B's at the validators (FrameLedgerTests).
    }

    @Test(
        "rekey every N frames and every T seconds; a payload under a replaced key is refused; a third service cannot answer the handshake"
    )
    func rekeying() throws {
        var (atA, atB, m1, _) = try connect(rekeyFrames: 3, rekeySeconds: 5)
        var sender = FrameSender(identity: a)
        var frames: [Frame] = []
        for k in 0..<10 { frames.append(sender.data([UInt8(k)], session: &atA, tick: tick, now: 0)) }
        for (k, f) in frames.enumerated() { #expect(try atB.open(f.sealedPayload, header: f.header) == [UInt8(k)]) }
        #expect(atA.epochs.send == 3 && atB.epochs.receive == 3)
        // The first frame's key (epoch 0) is gone: a copy of that frame cannot be opened again.
        #expect(throws: SessionError.supersededKey(epoch: 0, current: 3)) {
            try atB.open(frames[0].sealedPayload, header: frames[0].header)
        }
        // Ten seconds later (one frame under the current key): the next frame is under a new key.
        let late = sender.data([99], session: &atA, tick: tick, now: 10_000_000_000)
        #expect(atA.epochs.send == 4)
        #expect(try atB.open(late.sealedPayload, header: late.header) == [99])
        // An epoch far ahead is refused without moving the receive key.
        var far = late.sealedPayload
        far[0] = 0x7f
        #expect(throws: SessionError.tooFarAhead(epoch: 0x7f00_0004, current: 4)) { try atB.open(far, header: late.header) }
        // Only B can answer A's first message: a third service (or a validator) with its own keys cannot.
        let c = ServiceIdentity.generate(name: try ServiceName("spiffe://bpi.local/svc/c"))
        #expect(throws: SessionError.self) {
            try ServiceSession.respond(
                me: b.id, sessionSecret: c.sessionSecret, peer: a.id, peerSessionKey: a.sessionKey, message: m1)
        }
        // B refuses a handshake proving a key other than the directory's for A.
        #expect(throws: SessionError.wrongPeer) {
            try ServiceSession.respond(
                me: b.id, sessionSecret: b.sessionSecret, peer: a.id, peerSessionKey: c.sessionKey, message: m1)
        }
    }
}
