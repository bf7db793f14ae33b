import Foundation

/// A file with `text` in the temporary folder, with the given permission bits, for tests of
/// readers that check a file's mode (secrets, passphrases).
public enum TemporaryFile {
    /// Writes `text` to a new file of mode `mode` and returns its path.
    public static func write(_ text: String, mode: Int, prefix: String = "bpi-test") throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }
}
