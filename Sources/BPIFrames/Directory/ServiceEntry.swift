import BPICrypto
import BPITypes

/// One service as the finalized chain knows it (docs/SPEC.md §12): its name, current keys and
/// rotation sequence.
public struct ServiceEntry: Sendable, Equatable {
    /// The SPIFFE ID.
    public var name: ServiceName
    /// The key its frames must be signed by.
    public var signingKey: Ed25519PublicKey
    /// The X25519 key sessions are set up against.
    public var sessionKey: [UInt8]
    /// The last accepted registration's sequence.
    public var sequence: UInt64
    /// The height whose block finalized the last registration.
    public var height: UInt64
}
