import BPIHash
import BPITypes

/// One input file of a run, by name and content.
public struct RunInput: Sendable, Equatable {
    /// The file's name in the guest's input directory (`/in/NAME`).
    public var name: String
    /// Its bytes.
    public var content: [UInt8]

    /// An input file.
    public init(name: String, content: [UInt8]) {
        self.name = name
        self.content = content
    }

    /// Its committed entry.
    public var file: RunFile { RunFile(name: name, content: content) }

    /// `RunFile.root` of `inputs`.
    public static func root(_ inputs: [RunInput]) -> Hash32 { RunFile.root(inputs.map(\.file)) }
}
