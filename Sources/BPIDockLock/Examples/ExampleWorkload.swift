/// The example workloads of DockLock (docs/SPEC.md §13.7), in WebAssembly text: the demo's word
/// count, and one program per behaviour the cage must pin down — the clock and random stream,
/// files, memory growth, a trap, a memory bomb, an endless loop, escapes. The determinism harness
/// (`bpi bench --only docklock`, `scripts/docklock-determinism`) runs each of them in fresh processes.
public enum ExampleWorkload: String, CaseIterable, Sendable {
    /// Counts the words of `/in/doc.txt`; prints the count and writes it to `/out/count.txt`.
    case wordcount
    /// Prints its arguments, environment, two readings of each clock and 48 random bytes.
    case entropy
    /// Grows its memory by 3 pages, fills them, prints a checksum.
    case memory
    /// Tries the exits a sandbox must close: sockets, polling, paths outside `/in` and `/out`,
    /// writing to the input directory, reading an output; prints each errno; exits 0.
    case escape
    /// Executes `unreachable`.
    case trap
    /// Grows its memory until the cage stops it.
    case memoryBomb = "memory-bomb"
    /// Loops forever until the fuel runs out.
    case loop
    /// Exits with code 7 through `proc_exit`.
    case exitCode = "exit-code"
    /// A compute-bound loop (a 64-bit LCG over 4 million steps, 4 a loop iteration), for the
    /// cage-overhead benchmark.
    case compute

    /// Workloads whose module the cage refuses at load.
    public enum Refused: String, CaseIterable, Sendable {
        /// Imports `env.socket`, outside the ABI.
        case badImport = "bad-import"
        /// Adds two doubles: NaN-producing floating point.
        case float
        /// Has a start section.
        case start
    }

    /// The workload's text.
    public var wat: String {
        switch self {
        case .wordcount: return Self.wordcountWAT
        case .entropy: return Self.entropyWAT
        case .memory: return Self.memoryWAT
        case .escape: return Self.escapeWAT
        case .trap: return Self.program("unreachable")
        case .memoryBomb: return Self.program("(loop $grow (drop (memory.grow (i32.const 16))) (br $grow))")
        case .loop: return Self.program("(loop $forever (br $forever))")
        case .exitCode: return Self.program("(call $proc_exit (i32.const 7))")
        case .compute: return Self.computeWAT(unroll: 4)
        }
    }

    /// The inputs the workload expects (name, content).
    public var inputs: [(String, [UInt8])] {
        switch self {
        case .wordcount:
            return [("doc.txt", Array("The mesh vouches that a workload ran\ndeterministically on given inputs.\n".utf8))]
        case .escape, .entropy: return [("secret.txt", Array("input only\n".utf8))]
        default: return []
        }
    }

    static let imports = """
          (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "path_open"
            (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
        """

    /// The memory and the printing helpers every example shares (after its imports).
    static let helpers = """
          (memory (export "memory") 2)
          ;; print(ptr, len): writes to standard output through the iovec at 64.
          (func $print (param $p i32) (param $n i32)
            (i32.store (i32.const 64) (local.get $p))
            (i32.store (i32.const 68) (local.get $n))
            (drop (call $fd_write (i32.const 1) (i32.const 64) (i32.const 1) (i32.const 72))))
          ;; print_u32(v): the decimal digits of v and a newline, built backwards from 2100.
          (func $print_u32 (param $v i32) (local $p i32)
            (local.set $p (i32.const 2100))
            (i32.store8 (local.get $p) (i32.const 10))
            (loop $digit
              (local.set $p (i32.sub (local.get $p) (i32.const 1)))
              (i32.store8 (local.get $p) (i32.add (i32.const 48) (i32.rem_u (local.get $v) (i32.const 10))))
              (local.set $v (i32.div_u (local.get $v) (i32.const 10)))
              (br_if $digit (local.get $v)))
            (call $print (local.get $p) (i32.sub (i32.const 2101) (local.get $p))))
        """

