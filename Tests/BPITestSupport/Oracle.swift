import Foundation

/// Independent implementations from PyPI (cbor2, blake3, …), run as Python scripts from
/// `Tests/Oracles`. `scripts/setup` installs them into `.build/oracle-venv`.
public enum Oracle {
    /// Why an oracle could not answer.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String

        public init(description: String) { self.description = description }
    }

    /// The Python interpreter of the oracle venv (`$BPI_PYTHON` overrides).
    public static var python: String {
        ProcessInfo.processInfo.environment["BPI_PYTHON"]
            ?? TestPaths.packageRoot.appendingPathComponent(".build/oracle-venv/bin/python3").path
    }

    /// Runs `Tests/Oracles/<script>` with `arguments` and `input` on stdin; returns its stdout.
    public static func run(_ script: String, _ arguments: [String] = [], input: Data = Data()) throws -> Data {
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw Failure(description: "oracle Python not found at \(python); run scripts/setup first")
        }
        let path = TestPaths.packageRoot.appendingPathComponent("Tests/Oracles/\(script)").path
        let result = try Subprocess.run(python, [path] + arguments, input: input)
        guard result.status == 0 else {
            throw Failure(description: "oracle \(script) exited \(result.status): \(result.err)")
        }
        return result.stdout
    }
}
