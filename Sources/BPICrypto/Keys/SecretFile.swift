import Foundation

/// Reading a secret — a passphrase, an API token — from a file: its first line, without the line
/// ending. One reader for every secret the node and the tools read from disk, so each refuses the
/// same things the same way: a file that cannot be read, and (where the caller asks) one that
/// group or others may read or write, as ssh refuses a private key with loose permissions.
public enum SecretFile {
    /// The first line of the file at `path` (possibly empty). With `privateOnly`, a file whose
    /// mode grants group or others any access is refused before it is read.
    public static func firstLine(atPath path: String, privateOnly: Bool) throws(SecretFileError) -> String {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { throw .unreadable(path: path) }
        if privateOnly, let mode = attributes[.posixPermissions] as? Int, mode & 0o077 != 0 {
            throw .exposed(path: path, mode: mode)
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path: path) }
        return firstLine(of: String(decoding: data, as: UTF8.self))
    }

    /// The first line of `text`, without its line ending.
    public static func firstLine(of text: String) -> String {
        text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).first.map(String.init) ?? ""
    }
}

/// Why a secret file could not be used.
public enum SecretFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file does not exist or cannot be read.
    case unreadable(path: String)
    /// The file grants group or others access (`mode`, octal in the message).
    case exposed(path: String, mode: Int)

    /// A message a user can act on.
    public var description: String {
        switch self {
        case .unreadable(let path): return "cannot read \(path)"
        case .exposed(let path, let mode):
            return "\(path) is readable by others (mode \(String(mode, radix: 8))); chmod 600 it"
        }
    }
}
