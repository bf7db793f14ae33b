import Synchronization

/// The process-wide cursor `ProcessControl.freePorts` takes ports from: 20000–32767, below the
/// kernel's default ephemeral range, starting at a random place so that concurrent processes
/// rarely probe the same ports, and never handing out one port twice in one process before it wraps.
enum PortCursor {
    /// The lowest port handed out.
    static let lowest = 20_000
    /// How many ports the cursor cycles through.
    static let span = 12_768

    private static let offset = Mutex(Int.random(in: 0..<span))

    /// The next port, advancing the cursor.
    static func next() -> Int {
        offset.withLock { o in
            let port = lowest + o
            o = (o + 1) % span
            return port
        }
    }
}
