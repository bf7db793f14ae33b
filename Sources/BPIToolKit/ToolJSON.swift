import BPICodec
import Foundation

/// JSON output of the commands and the node's API: small objects with fields in the order given,
/// and Encodable values with sorted keys and unescaped slashes — one encoder setting for all.
public enum ToolJSON {
    /// `value` as JSON with sorted keys and unescaped slashes (indented with `pretty`); nil if it
    /// cannot be encoded.
    public static func encode<T: Encodable>(_ value: T, pretty: Bool = false) -> Data? {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return try? encoder.encode(value)
    }

    /// `{"k1":v1,"k2":v2,…}`.
    public static func object(_ fields: [(String, CBOR)]) -> String {
        CBORJSON.render(.map(fields.map { CBORMapEntry(.text($0.0), $0.1) }))
    }
}
