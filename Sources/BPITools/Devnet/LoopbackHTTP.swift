import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One keep-alive HTTP/1.1 connection to a loopback node, on a plain blocking socket (a receive
/// timeout of 5 s): what load generators use, so the client's own cost stays small next to the
/// node's (URLSession on Linux spends more CPU per request than a validator does per frame).
/// Loopback devnets only; one thread at a time.
public final class LoopbackHTTP: @unchecked Sendable {
    private let host: String
    private let port: Int
    private var fd: Int32 = -1

    /// A connection to `host:port` (an IPv4 address), opened on first use.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    deinit { close() }

    /// Sends `method path` with `body` and reads the whole response: its status and body, or nil
    /// when the connection failed (it is reopened on the next call).
    public func exchange(_ method: String, _ path: String, body: [UInt8] = []) -> (status: Int, body: [UInt8])? {
        if fd < 0 { fd = Self.connect(host: host, port: port) }
        guard fd >= 0 else { return nil }
        let request = Array("\(method) \(path) HTTP/1.1\r\nHost: \(host)\r\nContent-Length: \(body.count)\r\n\r\n".utf8) + body
        guard request.withUnsafeBytes({ Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) == request.count,
            let response = read()
        else {
            close()
            return nil
        }
        return response
    }

    /// Closes the connection.
    public func close() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
    }

    private func read() -> (status: Int, body: [UInt8])? {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { return nil }
            received += buffer[0..<n]
            guard let headEnd = Self.find([13, 10, 13, 10], in: received) else { continue }
            let head = String(decoding: received[0..<headEnd], as: UTF8.self)
            let length =
                head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
            guard received.count >= headEnd + 4 + length else { continue }
            let parts = head.split(separator: " ")
            return (parts.count > 1 ? Int(parts[1]) ?? 0 : 0, Array(received[(headEnd + 4)..<(headEnd + 4 + length)]))
        }
    }

    private static func connect(host: String, port: Int) -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return -1 }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr(host)
        address.sin_port = UInt16(port).bigEndian
        let ok = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        if !ok {
            Glibc.close(fd)
            return -1
        }
        return fd
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        return haystack.withUnsafeBufferPointer { h in
            (0...(h.count - needle.count)).first { i in (0..<needle.count).allSatisfy { h[i + $0] == needle[$0] } }
        }
    }
}
