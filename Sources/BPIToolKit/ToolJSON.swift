import BPICodec

/// Small JSON objects for `--json` output, fields in the order given.
public enum ToolJSON {
    /// `{"k1":v1,"k2":v2,…}`.
    public static func object(_ fields: [(String, CBOR)]) -> String {
        CBORJSON.render(.map(fields.map { CBORMapEntry(.text($0.0), $0.1) }))
    }
}
