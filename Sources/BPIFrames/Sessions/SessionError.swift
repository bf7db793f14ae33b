import BPINoise

/// Why a session could not be set up, or a data frame's payload could not be opened.
public enum SessionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The Noise handshake failed (tampering, wrong keys, out of order).
    case handshake(NoiseError)
    /// The handshake proved a static key other than the one the directory holds for the peer.
    case wrongPeer
    /// The payload is under a key the session already replaced (erased): refused.
    case supersededKey(epoch: UInt32, current: UInt32)
    /// The payload claims a key epoch implausibly far ahead.
    case tooFarAhead(epoch: UInt32, current: UInt32)
    /// The payload does not open under the session key with this frame header as associated data.
    case openFailed
    /// The sealed payload is too short to hold an epoch, a nonce and a tag.
    case malformed

    /// A message a user can act on.
    public var description: String {
        switch self {
        case .handshake(let e): return "session handshake failed: \(e)"
        case .wrongPeer: return "the session peer's static key is not the one the service directory holds"
        case .supersededKey(let e, let c): return "the payload is under key epoch \(e), replaced by epoch \(c): refused"
        case .tooFarAhead(let e, let c): return "the payload claims key epoch \(e), too far ahead of \(c)"
        case .openFailed: return "the payload does not open under the session key with this frame's header"
        case .malformed: return "the sealed payload is too short"
        }
    }
}
