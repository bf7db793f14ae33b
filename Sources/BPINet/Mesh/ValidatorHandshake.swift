import BPICodec
import BPICrypto
import BPIHash
import BPINoise

/// A Noise XX handshake in which each side proves it is a validator: its handshake payload is
/// `canonical([ed25519Key, signature])`, the signature covering `0x22 ‖ canonical([chainID,
/// noiseStatic])` (docs/SPEC.md §9). The responder proves itself in message 2, the initiator in
/// message 3, both encrypted; a peer whose key is not in `allowedIdentities`, or whose proof is for
/// another Noise key, is refused.
public struct ValidatorHandshake: Sendable {
    private var noise: NoiseHandshake
    private let identity: Ed25519PrivateKey
    private let chainID: String
    private let allowed: Set<[UInt8]>
    private let staticPublic: [UInt8]
    /// The peer's validator identity, once proven.
    public private(set) var peerIdentity: Ed25519PublicKey?

    /// Starts a handshake for `identity` with a fresh or given Noise static key.
    public init(
        initiator: Bool, identity: Ed25519PrivateKey, noiseStatic: [UInt8], chainID: String, allowedIdentities: Set<[UInt8]>
    ) throws(NoiseError) {
        noise = try NoiseHandshake(
            initiator: initiator, staticSecret: noiseStatic, prologue: Array("metanode/bpi/v1 \(chainID)".utf8))
        guard let pub = try? X25519.publicKey(privateKey: noiseStatic) else { throw .invalidPublicKey }
        staticPublic = pub
        self.identity = identity
        self.chainID = chainID
        allowed = allowedIdentities
    }

    /// What an identity key signs to bind a Noise static key on a chain.
    public static func bindingMessage(chainID: String, noiseStatic: [UInt8]) -> [UInt8] {
        [DomainTag.noiseIdentity.rawValue] + ((try? CBOREncoder.encode(.array([.text(chainID), .bytes(noiseStatic)]))) ?? [])
    }

    /// An identity proof: `canonical([ed25519Key, signature over the binding message])`.
    public static func makeProof(identity: Ed25519PrivateKey, noiseStatic: [UInt8], chainID: String) -> [UInt8] {
        let signature = identity.sign(bindingMessage(chainID: chainID, noiseStatic: noiseStatic))
        return (try? CBOREncoder.encode(.array([.bytes(identity.publicKey.bytes), .bytes(signature)]))) ?? []
    }

    var proof: [UInt8] { Self.makeProof(identity: identity, noiseStatic: staticPublic, chainID: chainID) }

    func verify(proof: [UInt8], remoteStatic: [UInt8]) throws(NoiseError) -> Ed25519PublicKey {
        try Self.verifyProof(proof, remoteStatic: remoteStatic, chainID: chainID, allowed: allowed)
    }

    /// Checks a proof against the Noise static key the peer used and the allowed identities.
    public static func verifyProof(_ proof: [UInt8], remoteStatic: [UInt8], chainID: String, allowed: Set<[UInt8]>)
        throws(NoiseError)
        -> Ed25519PublicKey
    {
        guard case .array(let items)? = try? CBORDecoder.decode(proof), items.count == 2, case .bytes(let keyBytes) = items[0],
            case .bytes(let signature) = items[1], let key = try? Ed25519PublicKey(bytes: keyBytes)
        else { throw .badIdentityProof("not [ed25519Key, signature]") }
        guard key.isValidSignature(signature, for: bindingMessage(chainID: chainID, noiseStatic: remoteStatic)) else {
            throw .badIdentityProof("the signature does not bind this Noise key on \(chainID)")
        }
        guard allowed.contains(keyBytes) else { throw .unknownPeer(key.description) }
        return key
    }

    /// Whether the handshake finished and the peer proved a validator identity.
    public var isComplete: Bool { noise.isComplete && peerIdentity != nil }

    /// Writes this side's next handshake message.
    public mutating func writeMessage() throws(NoiseError) -> [UInt8] {
        // Message 1 (initiator) is unencrypted: no identity in it.
        let carriesProof = noise.isInitiator ? noise.handshakeStepIsLast : true
        return try noise.writeMessage(carriesProof ? proof : [])
    }

    /// Reads the peer's next handshake message, verifying its identity proof when it carries one.
    public mutating func readMessage(_ message: [UInt8]) throws(NoiseError) {
        var copy = noise
        let payload = try copy.readMessage(message)
        let expectsProof = noise.isInitiator || copy.isComplete
        if expectsProof {
            guard let remote = copy.remoteStatic else { throw .badIdentityProof("no static key received") }
            peerIdentity = try verify(proof: payload, remoteStatic: remote)
        } else if !payload.isEmpty {
            throw .badIdentityProof("the first message must not carry a payload")
        }
        noise = copy
    }

    /// The transport cipher states, once complete.
    public mutating func split() throws(NoiseError) -> (send: NoiseCipherState, receive: NoiseCipherState) {
        guard peerIdentity != nil else { throw .outOfOrder("the peer has not proven its identity") }
        return try noise.split()
    }
}
