import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Whether a TCP port can be listened on now: `bpi config check` warns about ports in use, and the
/// devnet tools pick free ports with it.
public enum PortProbe {
    /// Whether a listener could bind `host:port` (IPv4) at this moment (without `SO_REUSEADDR`, so a
    /// port still in TIME_WAIT counts as taken).
    public static func canBind(host: String, port: Int) -> Bool {
        guard (0...65_535).contains(port) else { return false }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr(host)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }
}