    static func program(_ body: String) -> String {
        "(module\n\(imports)\n\(helpers)\n  (func (export \"_start\")\n    \(body)))"
    }

    static let wordcountWAT = """
        (module
        \(imports)
        \(helpers)
          (data (i32.const 16) "doc.txt")
          (data (i32.const 32) "count.txt")
          (func (export "_start")
            (local $fd i32) (local $n i32) (local $i i32) (local $c i32) (local $words i32) (local $inword i32)
            (if (call $path_open (i32.const 3) (i32.const 0) (i32.const 16) (i32.const 7) (i32.const 0)
                  (i64.const -1) (i64.const -1) (i32.const 0) (i32.const 8))
              (then (call $proc_exit (i32.const 2))))
            (local.set $fd (i32.load (i32.const 8)))
            (block $eof
              (loop $chunk
                (i32.store (i32.const 80) (i32.const 4096))
                (i32.store (i32.const 84) (i32.const 4096))
                (drop (call $fd_read (local.get $fd) (i32.const 80) (i32.const 1) (i32.const 88)))
                (local.set $n (i32.load (i32.const 88)))
                (br_if $eof (i32.eqz (local.get $n)))
                (local.set $i (i32.const 0))
                (loop $byte
                  (local.set $c (i32.load8_u (i32.add (i32.const 4096) (local.get $i))))
                  (if (i32.le_u (local.get $c) (i32.const 32))
                    (then (local.set $inword (i32.const 0)))
                    (else
                      (if (i32.eqz (local.get $inword))
                        (then (local.set $words (i32.add (local.get $words) (i32.const 1)))))
                      (local.set $inword (i32.const 1))))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br_if $byte (i32.lt_u (local.get $i) (local.get $n))))
                (br $chunk)))
            (call $print_u32 (local.get $words))
            (if (call $path_open (i32.const 4) (i32.const 0) (i32.const 32) (i32.const 9) (i32.const 9)
                  (i64.const -1) (i64.const -1) (i32.const 0) (i32.const 8))
              (then (call $proc_exit (i32.const 3))))
            (drop (call $fd_write (i32.load (i32.const 8)) (i32.const 64) (i32.const 1) (i32.const 72)))))
        """

    static let entropyWAT = """
        (module
        \(imports)
          (import "wasi_snapshot_preview1" "clock_time_get" (func $clock (param i32 i64 i32) (result i32)))
          (import "wasi_snapshot_preview1" "random_get" (func $random (param i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes (param i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "args_get" (func $args (param i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "environ_sizes_get" (func $env_sizes (param i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "environ_get" (func $env (param i32 i32) (result i32)))
        \(helpers)
          (func (export "_start") (local $id i32)
            ;; two readings of each clock, 8 bytes each
            (loop $clocks
              (drop (call $clock (local.get $id) (i64.const 1) (i32.const 3000)))
              (drop (call $clock (local.get $id) (i64.const 1) (i32.const 3008)))
              (call $print (i32.const 3000) (i32.const 16))
              (local.set $id (i32.add (local.get $id) (i32.const 1)))
              (br_if $clocks (i32.lt_u (local.get $id) (i32.const 4))))
            (drop (call $random (i32.const 3100) (i32.const 48)))
            (call $print (i32.const 3100) (i32.const 48))
            (drop (call $args_sizes (i32.const 8) (i32.const 12)))
            (drop (call $args (i32.const 5000) (i32.const 6000)))
            (call $print (i32.const 6000) (i32.load (i32.const 12)))
            (drop (call $env_sizes (i32.const 8) (i32.const 12)))
            (drop (call $env (i32.const 5000) (i32.const 7000)))
            (call $print (i32.const 7000) (i32.load (i32.const 12)))))
        """

