/// Where a validator listens for its peers.
public struct PeerAddress: Sendable, Equatable {
    /// Host name or IP address.
    public var host: String
    /// TCP port.
    public var port: Int

    /// Creates an address.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `host:port`.
    public init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (1...65_535).contains(port)
        else { return nil }
        host = String(text[..<colon])
        guard !host.isEmpty else { return nil }
        self.port = port
    }

    /// `host:port`.
    public var text: String { "\(host):\(port)" }
}
