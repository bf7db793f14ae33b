import BPITypes
import Foundation

/// A native run's directory: `root/` (the chroot: `prog`, `in/`, `out/`), and `stdout`, `stderr`
/// beside it. Every file the program can see has mode and times fixed (times 0), so `stat` shows
/// nothing of the host.
struct JobDirectory {
    let base: URL
    var root: URL { base.appendingPathComponent("root") }
    var stdout: URL { base.appendingPathComponent("stdout") }
    var stderr: URL { base.appendingPathComponent("stderr") }

    /// Most bytes of output collected from `out/`.
    static let maxCollected = 64 << 20

    init(program: [UInt8], inputs: [RunInput]) throws {
        let fm = FileManager.default
        base = fm.temporaryDirectory.appendingPathComponent("docklock-\(UUID().uuidString)")
        let root = base.appendingPathComponent("root")
        try fm.createDirectory(at: root.appendingPathComponent("in"), withIntermediateDirectories: true)
        try fm.createDirectory(at: root.appendingPathComponent("out"), withIntermediateDirectories: true)
        try Data(program).write(to: root.appendingPathComponent("prog"))
        for input in inputs {
            let url = root.appendingPathComponent("in").appendingPathComponent(input.name)
            try Data(input.content).write(to: url)
            try Self.fix(url, mode: 0o444)
        }
        try Self.fix(root.appendingPathComponent("prog"), mode: 0o755)
        try Self.fix(root.appendingPathComponent("in"), mode: 0o555)
        try Self.fix(root.appendingPathComponent("out"), mode: 0o777)
        try Self.fix(root, mode: 0o555)
    }

    private static func fix(_ url: URL, mode: Int) throws {
        try FileManager.default.setAttributes(
            [.posixPermissions: mode, .modificationDate: Date(timeIntervalSince1970: 0)], ofItemAtPath: url.path)
    }

    /// The regular files the program left in `out/` with valid names, read up to `maxCollected` in all.
    func outputFiles() -> [String: [UInt8]] {
        let out = root.appendingPathComponent("out")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []
        var files: [String: [UInt8]] = [:]
        var total = 0
        for name in names.sorted() where RunFile.isValidName(name) && files.count < RunOutputs.maxFiles {
            let url = out.appendingPathComponent(name)
            guard let type = try? FileManager.default.attributesOfItem(atPath: url.path)[.type] as? FileAttributeType,
                type == .typeRegular, let data = try? Data(contentsOf: url), total + data.count <= Self.maxCollected
            else { continue }
            total += data.count
            files[name] = [UInt8](data)
        }
        return files
    }

    func remove() {
        try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: root.path)
        try? FileManager.default.removeItem(at: base)
    }
}
