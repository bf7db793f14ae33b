import BPINode
import BPIToolKit
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Starting and stopping validator processes for `bpi up`/`down`/`demo`.
public enum ProcessControl {
    /// Starts `executable arguments…` in a session of its own (so a Ctrl-C in the terminal reaches
    /// only `bpi up`, which then stops the nodes itself), stdout and stderr appended to `logPath`,
    /// no other descriptor inherited.
    public static func spawnDetached(executable: String, arguments: [String], logPath: String) throws(ToolError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Nothing else is inherited: a descriptor left open in a long-lived node keeps, for example,
        // the socket by which Foundation's Process learns that `bpi up` exited (its parent would
        // wait forever), or a caller's pipe.
        let inherited = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd"))?.compactMap { Int32($0) } ?? []
        for fd in inherited where fd > 2 { posix_spawn_file_actions_addclose(&actions, fd) }
        // POSIX_SPAWN_SETSID (glibc 2.26+; hidden from Swift behind _GNU_SOURCE).
        posix_spawnattr_setflags(&attributes, 0x80)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard rc == 0 else { throw .io("cannot start \(executable): \(String(cString: strerror(rc)))") }
        return pid
    }

    /// Whether `pid` is a live (not zombie) process whose command line contains `marker`.
    public static func isRunning(_ pid: pid_t, marker: String) -> Bool {
        reap(pid)
        guard kill(pid, 0) == 0 else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")"), stat.index(close, offsetBy: 2) < stat.endIndex,
            stat[stat.index(close, offsetBy: 2)] != "Z"
        else { return false }
        guard let cmdline = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
        return String(decoding: cmdline.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self).contains(marker)
    }

    /// Collects `pid`'s exit status if it is our child, so it does not linger as a zombie.
    static func reap(_ pid: pid_t) {
        var status: Int32 = 0
        _ = waitpid(pid, &status, WNOHANG)
    }

    /// Sends `signal` and waits up to `timeout` seconds for the process to end; SIGKILL after that.
    public static func stop(_ pid: pid_t, marker: String, signal: Int32 = SIGTERM, timeout: Double = 10) {
        guard isRunning(pid, marker: marker) else { return }
        kill(pid, signal)
        let deadline = Date().addingTimeInterval(timeout)
        while isRunning(pid, marker: marker) && Date() < deadline { usleep(20_000) }
        if isRunning(pid, marker: marker) {
            kill(pid, SIGKILL)
            while isRunning(pid, marker: marker) { usleep(20_000) }
        }
    }

    /// `count` TCP ports on 127.0.0.1, free when checked, taken from below the kernel's ephemeral
    /// range (`ip_local_port_range`, 32768–60999 by default).
    ///
    /// Ports the kernel hands out for `bind(0)` and for outgoing connections come from the ephemeral
    /// range, so a port found there by binding to 0 and releasing it can be taken again by anyone
    /// before the validator binds it (a test server on port 0, a client's source port). Below that
    /// range only explicit binds compete: a process-wide cursor starting at a random place means two
    /// calls in one process never return the same port, and each port is checked by binding it.
    public static func freePorts(_ count: Int) throws(ToolError) -> [Int] {
        var ports: [Int] = []
        var tried = 0
        while ports.count < count {
            guard tried < PortCursor.span else {
                throw .io(
                    "no free TCP port on 127.0.0.1 between \(PortCursor.lowest) and \(PortCursor.lowest + PortCursor.span - 1)")
            }
            tried += 1
            let port = PortCursor.next()
            if PortProbe.canBind(host: "127.0.0.1", port: port) { ports.append(port) }
        }
        return ports
    }

    /// The path of the running executable.
    public static var currentExecutable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}
