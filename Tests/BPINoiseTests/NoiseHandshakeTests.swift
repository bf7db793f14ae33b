import BPICodec
import BPICrypto
import BPINoise
import BPITestSupport
import Foundation
import Testing

private struct CacophonyFile: Decodable {
    struct Message: Decodable {
        let payload: String
        let ciphertext: String
    }
    struct Vector: Decodable {
        let protocolName: String
        let initPrologue, initStatic, initEphemeral, respStatic, respEphemeral, handshakeHash: String
        let messages: [Message]
        enum CodingKeys: String, CodingKey {
            case protocolName = "protocol_name"
            case initPrologue = "init_prologue"
            case initStatic = "init_static"
            case initEphemeral = "init_ephemeral"
            case respStatic = "resp_static"
            case respEphemeral = "resp_ephemeral"
            case handshakeHash = "handshake_hash"
            case messages
        }
    }
    let vectors: [Vector]
}

/// Runs a full XX handshake plus transport messages; returns the wire bytes in order.
private func run(
    initiator: inout NoiseHandshake, responder: inout NoiseHandshake, payloads: [[UInt8]]
) throws -> (wire: [[UInt8]], hash: [UInt8]) {
    var wire: [[UInt8]] = []
    for (i, payload) in payloads.prefix(3).enumerated() {
        if i % 2 == 0 {
            let m = try initiator.writeMessage(payload)
            #expect(try responder.readMessage(m) == payload)
            wire.append(m)
        } else {
            let m = try responder.writeMessage(payload)
            #expect(try initiator.readMessage(m) == payload)
            wire.append(m)
        }
    }
    #expect(initiator.isComplete && responder.isComplete && initiator.handshakeHash == responder.handshakeHash)
    var (iSend, iReceive) = try initiator.split()
    var (rSend, rReceive) = try responder.split()
    for (i, payload) in payloads.dropFirst(3).enumerated() {
        // Transport messages keep alternating: the 4th message (index 3) is the responder's.
        if i % 2 == 0 {
            let c = try rSend.encrypt(payload)
            #expect(try iReceive.decrypt(c) == payload)
            wire.append(c)
        } else {
            let c = try iSend.encrypt(payload)
            #expect(try rReceive.decrypt(c) == payload)
            wire.append(c)
        }
    }
    return (wire, initiator.handshakeHash)
}

@Suite("Noise XX")
struct NoiseHandshakeTests {
    @Test("cacophony vectors for Noise_XX_25519_ChaChaPoly_SHA256: every message and the handshake hash")
    func cacophony() throws {
        let url = TestPaths.vector("noise/cacophony_XX_25519_ChaChaPoly.json")
        let file = try JSONDecoder().decode(CacophonyFile.self, from: Data(contentsOf: url))
        let v = try #require(file.vectors.first { $0.protocolName == NoiseHandshake.protocolName })
        var initiator = try NoiseHandshake(
            initiator: true, staticSecret: try Hex.decode(v.initStatic), prologue: try Hex.decode(v.initPrologue),
            ephemeralSecret: try Hex.decode(v.initEphemeral))
        var responder = try NoiseHandshake(
            initiator: false, staticSecret: try Hex.decode(v.respStatic), prologue: try Hex.decode(v.initPrologue),
            ephemeralSecret: try Hex.decode(v.respEphemeral))
        let (wire, hash) = try run(
            initiator: &initiator, responder: &responder, payloads: try v.messages.map { try Hex.decode($0.payload) })
        #expect(wire.map { Hex.encode($0) } == v.messages.map(\.ciphertext))
        #expect(Hex.encode(hash) == v.handshakeHash)
        #expect(initiator.remoteStatic == (try X25519.publicKey(privateKey: try Hex.decode(v.respStatic))))
    }

