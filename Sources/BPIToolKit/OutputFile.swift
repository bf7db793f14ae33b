import Foundation

/// Writing a command's output file, with an error the user can act on.
public enum OutputFile {
    /// Writes `bytes` to `path` (replacing it).
    public static func write(_ bytes: [UInt8], to path: String) throws(ToolError) {
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        } catch {
            throw .io("cannot write \(path): \(error.localizedDescription)")
        }
    }
}
