import BPICodec
import BPIDockLock
import BPIHash
import BPITestSupport
import BPITypes
import Foundation
import Testing

/// The native cage: a static C program that tries every escape (examples/docklock/escape.c) is
/// refused each one, recorded in order, and gives the same receipt every run; the vDSO clock read
/// ends the program; dynamic programs are refused at load.
@Suite struct NativeRuntimeTests {
    /// Compiles `examples/docklock/NAME.c` statically with the system's gcc.
    static func program(_ name: String) throws -> [UInt8] {
        let source = TestPaths.packageRoot.appendingPathComponent("examples/docklock/\(name).c").path
        let binary = FileManager.default.temporaryDirectory.appendingPathComponent("docklock-\(name)-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: binary) }
        let result = try Subprocess.run("/usr/bin/gcc", ["-static", "-O2", "-o", binary.path, source])
        try #require(result.status == 0, "gcc: \(result.err)")
        return [UInt8](try Data(contentsOf: binary))
    }

    static func job(_ module: [UInt8], limits: RunLimits = RunLimits(fuel: 5_000, memoryPages: 4096, outputBytes: 1 << 20))
        throws -> RunJob
    {
        try RunJob(
            runtime: .native, module: module, inputs: [RunInput(name: "doc.txt", content: Array("twenty-one bytes here".utf8))],
            seed: Hash32([UInt8](repeating: 0xAB, count: 32))!, timeMs: 0, args: ["escape", "x"], env: ["A=1"], limits: limits)
    }

    @Test func everyEscapeIsDeniedRecordedAndTheSameEveryRun() throws {
        let module = try Self.program("escape")
        let a = try DockLock.run(try Self.job(module))
        let lines = String(decoding: a.outputs.stdout, as: UTF8.self).split(separator: "\n").map(String.init)
        var stream = RandomStream(seed: Hash32([UInt8](repeating: 0xAB, count: 32))!)
        #expect(lines.first == "seed 32 0")
        #expect(lines.dropFirst().first == Hex.encode(stream.next(32)))
        for call in ["getrandom", "clock_gettime", "gettimeofday", "time", "socket", "fork", "execve", "uname", "kill"] {
            #expect(lines.contains("\(call) -1 1"), "\(call) was not refused with EPERM")
        }
        #expect(lines.contains("open-passwd -1 2"))  // ENOENT: the chroot holds no /etc
        #expect(lines.contains("open-urandom -1 2"))  // nor /dev
        #expect(lines.contains("getpid 1 0"))  // its own PID namespace
        #expect(lines.contains("arg x") && lines.contains("env A=1") && lines.filter { $0.hasPrefix("env ") }.count == 1)
        #expect(lines.contains("doc.txt 21 bytes"))
        #expect(a.outputs.files["result.txt"] == Array("21\n".utf8))
        #expect(a.receipt.outcome == .exited && a.receipt.exitCode == 3)
        for call in ["getrandom", "clock_gettime", "socket", "clone", "execve", "uname", "kill"] {  // glibc forks with clone
            #expect(a.deniedCalls.contains(call), "\(call) is not a denied event")
        }
        #expect(a.events.filter { $0.kind == .denied }.count == a.deniedCalls.count)
        for _ in 0..<3 {
            let b = try DockLock.run(try Self.job(module))
            #expect(b.receipt.canonicalBytes() == a.receipt.canonicalBytes())
        }
        let replay = try DockLock.replay(a.receipt, witness: WitnessLog.encode(a.witness))
        #expect(replay.outputs == a.outputs)
    }

    /// The host process may hold many descriptors, not all close-on-exec (a node's sockets, files, other
    /// tests' pipes): with 200 inheritable ones open beyond the cage's own limit of 64, the cage still
    /// starts, the program holds none of them, and the receipt is the one a quiet process gets.
    @Test func hostDescriptorsNeverReachTheProgramNorStopTheCage() throws {
        let module = try Self.program("escape")
        let quiet = try DockLock.run(try Self.job(module))
        var held: [Int32] = []
        defer { for fd in held { close(fd) } }
        for _ in 0..<100 {
            var fds: [Int32] = [0, 0]
            try #require(pipe(&fds) == 0)  // no O_CLOEXEC: inherited by every fork and exec
            held += fds
        }
        try #require(held.max()! >= 200)
        let busy = try DockLock.run(try Self.job(module))
        let lines = String(decoding: busy.outputs.stdout, as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(lines.contains("inherited-descriptors 0"))
        #expect(busy.receipt.canonicalBytes() == quiet.receipt.canonicalBytes())
    }

    @Test func aVDSOClockReadEndsTheProgram() throws {
        let r = try DockLock.run(try Self.job(try Self.program("vdso-clock")))
        #expect(r.receipt.outcome == .trap)
        #expect(r.outputs.stdout.isEmpty)
    }

    @Test func dynamicProgramsAndNonELFAreRefusedAtLoad() throws {
        let dynamic = [UInt8](try Data(contentsOf: URL(fileURLWithPath: "/bin/true")))
        #expect(throws: DockLockError.self) { try DockLock.run(try Self.job(dynamic)) }
        #expect(throws: DockLockError.self) { try DockLock.run(try Self.job(Array("#!/bin/sh\necho hi\n".utf8))) }
    }
}
