import ArgumentParser
import BPICrypto
import BPIHash
import BPIToolKit
import BPITools
import Foundation

/// Runs a command body, turning a `ToolError` into its message on stderr and its exit status
/// (any other error is reported the same way with status 2), never a stack trace.
func runTool(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ToolError {
        FileHandle.standardError.write(Data("bpi: \(error.description)\n".utf8))
        throw ExitCode(error.exitCode)
    } catch let error as ExitCode {
        throw error
    } catch {
        FileHandle.standardError.write(Data("bpi: \(error)\n".utf8))
        throw ExitCode(2)
    }
}

/// The async form of `runTool`.
func runToolAsync(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as ToolError {
        FileHandle.standardError.write(Data("bpi: \(error.description)\n".utf8))
        throw ExitCode(error.exitCode)
    } catch let error as ExitCode {
        throw error
    } catch {
        FileHandle.standardError.write(Data("bpi: \(error)\n".utf8))
        throw ExitCode(2)
    }
}

@main
struct BPI: AsyncParsableCommand {
    /// Parses and runs the command; a usage error is reported like every other error — `bpi:
    /// <message>` on standard error — with a pointer to `--help`, and exit 64.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .success || error is ExitCode || error is CleanExit { exit(withError: error) }
            let message = BPI.message(for: error).trimmingCharacters(in: .whitespacesAndNewlines)
            FileHandle.standardError.write(Data("bpi: \(message)\nsee bpi --help (or bpi COMMAND --help)\n".utf8))
            exit(withError: ExitCode(code.rawValue))
        }
    }

    static let configuration = CommandConfiguration(
        commandName: "bpi",
        abstract: """
            Metanode BPI mesh: a local devnet (init, up, status, down, verify, demo, node) and tools for identity keys, \
            dev CA, AEAD, VRF, BLS, canonical CBOR, hashing, Merkle trees and benchmarks.
            """,
        discussion: """
            Exit status (docs/CLI.md has the table): 0 success; 1 a check ran and failed (a Merkle proof that does not \
            verify, a demo that did not prove what it should, a node that answered with an error or a malformed answer); \
            2 malformed or non-canonical input, a file or a node that cannot be read or reached; 10–23 bpi verify: the \
            light client refused the chain (as lc-verify); 64 bad command-line usage; 130 interrupted (Ctrl-C) after \
            undoing what the command started. Errors go to standard error as `bpi: <message>`.
            """,
        version: BuildInfo.version,
        subcommands: [
            DemoCommand.self, InitCommand.self, UpCommand.self, StatusCommand.self, DownCommand.self, VerifyCommand.self,
            NodeCommand.self, ConfigCommand.self, LogsCommand.self, ServiceCommand.self, FrameCommand.self, PoHCommand.self,
            KeysCommand.self, CACommand.self, AEADCommand.self, VRFCommand.self, BLSCommand.self, TestchainCommand.self,
            StoreCommand.self, RunCommand.self, ReceiptCommand.self, ShadowCommand.self, RegistryCommand.self, DACommand.self,
            PinnerCommand.self, EpochCommand.self, SetChangeCommand.self, InclusionCommand.self, EvidenceCommand.self,
            AnchorCommand.self,
            InboxCommand.self,
            CBORCommand.self, HashCommand.self, MerkleCommand.self, BenchCommand.self, SimulateCommand.self,
        ])
}

/// `--home D`: where keys and configuration live (default `$BPI_HOME`, else `~/.bpi`). Every command takes it.
struct HomeOption: ParsableArguments {
    @Option(help: "Directory for keys and configuration (default: $BPI_HOME, else ~/.bpi).") var home: String?

    /// The resolved home directory.
    var url: URL { Keystore.resolveHome(home) }
}