    @Test("equal to Python noiseprotocol on 20 random key sets and payloads")
    func matchesNoiseprotocol() throws {
        var rng = SeededGenerator(seed: 25_519)
        for _ in 0..<20 {
            let keys = (0..<4).map { _ in rng.bytes(32) }
            let prologue = rng.bytes(Int.random(in: 0...20, using: &rng))
            let payloads = (0..<5).map { _ in rng.bytes(Int.random(in: 0...200, using: &rng)) }
            var i = try NoiseHandshake(initiator: true, staticSecret: keys[0], prologue: prologue, ephemeralSecret: keys[1])
            var r = try NoiseHandshake(initiator: false, staticSecret: keys[2], prologue: prologue, ephemeralSecret: keys[3])
            // Python sends t1 from the initiator and t2 from the responder; reorder ours to match.
            let (wire, hash) = try run(
                initiator: &i, responder: &r, payloads: Array(payloads.prefix(3)) + [payloads[4], payloads[3]])
            let input = (keys + [prologue] + payloads).map { "x" + Hex.encode($0) }.joined(separator: " ")
            let out = String(decoding: try Oracle.run("noise_oracle.py", input: Data(input.utf8)), as: UTF8.self).split(
                separator: " "
            ).map {
                $0.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            try #require(out.count == 6)
            #expect(Hex.encode(wire[0]) == out[0] && Hex.encode(wire[1]) == out[1] && Hex.encode(wire[2]) == out[2])
            #expect(Hex.encode(wire[4]) == out[3] && Hex.encode(wire[3]) == out[4])
            #expect(Hex.encode(hash) == out[5])
        }
    }

    @Test("tampering, turn order, low-order keys, replay and wrong prologue are refused")
    func negatives() throws {
        let si = [UInt8](repeating: 1, count: 32)
        let sr = [UInt8](repeating: 2, count: 32)
        var i = try NoiseHandshake(initiator: true, staticSecret: si)
        var r = try NoiseHandshake(initiator: false, staticSecret: sr)
        #expect(throws: NoiseError.self) { try r.writeMessage() }  // not the responder's turn
        let m1 = try i.writeMessage()
        #expect(throws: NoiseError.self) { try i.readMessage(m1) }
        _ = try r.readMessage(m1)
        var m2 = try r.writeMessage(Array("hello".utf8))
        m2[40] ^= 1  // inside the encrypted static key
        #expect(throws: NoiseError.decryptionFailed) { try i.readMessage(m2) }
        m2[40] ^= 1
        #expect(try i.readMessage(m2) == Array("hello".utf8))  // a failed read left the state unchanged
        let m3 = try i.writeMessage()
        _ = try r.readMessage(m3)
        #expect(throws: NoiseError.self) { try i.writeMessage() }
        var (send, _) = try i.split()
        var (_, receive) = try r.split()
        let c = try send.encrypt([7])
        #expect(try receive.decrypt(c) == [7])
        #expect(throws: NoiseError.decryptionFailed) { try receive.decrypt(c) }  // replayed: nonce moved on
        // A low-order ephemeral key (all zeros) from the peer.
        var r2 = try NoiseHandshake(initiator: false, staticSecret: sr)
        _ = try r2.readMessage([UInt8](repeating: 0, count: 32))
        #expect(throws: NoiseError.invalidPublicKey) { try r2.writeMessage() }
        // A peer with another prologue fails at the first encrypted payload.
        var a = try NoiseHandshake(initiator: true, staticSecret: si, prologue: [1])
        var b = try NoiseHandshake(initiator: false, staticSecret: sr, prologue: [2])
        _ = try b.readMessage(try a.writeMessage())
        #expect(throws: NoiseError.decryptionFailed) { try a.readMessage(try b.writeMessage()) }
        #expect(throws: NoiseError.truncated) {
            var c = try NoiseHandshake(initiator: false, staticSecret: sr)
            _ = try c.readMessage([1, 2, 3])
        }
    }
}

@Suite("Noise cipher state")
struct NoiseCipherStateTests {
    @Test("rekeying changes the key in step on both sides; a stale side can no longer decrypt")
    func rekey() throws {
        var i = try NoiseHandshake(initiator: true, staticSecret: [UInt8](repeating: 1, count: 32))
        var r = try NoiseHandshake(initiator: false, staticSecret: [UInt8](repeating: 2, count: 32))
        _ = try r.readMessage(try i.writeMessage())
        _ = try i.readMessage(try r.writeMessage())
        _ = try r.readMessage(try i.writeMessage())
        var (send, _) = try i.split()
        var (_, receive) = try r.split()
        var stale = receive
        send.rekey()
        receive.rekey()
        let c = try send.encrypt([1, 2, 3])
        #expect(try receive.decrypt(c) == [1, 2, 3])
        #expect(throws: NoiseError.decryptionFailed) { try stale.decrypt(c) }
        #expect(send.nonce == 1 && receive.nonce == 1)  // rekeying keeps the nonce
    }
}

