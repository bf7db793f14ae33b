import Hummingbird
import NIOCore

/// The request context of the node's API: Hummingbird's core context plus the client's address,
/// which rate limiting and mempool shares are keyed by.
public struct NodeRequestContext: RequestContext, RemoteAddressRequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The connected client, when the channel knows it.
    public let remoteAddress: SocketAddress?

    /// A context for a request arriving on `source.channel`.
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The client's IP address as text ("unknown" when the channel has none).
    public var clientAddress: String { remoteAddress?.ipAddress ?? "unknown" }
}
