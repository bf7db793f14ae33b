/// A Noise handshake pattern (Noise spec rev. 34, §7) over 25519, ChaChaPoly and SHA-256: the
/// tokens of each message and the pre-messages. Two are used here: XX between validators (neither
/// knows the other's static key beforehand; BPINet) and IK between services (the initiator knows
/// the responder's static key from the service directory; BPIFrames).
public enum NoisePattern: Sendable, Equatable {
    /// `-> e`, `<- e, ee, s, es`, `-> s, se`.
    case xx
    /// `<- s` (pre-message), `-> e, es, s, ss`, `<- e, ee, se`.
    case ik

    /// A message token.
    enum Token { case e, s, ee, es, se, ss }

    /// The protocol name hashed into the transcript.
    public var protocolName: String {
        switch self {
        case .xx: return "Noise_XX_25519_ChaChaPoly_SHA256"
        case .ik: return "Noise_IK_25519_ChaChaPoly_SHA256"
        }
    }

    /// The handshake messages' tokens, initiator first, alternating.
    var messages: [[Token]] {
        switch self {
        case .xx: return [[.e], [.e, .ee, .s, .es], [.s, .se]]
        case .ik: return [[.e, .es, .s, .ss], [.e, .ee, .se]]
        }
    }

    /// Whether the responder's static key is a pre-message (known to the initiator beforehand).
    var responderStaticKnown: Bool { self == .ik }
}
