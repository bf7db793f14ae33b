import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Where a key's passphrase comes from. One reader for every command and for `bpi node`, so every
/// source behaves the same: the passphrase is the first line, without its line ending, and an
/// empty one is refused.
///
/// For a validator on a server, the plaintext file beside the encrypted key (what `bpi init`
/// writes for a devnet) protects nothing; use a source that keeps the passphrase off the disk the
/// key is on: a file descriptor or standard input, a systemd credential (`LoadCredentialEncrypted=`
/// decrypts it into `$CREDENTIALS_DIRECTORY` for the service only), or an environment variable that
/// is removed from the environment as soon as it is read (docs/OPERATIONS.md).
public enum PassphraseSource: Sendable, Equatable {
    /// A file's first line. With `privateOnly`, a file readable by group or others is refused.
    case file(String, privateOnly: Bool)
    /// Everything readable from an open file descriptor (0 is standard input), first line.
    case fileDescriptor(Int32)
    /// The systemd credential `name`: `$CREDENTIALS_DIRECTORY/name`, first line.
    case credential(String)
    /// An environment variable, unset after reading so child processes do not inherit it.
    case environment(String)
    /// A prompt on the controlling terminal, echo off.
    case terminal(prompt: String)

    /// The passphrase bytes.
    public func read() throws(IdentityError) -> [UInt8] {
        let text: String
        switch self {
        case .file(let path, let privateOnly):
            text = try Self.secret(atPath: path, privateOnly: privateOnly, what: "the passphrase file")
        case .fileDescriptor(let fd):
            text = String(decoding: try Self.readAll(fd), as: UTF8.self)
        case .credential(let name):
            guard let directory = ProcessInfo.processInfo.environment["CREDENTIALS_DIRECTORY"] else {
                throw .io(
                    "no systemd credentials: $CREDENTIALS_DIRECTORY is not set (LoadCredential= or LoadCredentialEncrypted=)")
            }
            let path = URL(fileURLWithPath: directory).appendingPathComponent(name).path
            text = try Self.secret(atPath: path, privateOnly: false, what: "the credential")
        case .environment(let name):
            guard let value = getenv(name) else { throw .io("the environment variable \(name) is not set") }
            text = String(cString: value)
            unsetenv(name)
        case .terminal(let prompt):
            guard isatty(0) == 1, let entered = getpass(prompt) else { throw .passphraseRequired }
            text = String(cString: entered)
        }
        let line = SecretFile.firstLine(of: text)
        guard !line.isEmpty else { throw .passphraseRequired }
        return Array(line.utf8)
    }

    /// The first line of a secret file, its failures named as `what`.
    private static func secret(atPath path: String, privateOnly: Bool, what: String) throws(IdentityError) -> String {
        do {
            return try SecretFile.firstLine(atPath: path, privateOnly: privateOnly)
        } catch {
            throw .io("\(what): \(error)")
        }
    }

    /// Reads `fd` to its end (bounded: a passphrase is short).
    private static func readAll(_ fd: Int32) throws(IdentityError) -> [UInt8] {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4_096)
        while out.count < 64 << 10 {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .io("cannot read the passphrase from file descriptor \(fd): \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            out += buffer[0..<n]
        }
        return out
    }
}