    static let memoryWAT = """
        (module
        \(imports)
        \(helpers)
          (func (export "_start") (local $p i32) (local $sum i32)
            (drop (memory.grow (i32.const 3)))
            (local.set $p (i32.const 131072))
            (loop $fill
              (i32.store8 (local.get $p) (local.get $p))
              (local.set $sum (i32.add (local.get $sum) (i32.load8_u (local.get $p))))
              (local.set $p (i32.add (local.get $p) (i32.const 1)))
              (br_if $fill (i32.lt_u (local.get $p) (i32.const 327680))))
            (call $print_u32 (memory.size))
            (call $print_u32 (local.get $sum))))
        """

    static let escapeWAT = """
        (module
        \(imports)
          (import "wasi_snapshot_preview1" "sock_send" (func $sock_send (param i32 i32 i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "path_unlink_file" (func $unlink (param i32 i32 i32) (result i32)))
        \(helpers)
          (data (i32.const 16) "../etc/passwd")
          (data (i32.const 32) "/etc/passwd")
          (data (i32.const 48) "secret.txt")
          (func (export "_start")
            (call $print_u32 (call $sock_send (i32.const 3) (i32.const 64) (i32.const 1) (i32.const 0) (i32.const 8)))
            (call $print_u32 (call $poll (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 8)))
            (call $print_u32 (call $path_open (i32.const 3) (i32.const 0) (i32.const 16) (i32.const 13) (i32.const 0)
              (i64.const -1) (i64.const -1) (i32.const 0) (i32.const 8)))
            (call $print_u32 (call $path_open (i32.const 3) (i32.const 0) (i32.const 32) (i32.const 11) (i32.const 0)
              (i64.const -1) (i64.const -1) (i32.const 0) (i32.const 8)))
            (call $print_u32 (call $path_open (i32.const 3) (i32.const 0) (i32.const 48) (i32.const 10) (i32.const 9)
              (i64.const -1) (i64.const -1) (i32.const 0) (i32.const 8)))
            (call $print_u32 (call $unlink (i32.const 3) (i32.const 48) (i32.const 10)))
            (call $print_u32 (call $fd_write (i32.const 3) (i32.const 64) (i32.const 1) (i32.const 72)))
            (call $print_u32 (call $fd_read (i32.const 1) (i32.const 64) (i32.const 1) (i32.const 72)))
            (call $print_u32 (call $fd_write (i32.const 1) (i32.const 131070) (i32.const 1000) (i32.const 72)))))
        """

    /// 4 million steps of a 64-bit LCG, `unroll` steps per loop iteration (the example unrolls 4, as
    /// an optimizing compiler would; 1 is the worst case for fuel metering, a charge per step).
    public static func computeWAT(unroll: Int) -> String {
        let step = """
                  (local.set $x (i64.add (i64.mul (local.get $x) (i64.const 6364136223846793005))
                                         (i64.const 1442695040888963407)))
            """
        return """
            (module
            \(imports)
            \(helpers)
              (func (export "_start") (local $x i64) (local $i i32)
                (local.set $x (i64.const 1))
                (loop $step
            \(String(repeating: step + "\n", count: unroll))
                  (local.set $i (i32.add (local.get $i) (i32.const \(unroll))))
                  (br_if $step (i32.lt_u (local.get $i) (i32.const 4000000))))
                (call $print_u32 (i32.wrap_i64 (i64.shr_u (local.get $x) (i64.const 32))))))
            """
    }

    /// The refused workload's text.
    public static func wat(_ refused: Refused) -> String {
        switch refused {
        case .badImport:
            return """
                (module
                  (import "env" "socket" (func $socket (param i32 i32 i32) (result i32)))
                  (memory (export "memory") 1)
                  (func (export "_start") (drop (call $socket (i32.const 2) (i32.const 1) (i32.const 0)))))
                """
        case .float:
            return """
                (module
                  (memory (export "memory") 1)
                  (func (export "_start") (f64.store (i32.const 0) (f64.add (f64.const 1) (f64.const 2)))))
                """
        case .start:
            return """
                (module
                  (memory (export "memory") 1)
                  (func $init)
                  (start $init)
                  (func (export "_start")))
                """
        }
    }
}
