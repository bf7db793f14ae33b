import Foundation

/// Shards as files under a directory (the default backend): `ROOT/objects/<id>/<chunk>-<shard>`,
/// each written to a temporary file, synced and renamed into place, so a crash leaves the old
/// shard or the new one, never half of one.
public struct FileShardStore: ShardStore {
    public let root: URL
    public var name: String { "file:\(root.path)" }

    public init(root: String) throws(ShardStoreError) {
        self.root = URL(fileURLWithPath: root)
        do {
            try FileManager.default.createDirectory(at: self.root, withIntermediateDirectories: true)
        } catch {
            throw .io(backend: "file:\(root)", "cannot create the directory: \(error.localizedDescription)")
        }
    }

    func url(_ key: ShardKey) -> URL { root.appendingPathComponent(key.path) }

    public func put(_ key: ShardKey, _ bytes: [UInt8]) async throws(ShardStoreError) {
        let target = url(key)
        let temporary = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).\(UUID())")
        do {
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
                throw ShardStoreError.io(backend: name, "cannot create \(temporary.path)")
            }
            let handle = try FileHandle(forWritingTo: temporary)
            try handle.write(contentsOf: Data(bytes))
            try handle.synchronize()
            try handle.close()
            guard rename(temporary.path, target.path) == 0 else {
                throw ShardStoreError.io(backend: name, "cannot rename into \(target.path): errno \(errno)")
            }
        } catch let error as ShardStoreError {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw .io(backend: name, "writing \(key.path): \(error.localizedDescription)")
        }
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