@Suite("Noise IK")
struct NoiseIKTests {
    @Test("equal to Python noiseprotocol on 20 random key sets and payloads: both messages, transport and the handshake hash")
    func matchesNoiseprotocol() throws {
        var rng = SeededGenerator(seed: 0x1c)
        for _ in 0..<20 {
            let keys = (0..<4).map { _ in rng.bytes(32) }
            let prologue = rng.bytes(Int.random(in: 0...20, using: &rng))
            let payloads = (0..<4).map { _ in rng.bytes(Int.random(in: 0...200, using: &rng)) }
            let responderPublic = try X25519.publicKey(privateKey: keys[2])
            var i = try NoiseHandshake(
                pattern: .ik, initiator: true, staticSecret: keys[0], remoteStatic: responderPublic, prologue: prologue,
                ephemeralSecret: keys[1])
            var r = try NoiseHandshake(
                pattern: .ik, initiator: false, staticSecret: keys[2], prologue: prologue, ephemeralSecret: keys[3])
            let m1 = try i.writeMessage(payloads[0])
            #expect(try r.readMessage(m1) == payloads[0])
            #expect(r.remoteStatic == (try X25519.publicKey(privateKey: keys[0])))
            #expect(!r.isComplete && r.handshakeStepIsLast)
            let m2 = try r.writeMessage(payloads[1])
            #expect(try i.readMessage(m2) == payloads[1])
            #expect(i.isComplete && r.isComplete && i.handshakeHash == r.handshakeHash)
            var (iSend, iReceive) = try i.split()
            var (rSend, rReceive) = try r.split()
            let c1 = try iSend.encrypt(payloads[2])
            #expect(try rReceive.decrypt(c1) == payloads[2])
            let c2 = try rSend.encrypt(payloads[3])
            #expect(try iReceive.decrypt(c2) == payloads[3])
            let input = (keys + [prologue] + payloads).map { "x" + Hex.encode($0) }.joined(separator: " ")
            let out = String(decoding: try Oracle.run("noise_oracle.py", ["IK"], input: Data(input.utf8)), as: UTF8.self)
                .split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            try #require(out.count == 5)
            #expect([m1, m2, c1, c2, i.handshakeHash].map { Hex.encode($0) } == out)
        }
    }

    @Test(
        "an initiator with the wrong responder key, a responder told a key, and tampering are refused; split erases the ephemeral secret"
    )
    func negatives() throws {
        let si = [UInt8](repeating: 1, count: 32)
        let sr = [UInt8](repeating: 2, count: 32)
        let other = try X25519.publicKey(privateKey: [UInt8](repeating: 3, count: 32))
        // The initiator thinks the responder is someone else: the responder cannot read message 1.
        var wrong = try NoiseHandshake(pattern: .ik, initiator: true, staticSecret: si, remoteStatic: other)
        var r = try NoiseHandshake(pattern: .ik, initiator: false, staticSecret: sr)
        #expect(throws: NoiseError.decryptionFailed) { try r.readMessage(try wrong.writeMessage([1])) }
        // IK needs the key on the initiator's side only.
        #expect(throws: NoiseError.self) { try NoiseHandshake(pattern: .ik, initiator: true, staticSecret: si) }
        #expect(throws: NoiseError.self) {
            try NoiseHandshake(pattern: .ik, initiator: false, staticSecret: sr, remoteStatic: other)
        }
        // A flipped bit anywhere in message 1 is refused and leaves the responder able to read the real one.
        var i = try NoiseHandshake(
            pattern: .ik, initiator: true, staticSecret: si, remoteStatic: try X25519.publicKey(privateKey: sr))
        let m1 = try i.writeMessage([9, 9])
        for k in stride(from: 0, to: m1.count, by: 7) {
            var bad = m1
            bad[k] ^= 0x40
            #expect(throws: NoiseError.self) { try r.readMessage(bad) }
        }
        #expect(try r.readMessage(m1) == [9, 9])
        _ = try i.readMessage(try r.writeMessage())
        #expect(i.holdsEphemeralSecret && r.holdsEphemeralSecret)
        _ = try i.split()
        _ = try r.split()
        #expect(!i.holdsEphemeralSecret && !r.holdsEphemeralSecret)
    }
}
