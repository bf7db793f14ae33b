/// The JSON form of CBOR values, for the command line and for test oracles.
///
/// - Integers, strings, `true`, `false`, `null` and arrays map to their CBOR counterparts;
///   integers may span the whole CBOR range, -2^64 … 2^64-1. Fractions and exponents are refused.
/// - A byte string is written `{"$hex": "0a1b"}`.
/// - A map whose keys are all text is a JSON object; any other map (integer or byte-string keys,
///   or a map that would itself read as one of these two forms) is written `{"$map": [[key, value], …]}`.
/// - Duplicate object keys are refused.
public enum CBORJSON {
    /// Why a JSON text could not become a CBOR value.
    public struct ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        /// Byte offset into the JSON text.
        public var offset: Int
        /// What was wrong there.
        public var reason: String

        /// A message a user can act on.
        public var description: String { "JSON input, offset \(offset): \(reason)" }
    }

    /// Parses one JSON value (surrounding whitespace allowed) into a CBOR value.
    public static func parse(_ text: String, maxDepth: Int = 64) throws(ParseError) -> CBOR {
        var parser = Parser(bytes: Array(text.utf8), maxDepth: maxDepth)
        parser.skipWhitespace()
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        guard parser.offset == parser.bytes.count else { throw parser.error("unexpected text after the value") }
        return value
    }

    /// The JSON form of a CBOR value, on one line.
    public static func render(_ value: CBOR) -> String {
        var out = ""
        write(value, to: &out)
        return out
    }

    private static func write(_ value: CBOR, to out: inout String) {
        switch value {
        case .unsigned(let n): out += String(n)
        case .negative(let n): out += n == .max ? "-18446744073709551616" : "-" + String(n + 1)
        case .bytes(let b): out += "{\"$hex\":\"" + Hex.encode(b) + "\"}"
        case .text(let s): writeString(s, to: &out)
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                write(item, to: &out)
            }
            out += "]"
        case .map(let entries):
            let textKeys = entries.compactMap { entry -> String? in
                if case .text(let k) = entry.key { return k }
                return nil
            }
            let readsAsSpecial = entries.count == 1 && (textKeys.first == "$hex" || textKeys.first == "$map")
            if textKeys.count == entries.count && !readsAsSpecial {
                out += "{"
                for (i, entry) in entries.enumerated() {
                    if i > 0 { out += "," }
                    writeString(textKeys[i], to: &out)
                    out += ":"
                    write(entry.value, to: &out)
                }
                out += "}"
            } else {
                out += "{\"$map\":["
                for (i, entry) in entries.enumerated() {
                    if i > 0 { out += "," }
                    out += "["
                    write(entry.key, to: &out)
                    out += ","
                    write(entry.value, to: &out)
                    out += "]"
                }
                out += "]}"
            }
        }
    }

    private static func writeString(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    private struct Parser {
        let bytes: [UInt8]
        let maxDepth: Int
        var offset = 0

        func error(_ reason: String) -> ParseError { ParseError(offset: offset, reason: reason) }

        mutating func skipWhitespace() {
            while offset < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[offset]) { offset += 1 }
        }

        mutating func expect(_ literal: String) throws(ParseError) {
            let l = Array(literal.utf8)
            guard bytes.count - offset >= l.count, Array(bytes[offset..<offset + l.count]) == l else {
                throw error("expected \(literal)")
            }
            offset += l.count
        }

        mutating func value(depth: Int) throws(ParseError) -> CBOR {
            guard offset < bytes.count else { throw error("unexpected end of input") }
            switch bytes[offset] {
            case UInt8(ascii: "{"): return try object(depth: depth)
            case UInt8(ascii: "["): return .array(try array(depth: depth))
            case UInt8(ascii: "\""): return .text(try string())
            case UInt8(ascii: "t"):
                try expect("true")
                return .bool(true)
            case UInt8(ascii: "f"):
                try expect("false")
                return .bool(false)
            case UInt8(ascii: "n"):
                try expect("null")
                return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
            default: throw error("unexpected character")
            }
        }

        mutating func array(depth: Int) throws(ParseError) -> [CBOR] {
            guard depth < maxDepth else { throw error("nesting deeper than \(maxDepth)") }
            offset += 1
            var items: [CBOR] = []
            skipWhitespace()
            if offset < bytes.count && bytes[offset] == UInt8(ascii: "]") {
                offset += 1
                return items
            }
            while true {
                skipWhitespace()
                items.append(try value(depth: depth + 1))
                skipWhitespace()
                guard offset < bytes.count else { throw error("unterminated array") }
                if bytes[offset] == UInt8(ascii: ",") {
                    offset += 1
                    continue
                }
                if bytes[offset] == UInt8(ascii: "]") {
                    offset += 1
                    return items
                }
                throw error("expected , or ] in array")
            }
        }

        mutating func object(depth: Int) throws(ParseError) -> CBOR {
            guard depth < maxDepth else { throw error("nesting deeper than \(maxDepth)") }
            let start = offset
            offset += 1
            var entries: [(String, CBOR, Int)] = []
            var seen = Set<String>()
            skipWhitespace()
            if offset < bytes.count && bytes[offset] == UInt8(ascii: "}") {
                offset += 1
                return .map([])
            }
            while true {
                skipWhitespace()
                let keyOffset = offset
                guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else { throw error("expected a string key") }
                let key = try string()
                guard seen.insert(key).inserted else { throw ParseError(offset: keyOffset, reason: "duplicate key \"\(key)\"") }
                skipWhitespace()
                guard offset < bytes.count, bytes[offset] == UInt8(ascii: ":") else { throw error("expected : after key") }
                offset += 1
                skipWhitespace()
                let valueOffset = offset
                entries.append((key, try value(depth: depth + 1), valueOffset))
                skipWhitespace()
                guard offset < bytes.count else { throw error("unterminated object") }
                if bytes[offset] == UInt8(ascii: ",") {
                    offset += 1
                    continue
                }
                if bytes[offset] == UInt8(ascii: "}") {
                    offset += 1
                    break
                }
                throw error("expected , or } in object")
            }
            if entries.count == 1 && entries[0].0 == "$hex" {
                guard case .text(let hex) = entries[0].1, let b = try? Hex.decode(hex), !hex.hasPrefix("0x") else {
                    throw ParseError(offset: entries[0].2, reason: "$hex must be a string of hex digit pairs")
                }
                return .bytes(b)
            }
            if entries.count == 1 && entries[0].0 == "$map" {
                guard case .array(let pairs) = entries[0].1 else {
                    throw ParseError(offset: entries[0].2, reason: "$map must be an array of [key, value] pairs")
                }
                var out: [CBORMapEntry] = []
                for pair in pairs {
                    guard case .array(let kv) = pair, kv.count == 2 else {
                        throw ParseError(offset: entries[0].2, reason: "$map must be an array of [key, value] pairs")
                    }
                    out.append(CBORMapEntry(kv[0], kv[1]))
                }
                do {
                    _ = try CBOREncoder.encode(.map(out))
                } catch {
                    throw ParseError(offset: start, reason: "$map has a duplicate key")
                }
                return .map(out)
            }
            return .map(entries.map { CBORMapEntry(.text($0.0), $0.1) })
        }

        mutating func number() throws(ParseError) -> CBOR {
            let start = offset
            var negative = false
            if bytes[offset] == UInt8(ascii: "-") {
                negative = true
                offset += 1
            }
            let digitsStart = offset
            while offset < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[offset]) { offset += 1 }
            let digits = bytes[digitsStart..<offset]
            guard !digits.isEmpty else { throw error("expected digits") }
            if offset < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[offset]) {
                throw ParseError(offset: start, reason: "fractions and exponents are not allowed (CBOR floats are excluded)")
            }
            if digits.count > 1 && digits.first == UInt8(ascii: "0") {
                throw ParseError(offset: start, reason: "leading zeros are not allowed")
            }
            let text = String(decoding: digits, as: UTF8.self)
            if negative {
                if text == "18446744073709551616" { return .negative(.max) }
                guard let magnitude = UInt64(text), magnitude > 0 else {
                    throw ParseError(offset: start, reason: text == "0" ? "-0 is not an integer form" : "integer below -2^64")
                }
                return .negative(magnitude - 1)
            }
            guard let n = UInt64(text) else { throw ParseError(offset: start, reason: "integer above 2^64-1") }
            return .unsigned(n)
        }

        mutating func hex4() throws(ParseError) -> UInt32 {
            guard bytes.count - offset >= 4,
                let v = UInt32(String(decoding: bytes[offset..<offset + 4], as: UTF8.self), radix: 16)
            else {
                throw error("expected four hex digits after \\u")
            }
            offset += 4
            return v
        }

        mutating func string() throws(ParseError) -> String {
            offset += 1
            var scalars = String.UnicodeScalarView()
            var run: [UInt8] = []
            func flush() throws(ParseError) {
                if run.isEmpty { return }
                guard let s = String(validating: run, as: UTF8.self) else { throw error("invalid UTF-8 in string") }
                scalars.append(contentsOf: s.unicodeScalars)
                run.removeAll(keepingCapacity: true)
            }
            while true {
                guard offset < bytes.count else { throw error("unterminated string") }
                let c = bytes[offset]
                if c == UInt8(ascii: "\"") {
                    offset += 1
                    try flush()
                    return String(scalars)
                }
                if c < 0x20 { throw error("control character in string") }
                if c != UInt8(ascii: "\\") {
                    run.append(c)
                    offset += 1
                    continue
                }
                try flush()
                offset += 1
                guard offset < bytes.count else { throw error("unterminated escape") }
                let e = bytes[offset]
                offset += 1
                switch e {
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "/"): scalars.append("/")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "u"):
                    var v = try hex4()
                    if (0xD800..<0xDC00).contains(v) {
                        guard bytes.count - offset >= 2, bytes[offset] == UInt8(ascii: "\\"),
                            bytes[offset + 1] == UInt8(ascii: "u")
                        else {
                            throw error("unpaired surrogate")
                        }
                        offset += 2
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired surrogate") }
                        v = 0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(v) else { throw error("unpaired surrogate") }
                    scalars.append(scalar)
                default: throw error("invalid escape")
                }
            }
        }
    }
}
