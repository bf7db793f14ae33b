import BPIDockLock
import BPIHash
import BPINode
import BPIToolKit
import BPITypes
import Foundation

/// An agreement's `manifest.toml` (docs/CLI.md, `agreementc build`): flat keys `name`, `version`,
/// `governs` (workload modules: `example:NAME`, 64 hex digits of a module hash, or a `.wasm`/`.wat`
/// file), `fuel`, `memory_pages`, `policies` (`.wat` or `.wasm` files, in hook order) and
/// optionally `claim_keys` (Groth16 verifying-key files, docs/SPEC.md §14.8). Paths are relative
/// to the manifest's directory.
struct AgreementManifestFile {
    var name: String
    var version: UInt64
    var governs: [Hash32]
    var limits: PolicyLimits
    var policies: [[UInt8]]
    var claimKeys: [[UInt8]]

    static let keys: Set<String> = ["name", "version", "governs", "fuel", "memory_pages", "policies", "claim_keys"]

    /// Reads `path`: a manifest file, or a directory holding `manifest.toml`.
    init(path: String) throws(ToolError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .badInput("\(path): no such file or directory")
        }
        let file =
            isDirectory.boolValue
            ? URL(fileURLWithPath: path).appendingPathComponent("manifest.toml") : URL(fileURLWithPath: path)
        let base = file.deletingLastPathComponent()
        let table: TOMLTable
        do {
            table = try TOMLTable(parsing: try InputReader.readText(path: file.path))
        } catch let error as ToolError {
            throw error
        } catch {
            throw .badInput("\(file.path): \(error)")
        }
        let v = table.values
        for key in v.keys where !Self.keys.contains(key) {
            throw .badInput("\(file.path): unknown key \(key) (known: \(Self.keys.sorted().joined(separator: ", ")))")
        }
        guard case .string(let name)? = v["name"] else { throw .badInput("\(file.path): name = \"…\" is required") }
        guard AgreementManifest.isValidName(name) else {
            throw .badInput("\(file.path): name must be 1–\(AgreementManifest.maxNameBytes) bytes of a–z, 0–9, '.', '-', '_'")
        }
        self.name = name
        version = try Self.integer(v["version"], "version", file.path, default: 1, range: 0...UInt64(Int64.max))
        let fuel = try Self.integer(
            v["fuel"], "fuel", file.path, default: PolicyLimits.standard.fuel, range: 1...PolicyLimits.maximum.fuel)
        let pages = try Self.integer(
            v["memory_pages"], "memory_pages", file.path, default: PolicyLimits.standard.memoryPages,
            range: 1...PolicyLimits.maximum.memoryPages)
        limits = PolicyLimits(fuel: fuel, memoryPages: pages)
        guard case .strings(let governs)? = v["governs"], !governs.isEmpty else {
            throw .badInput("\(file.path): governs = [\"example:wordcount\", …] names at least one workload module")
        }
        self.governs = try governs.map { entry throws(ToolError) in try Self.moduleHash(entry, base: base) }
        guard case .strings(let policies)? = v["policies"], !policies.isEmpty else {
            throw .badInput("\(file.path): policies = [\"policy.wat\", …] names at least one policy module")
        }
        self.policies = try policies.map { entry throws(ToolError) in try Self.module(entry, base: base) }
        switch v["claim_keys"] {
        case nil: claimKeys = []
        case .strings(let keys)?:
            claimKeys = try keys.map { entry throws(ToolError) in
                try InputReader.readAll(path: base.appendingPathComponent(entry).path)
            }
        default: throw .badInput("\(file.path): claim_keys = [\"key.vk\", …] lists verifying-key files")
        }
    }

    static func integer(
        _ value: TOMLTable.Value?, _ key: String, _ file: String, default d: UInt64, range: ClosedRange<UInt64>
    ) throws(ToolError) -> UInt64 {
        guard let value else { return d }
        guard case .integer(let i) = value, i >= 0, range.contains(UInt64(i)) else {
            throw .badInput("\(file): \(key) must be an integer in \(range.lowerBound)…\(range.upperBound)")
        }
        return UInt64(i)
    }

    /// A governed module's hash: `example:NAME`, 64 hex digits, or a module file.
    static func moduleHash(_ entry: String, base: URL) throws(ToolError) -> Hash32 {
        if entry.hasPrefix("example:") {
            return RunHeader.moduleHash(try RunTool.loadModule(.example(String(entry.dropFirst(8)))).0)
        }
        if entry.utf8.count == 64, let h = Hash32(hex: entry) { return h }
        return RunHeader.moduleHash(try module(entry, base: base))
    }

    /// A module's bytes: `.wat` files are compiled, others read as they are.
    static func module(_ entry: String, base: URL) throws(ToolError) -> [UInt8] {
        let path = entry.hasPrefix("/") ? entry : base.appendingPathComponent(entry).path
        return try RunTool.loadModule(entry.hasSuffix(".wat") ? .wat(path) : .wasm(path)).0
    }
}
