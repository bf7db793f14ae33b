import BPICrypto
import BPINet
import BPINoise
import Testing

@Suite("Validator-bound Noise handshake")
struct ValidatorHandshakeTests {
    let alice = Ed25519PrivateKey.generate(), bob = Ed25519PrivateKey.generate(), mallory = Ed25519PrivateKey.generate()
    var members: Set<[UInt8]> { [alice.publicKey.bytes, bob.publicKey.bytes] }

    func pair(_ i: Ed25519PrivateKey, _ r: Ed25519PrivateKey, allowedByI: Set<[UInt8]>? = nil, allowedByR: Set<[UInt8]>? = nil)
        throws
        -> (ValidatorHandshake, ValidatorHandshake)
    {
        (
            try ValidatorHandshake(
                initiator: true, identity: i, noiseStatic: X25519.generate().privateKey.bytes, chainID: "bpi",
                allowedIdentities: allowedByI ?? members),
            try ValidatorHandshake(
                initiator: false, identity: r, noiseStatic: X25519.generate().privateKey.bytes, chainID: "bpi",
                allowedIdentities: allowedByR ?? members)
        )
    }

    @Test("two validators learn each other's identity and get matching transport keys")
    func twoMembers() throws {
        var (i, r) = try pair(alice, bob)
        try r.readMessage(try i.writeMessage())
        try i.readMessage(try r.writeMessage())
        try r.readMessage(try i.writeMessage())
        #expect(i.isComplete && r.isComplete)
        #expect(i.peerIdentity == bob.publicKey && r.peerIdentity == alice.publicKey)
        var (send, _) = try i.split()
        var (_, receive) = try r.split()
        #expect(try receive.decrypt(try send.encrypt([42])) == [42])
    }

    @Test("a responder outside the set is refused by the initiator; an initiator outside by the responder")
    func outsiders() throws {
        var (i, r) = try pair(alice, mallory)
        try r.readMessage(try i.writeMessage())
        #expect(throws: NoiseError.unknownPeer(mallory.publicKey.description)) { try i.readMessage(try r.writeMessage()) }
        var (i2, r2) = try pair(mallory, bob)
        try r2.readMessage(try i2.writeMessage())
        try i2.readMessage(try r2.writeMessage())
        #expect(throws: NoiseError.unknownPeer(mallory.publicKey.description)) { try r2.readMessage(try i2.writeMessage()) }
        #expect(!r2.isComplete)
        #expect(throws: NoiseError.self) { try r2.split() }
    }

    @Test("an identity proof made for another Noise key or another chain does not transfer; garbage is refused")
    func binding() throws {
        let keyA = try X25519.publicKey(privateKey: [UInt8](repeating: 1, count: 32))
        let keyB = try X25519.publicKey(privateKey: [UInt8](repeating: 2, count: 32))
        let proof = ValidatorHandshake.makeProof(identity: bob, noiseStatic: keyA, chainID: "bpi")
        #expect(try ValidatorHandshake.verifyProof(proof, remoteStatic: keyA, chainID: "bpi", allowed: members) == bob.publicKey)
        // Mallory relays Bob's proof with her own Noise key (B): refused.
        #expect(throws: NoiseError.self) {
            try ValidatorHandshake.verifyProof(proof, remoteStatic: keyB, chainID: "bpi", allowed: members)
        }
        #expect(throws: NoiseError.self) {
            try ValidatorHandshake.verifyProof(proof, remoteStatic: keyA, chainID: "other", allowed: members)
        }
        #expect(throws: NoiseError.self) {
            try ValidatorHandshake.verifyProof([0x80], remoteStatic: keyA, chainID: "bpi", allowed: members)
        }
        // An honest validator outside the initiator's allowed set is refused end to end.
        var (i, r) = try pair(alice, bob, allowedByI: [alice.publicKey.bytes])
        try r.readMessage(try i.writeMessage())
        #expect(throws: NoiseError.unknownPeer(bob.publicKey.description)) { try i.readMessage(try r.writeMessage()) }
    }
}
