import BPITestSupport
import BPITools
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Commands that start validators are safe to interrupt and to fail: Ctrl-C (SIGINT) stops what
/// the command started — and nothing else — removes what it created, and exits 130; a validator
/// that dies at start ends `bpi up` at once with the reason. In the serialized devnet suite so
/// that no two devnets run at once.
extension ValidatorServiceDevnetTests {
    func devnetFolder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("bpi-int-\(UUID().uuidString.prefix(8))").path
    }

    @Test("Ctrl-C on bpi demo stops its validators, removes its temporary folder and exits 130")
    func demoInterrupted() async throws {
        let demo = try BackgroundProcess(
            BPIBinary.path, ["demo", "--validators", "4", "--headers", "100000", "--payloads", "2", "--timeout", "300"])
        #expect(try await demo.waitForError(containing: "up: 4 validator processes started", seconds: 60), "\(demo.err)")
        let initLine = try #require(demo.err.split(separator: "\n").first { $0.hasPrefix("init: ") })
        let folder = try #require(initLine.split(separator: " ").first { $0.contains("bpi-demo-") }).description
        #expect(FileManager.default.fileExists(atPath: folder))
        // Let it reach the waiting phase with every validator running.
        #expect(try await demo.waitForError(containing: "data frames of", seconds: 60), "\(demo.err)")
        #expect(BackgroundProcess.processes(containing: folder).count == 4)
        demo.send(SIGINT)
        let status = try await demo.wait(seconds: 30)
        #expect(status == 130 && !demo.endedBySignal, "\(demo.err.suffix(1_000))")
        #expect(demo.err.contains("bpi: interrupted"), "\(demo.err.suffix(500))")
        #expect(BackgroundProcess.processes(containing: folder).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: folder))
    }

    @Test("Ctrl-C on bpi up stops only the validators that invocation started and exits 130")
    func upInterruptedStopsOnlyItsOwn() async throws {
        let dir = devnetFolder()
        defer {
            _ = try? BPIBinary.run(["down", "--dir", dir, "--kill"])
            try? FileManager.default.removeItem(atPath: dir)
        }
        #expect(try BPIBinary.run(["init", "--validators", "4", "--dir", dir, "--base-port", "0"]).status == 0)
        let first = try BPIBinary.run(["up", "--dir", dir, "--only", "0,1", "--detach", "--timeout", "60"])
        #expect(first.status == 0, "\(first.err)")
        let up = try BackgroundProcess(BPIBinary.path, ["up", "--dir", dir, "--only", "2,3"])
        #expect(try await up.waitForError(containing: "started validators [2, 3]", seconds: 30), "\(up.err)")
        let layout = DevnetLayout(directory: dir)
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, (try await DevnetTool.status(directory: dir)).contains(where: { !$0.up }) {
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(try await DevnetTool.status(directory: dir).allSatisfy(\.up))
        up.send(SIGINT)
        let status = try await up.wait(seconds: 30)
        #expect(status == 130 && !up.endedBySignal, "\(up.err.suffix(800))")
        #expect(up.err.contains("stopped the validators this run started, [2, 3]"), "\(up.err.suffix(800))")
        #expect(layout.isRunning(0) && layout.isRunning(1), "validators 0 and 1 were not this run's to stop")
        #expect(!layout.isRunning(2) && !layout.isRunning(3))
    }

    @Test(
        "a validator that exits at start (its API port is taken) ends bpi up --detach at once: exit 1, the end of its log, the others it started stopped"
    )
    func upNoticesDeadValidator() async throws {
        let dir = devnetFolder()
        defer {
            _ = try? BPIBinary.run(["down", "--dir", dir, "--kill"])
            try? FileManager.default.removeItem(atPath: dir)
        }
        #expect(try BPIBinary.run(["init", "--validators", "4", "--dir", dir, "--base-port", "0"]).status == 0)
        let layout = DevnetLayout(directory: dir)
        let port = try layout.configs()[3].api.port
        let blocker = try PortBlocker(port: port)
        defer { blocker.close() }
        let started = Date()
        let up = try BPIBinary.run(["up", "--dir", dir, "--detach", "--timeout", "120"])
        let seconds = Date().timeIntervalSince(started)
        #expect(up.status == 1, "\(up.err)")
        #expect(up.err.contains("validator 3 exited before it answered"), "\(up.err)")
        #expect(up.err.contains(layout.logPath(3)), "\(up.err)")
        #expect(
            up.err.contains("cannot listen on 127.0.0.1:\(port): the address is in use"), "the log's reason is quoted: \(up.err)")
        #expect(seconds < 60, "it noticed at once, not at its 120 s timeout (\(seconds) s)")
        #expect((0..<4).allSatisfy { !layout.isRunning($0) })
    }
}

extension ValidatorServiceDevnetTests {
    @Test(
        "the README's devnet walk, interrupted at each long step — init, up --detach --wait-height, status --watch — leaves no process or folder behind it did not mean to"
    )
    func readmeWalkInterrupted() async throws {
        let dir = devnetFolder()
        defer {
            _ = try? BPIBinary.run(["down", "--dir", dir, "--kill"])
            try? FileManager.default.removeItem(atPath: dir)
        }
        // init, interrupted after its first validator: nothing of the devnet is left.
        let initRun = try BackgroundProcess(BPIBinary.path, ["init", "--validators", "16", "--dir", dir, "--base-port", "0"])
        #expect(try await initRun.waitForError(containing: "validator 0: keys", seconds: 60), "\(initRun.err)")
        initRun.send(SIGINT)
        #expect(try await initRun.wait(seconds: 60) == 130 && !initRun.endedBySignal, "\(initRun.err)")
        #expect(!FileManager.default.fileExists(atPath: dir), "init left \(dir) behind")
        // init again, whole; then up --detach waiting for a height it will not reach soon, interrupted.
        #expect(try BPIBinary.run(["init", "--validators", "4", "--dir", dir, "--base-port", "0"]).status == 0)
        let up = try BackgroundProcess(
            BPIBinary.path, ["up", "--dir", dir, "--detach", "--wait-height", "1000000", "--timeout", "600"])
        #expect(try await up.waitForError(containing: "started validators [0, 1, 2, 3]", seconds: 60), "\(up.err)")
        up.send(SIGINT)
        #expect(try await up.wait(seconds: 60) == 130 && !up.endedBySignal, "\(up.err)")
        #expect(BackgroundProcess.processes(containing: dir).isEmpty, "up left validators running")
        // up for real; status --watch, interrupted, stops nothing.
        #expect(try BPIBinary.run(["up", "--dir", dir, "--detach", "--wait-height", "2", "--timeout", "120"]).status == 0)
        let watch = try BackgroundProcess(BPIBinary.path, ["status", "--dir", dir, "--watch"])
        let deadline = Date().addingTimeInterval(60)
        while !watch.out.contains("v3") && Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
        watch.send(SIGINT)
        #expect(try await watch.wait(seconds: 60) == 130 && !watch.endedBySignal, "\(watch.err)")
        #expect(BackgroundProcess.processes(containing: dir).count == 4, "status --watch must not stop validators")
        let down = try BPIBinary.run(["down", "--dir", dir])
        #expect(down.status == 0 && down.out.contains("stopped validators [0, 1, 2, 3]"))
        #expect(BackgroundProcess.processes(containing: dir).isEmpty)
    }
}

/// A TCP port held by a listening socket, so a validator cannot bind it.
final class PortBlocker {
    private let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 4) == 0 else {
            Glibc.close(fd)
            throw POSIXError(.EADDRINUSE)
        }
    }

    func close() { Glibc.close(fd) }
}
