import ArgumentParser
import BPIToolKit
import BPITools
import Foundation

/// What a command that sends one frame as a local service and waits for its finality needs: the
/// keystore home, the node's API, the key's passphrase and how long to wait.
struct FrameSubmitOptions: ParsableArguments {
    @OptionGroup var home: HomeOption
    @Option(help: "The node's API.") var rpc: String
    @Option(help: "File whose first line is the service key's passphrase.") var passphraseFile: String?
    @Option(help: "Seconds to wait for finality.") var timeout = 60.0

    /// The node's client.
    func client() throws(ToolError) -> RPCClient { try RPCClient(url: rpc, timeout: 30) }

    /// The passphrase (from the file, or asked for).
    func passphrase() throws(ToolError) -> [UInt8] { try Passphrase.read(file: passphraseFile) }
}
