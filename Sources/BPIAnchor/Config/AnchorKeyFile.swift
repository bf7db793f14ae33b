import BPICodec
import BPIEthereum
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The L1 account key of a poster: 64 hex digits on the first line of a file that only its owner
/// may read (mode 0600; a file readable by group or others is refused). Never logged.
public enum AnchorKeyFile {
    /// Reads the key at `path`.
    public static func load(_ path: String) throws(AnchorError) -> Secp256k1PrivateKey {
        func bad(_ why: String) -> AnchorError { .malformed(method: "key file", "\(path): \(why)") }
        var info = stat()
        guard stat(path, &info) == 0 else { throw bad("cannot read it") }
        guard info.st_mode & 0o077 == 0 else { throw bad("it is readable by group or others; chmod 600 it") }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw bad("cannot read it") }
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        guard line.count == 64, let bytes = try? Hex.decode(line.lowercased()), let key = try? Secp256k1PrivateKey(secret: bytes)
        else { throw bad("the first line is not a secp256k1 private key (64 hex digits)") }
        return key
    }

    /// Writes a new random key to `path` (mode 0600; an existing file is refused) and returns it.
    public static func create(_ path: String) throws(AnchorError) -> Secp256k1PrivateKey {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw .malformed(method: "key file", "\(path) exists; refusing to overwrite a key")
        }
        let key = Secp256k1PrivateKey.generate()
        guard
            FileManager.default.createFile(
                atPath: path, contents: Data((Hex.encode(key.secret) + "\n").utf8), attributes: [.posixPermissions: 0o600])
        else { throw .malformed(method: "key file", "cannot write \(path)") }
        return key
    }
}
