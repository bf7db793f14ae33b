import BPIHash
import BPITypes

/// What a run produced: standard output, standard error and the files it wrote.
public struct RunOutputs: Sendable, Equatable {
    /// Standard output.
    public var stdout: [UInt8] = []
    /// Standard error.
    public var stderr: [UInt8] = []
    /// Files written to the output directory, by name.
    public var files: [String: [UInt8]] = [:]

    /// Most output files a run may leave (either cage).
    public static let maxFiles = 256

    /// An empty set of outputs.
    public init() {}

    /// Total bytes.
    public var byteCount: Int { stdout.count + stderr.count + files.values.reduce(0) { $0 + $1.count } }

    /// The outputs as named files: `stdout`, `stderr`, and `out:NAME` per file written.
    public var named: [RunInput] {
        [RunInput(name: "stdout", content: stdout), RunInput(name: "stderr", content: stderr)]
            + files.map { RunInput(name: "out:" + $0.key, content: $0.value) }
    }

    /// The committed entries of `named`.
    public var entries: [RunFile] { named.map(\.file) }

    /// The receipt's `outputHash`.
    public var hash: Hash32 { RunFile.root(entries) }
}
