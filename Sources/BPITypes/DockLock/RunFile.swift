import BPICodec
import BPIHash

/// One input or output file of a run as the run commits to it (docs/SPEC.md §13.1):
/// `[name, size, H(0x46 ‖ content)]`. A run's input root and output hash are the count-bound
/// Merkle roots over its files' canonical entries, sorted by name (bytewise UTF-8).
public struct RunFile: Sendable, Equatable, Hashable {
    /// The file's name: 1–255 bytes of UTF-8, no `/`, not `.` or `..`, no NUL.
    public var name: String
    /// Its size in bytes.
    public var size: UInt64
    /// `H(0x46 ‖ content)`.
    public var contentHash: Hash32

    /// The entry for `content` under `name`.
    public init(name: String, content: [UInt8]) {
        self.name = name
        size = UInt64(content.count)
        contentHash = HashAlgorithm.blake3.hash(content, tag: .runFile)
    }

    /// An entry.
    public init(name: String, size: UInt64, contentHash: Hash32) {
        self.name = name
        self.size = size
        self.contentHash = contentHash
    }

    /// Whether `name` may name a file of a run: 1–255 UTF-8 bytes, no `/` or NUL, not `.`/`..`.
    public static func isValidName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        return (1...255).contains(bytes.count) && !bytes.contains(0x2F) && !bytes.contains(0)
            && name != "." && name != ".."
    }

    /// The order of run files: names compared bytewise (UTF-8), as the roots sort them.
    public static func precedes(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }

    /// The count-bound Merkle root over `files` sorted by name (the empty root for none).
    public static func root(_ files: [RunFile]) -> Hash32 {
        Merkle.root(leaves: files.sorted { precedes($0.name, $1.name) }.map { $0.canonicalBytes() })
    }
}

extension RunFile: CBORCodable {
    /// `[name, size, contentHash]`.
    public var cborFields: [CBOR] { [.text(name), .unsigned(size), .bytes(contentHash.bytes)] }

    /// Decodes an entry.
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        name = try f.nextText("name")
        guard Self.isValidName(name) else { throw .schema("RunFile.name: not a valid file name") }
        size = try f.nextUInt("size")
        contentHash = Hash32(try f.nextBytes("contentHash", count: 32))!
    }
}
