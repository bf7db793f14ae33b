import Foundation

/// The built `bpi` executable, for end-to-end tests of the command line.
public enum BPIBinary {
    /// `$BPI_BIN`, else `bpi` beside the running test bundle (SwiftPM puts both in one build folder).
    public static var path: String {
        if let explicit = ProcessInfo.processInfo.environment["BPI_BIN"] { return explicit }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("bpi")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate.path }
            dir.deleteLastPathComponent()
        }
        return TestPaths.packageRoot.appendingPathComponent(".build/release/bpi").path
    }

    /// Runs `bpi` with `arguments` and `stdin`.
    public static func run(_ arguments: [String], stdin: String = "") throws -> ProcessResult {
        try Subprocess.run(path, arguments, input: Data(stdin.utf8))
    }
}

/// The `agreementc` executable: the one beside `bpi`.
public enum AgreementcBinary {
    public static var path: String {
        URL(fileURLWithPath: BPIBinary.path).deletingLastPathComponent().appendingPathComponent("agreementc").path
    }

    /// Runs `agreementc` with `arguments`.
    public static func run(_ arguments: [String]) throws -> ProcessResult {
        try Subprocess.run(path, arguments, input: Data())
    }
}
