import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A bounded load test of a node's write endpoint: `clients` threads, each on its own keep-alive
/// HTTP/1.1 connection, POST small distinct bodies to `/v1/frames` (each refused as not a frame) back to back until
/// `stop()`, counting the answers by status. Plain blocking sockets (a receive timeout of 5 s) and
/// a stop flag rather than task cancellation, so stopping never waits on a cancelled request.
/// Loopback devnets only.
public final class PayloadFlood: @unchecked Sendable {
    private let host: String
    private let port: Int
    private let clients: Int
    private let lock = NSLock()
    private var stopped = false
    private var answers: [Int: Int] = [:]
    private var threads: [Thread] = []
    private let done = DispatchGroup()

    /// A flood of `clients` connections at `host:port` (an IPv4 address).
    public init(host: String, port: Int, clients: Int) {
        self.host = host
        self.port = port
        self.clients = max(1, clients)
    }

    /// Starts the senders.
    public func start() {
        for c in 0..<clients {
            done.enter()
            let thread = Thread { [self] in
                send(client: c)
                done.leave()
            }
            threads.append(thread)
            thread.start()
        }
    }

    /// Stops the senders, waits for them, and returns the answers by HTTP status (0: a request
    /// that got no answer, e.g. a refused or dropped connection).
    public func stop() -> [Int: Int] {
        lock.lock()
        stopped = true
        lock.unlock()
        done.wait()
        lock.lock()
        defer { lock.unlock() }
        return answers
    }

    private var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    private func count(_ status: Int) {
        lock.lock()
        answers[status, default: 0] += 1
        lock.unlock()
    }

    private func send(client c: Int) {
        var fd: Int32 = -1
        var k = 0
        while !isStopped {
            if fd < 0 { fd = connectSocket() }
            guard fd >= 0 else {
                count(0)
                usleep(10_000)
                continue
            }
            let body = "flood \(c) \(k) \(UInt64.random(in: 0...UInt64.max))"
            k += 1
            let request = "POST /v1/frames HTTP/1.1\r\nHost: \(host)\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
            let status = exchange(fd, Array(request.utf8))
            count(status)
            if status == 0 {
                close(fd)
                fd = -1
            }
        }
        if fd >= 0 { close(fd) }
    }

    private func connectSocket() -> Int32 {
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
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        if !ok {
            close(fd)
            return -1
        }
        return fd
    }

    /// Writes one request and reads one response; returns its status (0 on any failure).
    private func exchange(_ fd: Int32, _ request: [UInt8]) -> Int {
        guard request.withUnsafeBytes({ Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) == request.count else {
            return 0
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4_096)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { return 0 }
            received += buffer[0..<n]
            guard let headEnd = Self.find([13, 10, 13, 10], in: received) else { continue }
            let head = String(decoding: received[0..<headEnd], as: UTF8.self)
            let length =
                head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
            guard received.count >= headEnd + 4 + length else { continue }
            let parts = head.split(separator: " ")
            return parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        }
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for i in 0...(haystack.count - needle.count) where Array(haystack[i..<i + needle.count]) == needle { return i }
        return nil
    }
}
