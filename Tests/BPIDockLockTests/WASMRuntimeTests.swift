import BPICodec
import BPIDockLock
import BPIHash
import BPITypes
import Testing

/// The WASM cage: each example workload's record, the limits, the escapes and the load-time refusals.
@Suite struct WASMRuntimeTests {
    static let seed = Hash32([UInt8](repeating: 7, count: 32))!

    static func job(_ w: ExampleWorkload, limits: RunLimits = .standard) throws -> RunJob {
        try RunJob(
            module: try DockLock.wasm(fromWAT: w.wat), inputs: w.inputs.map { RunInput(name: $0.0, content: $0.1) },
            seed: seed, timeMs: 1_700_000_000_000, args: [w.rawValue, "--flag"], env: ["LANG=C"], limits: limits)
    }

    @Test func wordcountCountsAndWritesItsOutputs() throws {
        let r = try DockLock.run(try Self.job(.wordcount))
        #expect(r.receipt.outcome == .exited)
        #expect(r.receipt.exitCode == 0)
        #expect(String(decoding: r.outputs.stdout, as: UTF8.self) == "11\n")
        #expect(r.outputs.files["count.txt"] == Array("11\n".utf8))
        #expect(r.receipt.fuelUsed > 0)
        #expect(r.receipt.eventCount == UInt64(r.events.count))
        #expect(r.receipt.cesRoot == RunEvent.root(r.events))
        #expect(r.events.last?.kind == .end)
    }

    @Test func entropyReadsTheLogicalClockAndTheSeededStream() throws {
        let r = try DockLock.run(try Self.job(.entropy))
        let out = r.outputs.stdout
        // realtime: timeMs·10^6 + reading index; others: index·1000 (little-endian u64)
        func u64(_ at: Int) -> UInt64 { (0..<8).reduce(0) { $0 | UInt64(out[at + $1]) << (8 * UInt64($1)) } }
        #expect(u64(0) == 1_700_000_000_000_000_000)
        #expect(u64(8) == 1_700_000_000_000_000_001)
        #expect(u64(16) == 2_000)
        #expect(u64(24) == 3_000)
        var stream = RandomStream(seed: Self.seed)
        #expect(Array(out[64..<112]) == stream.next(48))
        #expect(String(decoding: out[112...], as: UTF8.self) == "entropy\0--flag\0LANG=C\0")
    }

    @Test func limitsStopRunsWithTypedOutcomes() throws {
        let tight = RunLimits(fuel: 200_000, memoryPages: 8, outputBytes: 1 << 20)
        #expect(try DockLock.run(try Self.job(.loop, limits: tight)).receipt.outcome == .outOfFuel)
        #expect(try DockLock.run(try Self.job(.loop, limits: tight)).receipt.fuelUsed == 200_000)
        let bomb = try DockLock.run(try Self.job(.memoryBomb, limits: tight))
        #expect(bomb.receipt.outcome == .memoryLimit)
        #expect(bomb.events.contains { $0.kind == .memoryDenied && $0.value == 18 })
        #expect(try DockLock.run(try Self.job(.trap)).receipt.outcome == .trap)
        let exit = try DockLock.run(try Self.job(.exitCode)).receipt
        #expect(exit.outcome == .exited && exit.exitCode == 7)
        let small = RunLimits(fuel: 1_000_000, memoryPages: 8, outputBytes: 2)
        #expect(try DockLock.run(try Self.job(.wordcount, limits: small)).receipt.outcome == .outputLimit)
    }

    @Test func escapesAreRefusedAndRecorded() throws {
        let r = try DockLock.run(try Self.job(.escape))
        #expect(r.receipt.outcome == .exited)
        // sock_send, poll_oneoff: ENOSYS; ../ and absolute paths: ENOTCAPABLE; creating in /in:
        // ENOTCAPABLE; unlink: ENOTCAPABLE; write to /in: EBADF; read stdout: EBADF; bad iovec: EFAULT.
        #expect(String(decoding: r.outputs.stdout, as: UTF8.self) == "52\n52\n76\n76\n76\n76\n8\n8\n21\n")
        let denied = r.events.filter { $0.kind == .denied }.count
        #expect(denied >= 4)
    }

    @Test func modulesOutsideTheCageAreRefusedAtLoad() throws {
        for refused in ExampleWorkload.Refused.allCases {
            let module = try DockLock.wasm(fromWAT: ExampleWorkload.wat(refused))
            let job = try RunJob(module: module, inputs: [], seed: Self.seed, timeMs: 0, args: [])
            #expect(throws: DockLockError.self) { try DockLock.run(job) }
        }
        let garbage = try RunJob(module: [0, 97, 115, 109, 9], inputs: [], seed: Self.seed, timeMs: 0, args: [])
        #expect(throws: DockLockError.self) { try DockLock.run(garbage) }
    }

    @Test func sameJobSameRecord() throws {
        for w in ExampleWorkload.allCases where w != .compute {
            let a = try DockLock.run(try Self.job(w))
            let b = try DockLock.run(try Self.job(w))
            #expect(a.receipt == b.receipt, "\(w)")
            #expect(a.receipt.canonicalBytes() == b.receipt.canonicalBytes())
        }
    }

    @Test func aWriteNamingTheWholeMemoryManyTimesIsStoppedBeforeItIsCopied() throws {
        // 1,024 iovecs, each the whole 2-page memory: 128 MiB asked for, more than the 16 MiB the
        // run may write; the cage must refuse it by its size, not copy it first.
        let wat = """
            (module
              (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
              (memory (export "memory") 2)
              (func (export "_start") (local $i i32)
                (loop $fill
                  (i32.store (i32.add (i32.const 1024) (i32.mul (local.get $i) (i32.const 8))) (i32.const 0))
                  (i32.store (i32.add (i32.const 1028) (i32.mul (local.get $i) (i32.const 8))) (i32.const 131072))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br_if $fill (i32.lt_u (local.get $i) (i32.const 1024))))
                (drop (call $fd_write (i32.const 1) (i32.const 1024) (i32.const 1024) (i32.const 0)))))
            """
        let job = try RunJob(module: try DockLock.wasm(fromWAT: wat), inputs: [], seed: Self.seed, timeMs: 0, args: ["w"])
        let r = try DockLock.run(job)
        #expect(r.receipt.outcome == .outputLimit)
        #expect(r.outputs.stdout.isEmpty)
    }
}
