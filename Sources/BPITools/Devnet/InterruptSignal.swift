import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// SIGINT and SIGTERM caught instead of ending the process, so a long-running command (`bpi up`,
/// `bpi demo`) can stop what it started and remove what it created before it exits. Created once
/// per command run.
public final class InterruptSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var received = false
    private var sources: [DispatchSourceSignal] = []

    /// Starts catching SIGINT and SIGTERM; `onInterrupt` (e.g. cancelling the command's task) runs
    /// on the first one.
    public init(onInterrupt: (@Sendable () -> Void)? = nil) {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { [self] in
                lock.lock()
                let first = !received
                received = true
                lock.unlock()
                if first { onInterrupt?() }
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
