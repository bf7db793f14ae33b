import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// SIGINT and SIGTERM caught instead of ending the process, so a long-running command (`bpi up`)
/// can stop what it started before it exits. Created once per command run.
public final class InterruptSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var received = false
    private var sources: [DispatchSourceSignal] = []

    /// Starts catching SIGINT and SIGTERM.
    public init() {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { [self] in
                lock.lock()
                received = true
                lock.unlock()
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Whether a signal arrived.
    public var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return received
    }
}
