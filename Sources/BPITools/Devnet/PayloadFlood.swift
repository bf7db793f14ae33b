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
        let connection = LoopbackHTTP(host: host, port: port)
        var k = 0
        while !isStopped {
            let body = Array("flood \(c) \(k) \(UInt64.random(in: 0...UInt64.max))".utf8)
            k += 1
            guard let reply = connection.exchange("POST", "/v1/frames", body: body) else {
                count(0)
                usleep(10_000)
                continue
            }
            count(reply.status)
        }
        connection.close()
    }
}
