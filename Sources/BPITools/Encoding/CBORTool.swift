import BPICodec
import BPIToolKit

/// `bpi cbor encode|decode`: JSON (CBORJSON form) to canonical CBOR hex and back.
public enum CBORTool {
    /// Canonical CBOR, as hex, of the JSON value in `json`.
    public static func encode(json: String) throws(ToolError) -> String {
        let value: CBOR
        do {
            value = try CBORJSON.parse(json)
        } catch {
            throw .badInput(error.description)
        }
        do {
            return Hex.encode(try CBOREncoder.encode(value))
        } catch {
            throw .badInput("cannot encode: \(error)")
        }
    }

    /// The JSON form of the canonical CBOR item in `hex` (surrounding whitespace ignored).
    /// Non-canonical input is refused with the decoder's error and offset.
    public static func decode(hex: String) throws(ToolError) -> String {
        let bytes: [UInt8]
        do {
            bytes = try Hex.decode(hex.filter { !$0.isWhitespace })
        } catch {
            throw .badInput("input is not hex: \(error)")
        }
        do {
            return CBORJSON.render(try CBORDecoder.decode(bytes))
        } catch {
            throw .badInput("not canonical CBOR: \(error)")
        }
    }
}
