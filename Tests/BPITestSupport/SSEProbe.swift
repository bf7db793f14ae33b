import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Reads the first events of a Server-Sent Events stream over a plain HTTP/1.1 connection (URLSession
/// on Linux cannot stream a response body), then closes it.
public enum SSEProbe {
    /// One event.
    public struct Event: Sendable, Equatable, CustomStringConvertible {
        public var id: String
        public var event: String
        public var data: String
        public var description: String { "\(id)/\(event)" }
    }

    /// Why the probe failed.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    /// The first `events` events of `GET path` on `host:port`, within `seconds`.
    public static func read(host: String, port: Int, path: String, events count: Int, seconds: Int = 20) throws -> [Event] {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: \(errno)") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr(host)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "connect to \(host):\(port): errno \(errno)") }
        let request = Array("GET \(path) HTTP/1.1\r\nHost: \(host)\r\nAccept: text/event-stream\r\n\r\n".utf8)
        guard send(fd, request, request.count, 0) == request.count else { throw Failure(description: "send failed") }
        var text = ""
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let deadline = Date().addingTimeInterval(Double(seconds))
        while Date() < deadline {
            let n = recv(fd, &buffer, buffer.count, 0)
            guard n > 0 else { break }
            text += String(decoding: buffer[0..<n], as: UTF8.self)
            let parsed = parse(text)
            if parsed.count >= count { return Array(parsed.prefix(count)) }
        }
        throw Failure(description: "got \(parse(text).count) of \(count) events; the stream so far: \(text.prefix(600))")
    }

    /// The complete events in `text` (the HTTP head and chunk-size lines are skipped).
    static func parse(_ text: String) -> [Event] {
        guard let start = text.range(of: "\r\n\r\n") else { return [] }
        var out: [Event] = []
        var current = Event(id: "", event: "", data: "")
        // "\r\n" is one Character in Swift: normalise line ends before splitting on "\n".
        let body = text[start.upperBound...].replacingOccurrences(of: "\r\n", with: "\n")
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty {
                if !current.event.isEmpty { out.append(current) }
                current = Event(id: "", event: "", data: "")
            } else if line.hasPrefix("id: ") {
                current.id = String(line.dropFirst(4))
            } else if line.hasPrefix("event: ") {
                current.event = String(line.dropFirst(7))
            } else if line.hasPrefix("data: ") {
                current.data = String(line.dropFirst(6))
            }
        }
        return out
    }
}
