import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Shards as files under a directory (the default backend): `ROOT/objects/<id>/<chunk>-<shard>`,
/// each written to a temporary file and renamed into place; `flush` syncs the filesystem once for
/// all of them (one sync per object, not one per shard). A crash before the flush can leave a
/// shard short or empty: reads check every shard's hash, so it counts as corrupt and is repaired.
public struct FileShardStore: ShardStore {
    public let root: URL
    public var name: String { "file:\(root.path)" }
    /// Two: file creation in one directory serializes in the kernel; more threads only contend.
    public var parallelism: Int { 2 }

    public init(root: String) throws(ShardStoreError) {
        self.root = URL(fileURLWithPath: root)
        do {
            try FileManager.default.createDirectory(at: self.root, withIntermediateDirectories: true)
        } catch {
            throw .io(backend: "file:\(root)", "cannot create the directory: \(error.localizedDescription)")
        }
    }

    func url(_ key: ShardKey) -> URL { URL(fileURLWithPath: root.path + "/" + key.path, isDirectory: false) }

    public func put(_ key: ShardKey, _ bytes: [UInt8]) async throws(ShardStoreError) {
        let target = url(key)
        let temporary = URL(fileURLWithPath: target.path + ".tmp", isDirectory: false)
        var fd = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if fd < 0 && errno == ENOENT {
            do {
                try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            } catch {
                throw .io(
                    backend: name, "cannot create \(target.deletingLastPathComponent().path): \(error.localizedDescription)")
            }
            fd = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        }
        guard fd >= 0 else { throw .io(backend: name, "cannot create \(temporary.path): errno \(errno)") }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, bytes.count - written) }
            guard n > 0 else {
                let code = errno
                close(fd)
                unlink(temporary.path)
                throw .io(backend: name, "writing \(key.path): errno \(code)")
            }
            written += n
        }
        guard close(fd) == 0, rename(temporary.path, target.path) == 0 else {
            let code = errno
            unlink(temporary.path)
            throw .io(backend: name, "storing \(key.path): errno \(code)")
        }
    }

    public func flush() async throws(ShardStoreError) {
        // sync(2): Glibc's module map does not export syncfs(2); one sync per object is the cost.
        sync()
    }

    public func get(_ key: ShardKey) async throws(ShardStoreError) -> [UInt8]? {
        let path = url(key).path
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .io(backend: name, "cannot read \(path)")
        }
        return [UInt8](data)
    }

    public func delete(_ key: ShardKey) async throws(ShardStoreError) {
        let target = url(key)
        guard FileManager.default.fileExists(atPath: target.path) else { return }
        do {
            try FileManager.default.removeItem(at: target)
        } catch {
            throw .io(backend: name, "deleting \(key.path): \(error.localizedDescription)")
        }
    }
}
