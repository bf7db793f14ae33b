import BPICodec
import BPIFrames
import BPIHash

/// A service as a node knows it (`GET /v1/services/{id}`, docs/SPEC.md §12): its directory entry
/// (absent while its first registration is pending) and where its nonce chain stands — after the
/// finalized frames, and after those pending here too (what the service's next frame links to).
public struct ServiceView: Codable, Sendable, Equatable {
    public var id: String
    public var name: String?
    public var signingKey: String?
    public var sessionKey: String?
    public var sequence: UInt64?
    /// The height that finalized its current keys.
    public var registeredAt: UInt64?
    public var finalizedChain: String
    public var pendingChain: String
    /// With `?to=DST`: the last nonce finalized or pending from this service to DST.
    public var lastNonce: UInt64?
    /// The node's newest finalized tick (what the service's next frame may name).
    public var tick: TickView?

    /// The view of service `id`.
    public init(id: Hash32, entry: ServiceEntry?, finalizedChain: Hash32, pendingChain: Hash32) {
        self.id = id.description
        name = entry?.name.uri
        signingKey = entry?.signingKey.description
        sessionKey = entry.map { Hex.encode($0.sessionKey) }
        sequence = entry?.sequence
        registeredAt = entry?.height
        self.finalizedChain = finalizedChain.description
        self.pendingChain = pendingChain.description
    }
}
