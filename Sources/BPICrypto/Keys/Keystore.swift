import BPICodec
import Foundation

/// Identity keys under `<home>/keys/`: one encrypted `KeyFile` per name, written with mode 0600
/// and never overwritten; rotations archive the old file and keep the signed statement.
public struct Keystore: Sendable {
    /// The home directory (`--home`, `$BPI_HOME`, or `~/.bpi`).
    public let home: URL

    /// A keystore in `home`.
    public init(home: URL) { self.home = home }

    /// The home directory from `--home`, else `$BPI_HOME`, else `~/.bpi`.
    public static func resolveHome(_ option: String?) -> URL {
        if let option { return URL(fileURLWithPath: option) }
        let environment = ProcessInfo.processInfo.environment
        if let env = environment["BPI_HOME"], !env.isEmpty { return URL(fileURLWithPath: env) }
        // $HOME first, as every Unix tool does; the password database only when it is unset.
        if let home = environment["HOME"], !home.isEmpty { return URL(fileURLWithPath: home).appendingPathComponent(".bpi") }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".bpi")
    }

    var directory: URL { home.appendingPathComponent("keys") }

    func path(_ name: String) -> URL { directory.appendingPathComponent("\(name).key") }

    /// Checks a key name: 1–64 of letters, digits, `-`, `_`.
    public static func validate(name: String) throws(IdentityError) {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")
        guard !name.isEmpty, name.count <= 64, name.allSatisfy(allowed.contains) else { throw .invalidKeyName(name) }
    }

    /// Creates a new key named `name` (`key`, or a fresh one); refuses if it exists.
    @discardableResult
    public func generate(
        name: String, passphrase: [UInt8], kdf: Argon2id = .interactive, key: Ed25519PrivateKey = .generate()
    ) throws(IdentityError) -> KeyFile {
        try Self.validate(name: name)
        let file: KeyFile
        do {
            file = try KeyFile(name: name, sequence: 0, key: key, passphrase: passphrase, kdf: kdf)
        } catch {
            throw .io("cannot seal the key: \(error)")
        }
        try createDirectory()
        try writeNew(file.canonicalBytes(), to: path(name), name: name)
        return file
    }

    /// Reads the key file of `name` (public fields; nothing is decrypted).
    public func load(name: String) throws(IdentityError) -> KeyFile {
        try Self.validate(name: name)
        guard let data = FileManager.default.contents(atPath: path(name).path) else { throw .keyNotFound(name: name) }
        let file: KeyFile
        do {
            file = try KeyFile(canonicalBytes: [UInt8](data))
        } catch {
            throw .corruptedKeyFile(name: name, reason: error.description)
        }
        guard file.name == name else { throw .corruptedKeyFile(name: name, reason: "it holds the key named \"\(file.name)\"") }
        _ = try file.verifiedPublicKey()
        return file
    }

    /// The private key of `name`.
    public func unlock(name: String, passphrase: [UInt8]) throws(IdentityError) -> Ed25519PrivateKey {
        try load(name: name).unlock(passphrase: passphrase)
    }

    /// Every current key, sorted by name.
    public func list() throws(IdentityError) -> [KeyFile] {
        var files: [KeyFile] = []
        for (_, result) in listing() { files.append(try result.get()) }
        return files
    }

    /// Every current key file by name, sorted, each loaded or with why it cannot be: one damaged
    /// file does not hide the others.
    public func listing() -> [(name: String, file: Result<KeyFile, IdentityError>)] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return [] }
        return entries.sorted().filter { $0.hasSuffix(".key") && !$0.contains(".retired-") }.map { entry in
            let name = String(entry.dropLast(4))
            return (name, Result { () throws(IdentityError) in try load(name: name) })
        }
    }

    /// Replaces `name`'s key with a new one: signs a rotation statement with both keys, archives
    /// the old file as `<name>.retired-<sequence>.key`, and stores the statement as `<name>.rotation-<sequence>.cbor`.
    public func rotate(
        name: String, passphrase: [UInt8], newPassphrase: [UInt8]? = nil, to newKey: Ed25519PrivateKey = .generate()
    ) throws(IdentityError) -> RotationStatement {
        let oldFile = try load(name: name)
        let oldKey = try oldFile.unlock(passphrase: passphrase)
        let sequence = oldFile.sequence + 1
        let statement = RotationStatement(from: oldKey, to: newKey, sequence: sequence)
        let newFile: KeyFile
        do {
            newFile = try KeyFile(
                name: name, sequence: sequence, key: newKey, passphrase: newPassphrase ?? passphrase, kdf: oldFile.kdf)
        } catch {
            throw .io("cannot seal the new key: \(error)")
        }
        let staged = directory.appendingPathComponent("\(name).key.new")
        try? FileManager.default.removeItem(at: staged)
        try writeNew(newFile.canonicalBytes(), to: staged, name: name)
        try writeNew(
            statement.canonicalBytes(), to: directory.appendingPathComponent("\(name).rotation-\(sequence).cbor"), name: name)
        let retired = directory.appendingPathComponent("\(name).retired-\(oldFile.sequence).key")
        guard rename(path(name).path, retired.path) == 0, rename(staged.path, path(name).path) == 0 else {
            throw .io("cannot install the rotated key: \(String(cString: strerror(errno)))")
        }
        return statement
    }

    /// Every rotation statement of `name`, oldest first.
    public func rotations(name: String) throws(IdentityError) -> [RotationStatement] {
        var out: [RotationStatement] = []
        var sequence: UInt64 = 1
        while let data = FileManager.default.contents(
            atPath: directory.appendingPathComponent("\(name).rotation-\(sequence).cbor").path)
        {
            do {
                out.append(try RotationStatement(canonicalBytes: [UInt8](data)))
            } catch {
                throw .corruptedKeyFile(name: name, reason: "rotation \(sequence): \(error)")
            }
            sequence += 1
        }
        return out
    }

    private func createDirectory() throws(IdentityError) {
        do {
            try FileManager.default.createDirectory(
                at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .io("cannot create \(directory.path): \(error.localizedDescription)")
        }
    }

    /// Writes a new file with mode 0600 (O_EXCL: never replaces an existing file) and syncs it.
    private func writeNew(_ bytes: [UInt8], to url: URL, name: String) throws(IdentityError) {
        do {
            try Self.writeSecretFile(bytes, path: url.path)
        } catch .keyExists {
            throw .keyExists(name: name)
        }
    }

    /// Creates `path` with mode 0600 holding `bytes` — atomically and never replacing an existing
    /// file: the bytes go to a temporary file beside it, are synced, and the file is then linked
    /// into place (link(2) fails if `path` exists), so `path` either does not exist or holds every
    /// byte, even after a crash. How keys, passphrases and other secrets are written.
    public static func writeSecretFile(_ bytes: [UInt8], path: String) throws(IdentityError) {
        if FileManager.default.fileExists(atPath: path) { throw .keyExists(name: path) }
        let temporary = path + ".tmp-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw .io("cannot create \(temporary): \(String(cString: strerror(errno)))") }
        defer { unlink(temporary) }
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let synced = written == bytes.count && fsync(fd) == 0
        let error = errno
        close(fd)
        guard synced else { throw .io("cannot write \(path): \(String(cString: strerror(error)))") }
        guard link(temporary, path) == 0 else {
            if errno == EEXIST { throw .keyExists(name: path) }
            throw .io("cannot create \(path): \(String(cString: strerror(errno)))")
        }
        let parent = open(
            (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent, O_RDONLY)
        if parent >= 0 {
            fsync(parent)
            close(parent)
        }
    }
}
