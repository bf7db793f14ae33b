import BPICodec
import BPIHash
import BPIToolKit

/// `bpi hash`: the digest of a file or of standard input, optionally domain-separated.
public enum HashTool {
    /// Parses a tag written in hex with its `0x` prefix, `0x0`…`0xff` (as docs/SPEC.md lists them).
    /// Without the prefix `18` could mean 0x18 or 18, so it is refused rather than guessed.
    public static func parseTag(_ text: String) throws(ToolError) -> DomainTag {
        let lower = text.lowercased()
        guard lower.hasPrefix("0x"), (3...4).contains(lower.count), let value = UInt8(lower.dropFirst(2), radix: 16) else {
            throw .badInput("--tag is one byte written in hex with 0x, like 0x12 (as in docs/SPEC.md); got \(text)")
        }
        return DomainTag(rawValue: value)
    }

    /// `H(tag ‖ contents)` (or `H(contents)` without a tag) of `path`, or of stdin when `path` is nil.
    public static func digest(_ algorithm: HashAlgorithm, tag: DomainTag?, path: String?) throws(ToolError) -> Hash32 {
        var hash = StreamingHash(algorithm)
        if let tag { hash.update([tag.rawValue]) }
        try InputReader.forEachChunk(path: path) { hash.update($0) }
        return hash.finalize()
    }
}
