import BPICodec
import BPITypes
import CDockLockNative
import Foundation

/// The native cage (docs/SPEC.md §13.6): a static Linux program in fresh mount, network, PID, IPC
/// and UTS namespaces, chrooted into a directory holding only itself (`/prog`), its inputs (`/in`)
/// and its output directory (`/out`), with ASLR and the time-stamp counter off, CPU, memory, file
/// size and descriptor limits, an empty environment but the header's, its seed on descriptor 3, and a
/// seccomp filter that refuses time, randomness, the network, new processes and host facts. Every
/// refused system call reaches the supervisor, is answered `EPERM` and becomes a `denied` event.
/// Fuel is CPU milliseconds here and is not recorded (`fuelUsed` 0): CPU time is not deterministic.
public struct NativeRuntime: Runtime {
    /// `linux-seccomp-1`.
    public let engine = "linux-seccomp-1"

    /// The cage.
    public init() {}

    public func run(_ job: RunJob, supply: any HostSupply) throws(DockLockError) -> RunResult {
        guard job.header.runtime == .native else { throw .badRun("the run header names the \(job.header.runtime) runtime") }
        try StaticELF.check(job.module)
        let directory: JobDirectory
        do {
            directory = try JobDirectory(program: job.module, inputs: supply.inputs)
        } catch {
            throw .nativeUnavailable("could not prepare the job directory: \(error)")
        }
        defer { directory.remove() }
        var recorder = EventRecorder()
        recorder.record(.args, data: CBOREncoder.encodeStrings(job.header.args), value: UInt64(job.header.args.count))
        recorder.record(.environment, data: CBOREncoder.encodeStrings(job.header.env), value: UInt64(job.header.env.count))
        let seed = try supply.random(count: 32)
        recorder.record(.random, data: seed, value: 32)

        let limits = job.header.limits
        var result = dl_native_result()
        let status = CStrings.withArray(job.header.args.isEmpty ? ["prog"] : job.header.args) { argv in
            CStrings.withArray(job.header.env) { envp in
                seed.withUnsafeBufferPointer { seedBytes in
                    directory.root.path.withCString { root in
                        directory.stdout.path.withCString { out in
                            directory.stderr.path.withCString { err in
                                var native = dl_native_job(
                                    root: root, stdout_path: out, stderr_path: err, argv: argv, envp: envp,
                                    seed: seedBytes.baseAddress, cpu_ms: limits.fuel,
                                    memory_bytes: limits.memoryPages * 65_536, output_bytes: limits.outputBytes,
                                    wall_ms: min(limits.fuel * 4 + 5_000, 3_600_000))
                                return dl_native_run(&native, &result)
                            }
                        }
                    }
                }
            }
        }
        guard status == 0 else {
            let message = withUnsafeBytes(of: result.error) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            throw .nativeUnavailable(message)
        }
        let denied = withUnsafeBytes(of: result.denied) { raw in
            Array(raw.bindMemory(to: Int32.self).prefix(Int(result.denied_count)))
        }
        for nr in denied {
            var name = [CChar](repeating: 0, count: 64)
            dl_syscall_name(nr, &name, 64)
            let text = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            recorder.record(.denied, data: Array((text.isEmpty ? "syscall-\(nr)" : text).utf8), value: 1)
        }
        var outputs = RunOutputs()
        outputs.stdout = (try? [UInt8](Data(contentsOf: directory.stdout))) ?? []
        outputs.stderr = (try? [UInt8](Data(contentsOf: directory.stderr))) ?? []
        outputs.files = directory.outputFiles()
        recorder.record(.write, data: outputs.stdout, value: 1)
        recorder.record(.write, data: outputs.stderr, value: 2)
        for name in outputs.files.keys.sorted(by: RunFile.precedes) {
            recorder.record(.openOutput, data: Array(name.utf8), value: 0)
            recorder.record(.write, data: outputs.files[name]!, value: 0)
        }
        var outcome = RunOutcome.exited
        var exitCode: UInt64 = 0
        if result.too_many_denied != 0 || result.timed_out != 0 {
            outcome = .killed
        } else if result.exited != 0 {
            exitCode = UInt64(result.exit_code)
        } else if result.signal == SIGXCPU {
            outcome = .outOfFuel
        } else if result.signal == SIGXFSZ || UInt64(outputs.byteCount) > limits.outputBytes {
            outcome = .outputLimit
        } else {
            outcome = .trap
        }
        return RunResult(
            job: job, engine: engine, recorder: recorder, supply: supply, outputs: outputs, outcome: outcome,
            exitCode: exitCode, fuelUsed: 0)
    }
}
