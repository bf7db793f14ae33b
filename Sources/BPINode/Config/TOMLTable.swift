import Foundation

/// The flat TOML subset of `config.toml`: `key = value` lines whose values are basic strings,
/// integers, floats, booleans or one-line arrays of strings; blank lines and `#` comments. Anything else
/// is refused with its line number. (TOMLKit, the packaged TOML library, depends on a package
/// that is not available to this project's builds.) `config.toml` and agreement manifests
/// (`agreementc build`) use it.
public struct TOMLTable: Sendable {
    /// A value.
    public enum Value: Equatable, Sendable {
        case string(String)
        case integer(Int64)
        case float(Double)
        case strings([String])
        case bool(Bool)
    }

    /// The keys and their values.
    public private(set) var values: [String: Value] = [:]

    /// Parses `text`, refusing anything outside the subset with its line number.
    public init(parsing text: String) throws(NodeError) {
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = Self.stripComment(String(raw)).trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            guard let eq = line.firstIndex(of: "=") else { throw .config("line \(n + 1): expected key = value") }
            let key = line[..<eq].trimmingCharacters(in: .whitespaces)
            let valueText = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
                throw .config("line \(n + 1): bad key \"\(key)\"")
            }
            guard values[key] == nil else { throw .config("line \(n + 1): \(key) is set twice") }
            guard let value = Self.value(valueText) else { throw .config("line \(n + 1): cannot read the value of \(key)") }
            values[key] = value
        }
    }

    /// Drops a `#` comment that is not inside a string.
    private static func stripComment(_ line: String) -> String {
        var inString = false
        var escaped = false
        for (i, c) in zip(line.indices, line) {
            if escaped {
                escaped = false
            } else if c == "\\" && inString {
                escaped = true
            } else if c == "\"" {
                inString.toggle()
            } else if c == "#" && !inString {
                return String(line[..<i])
            }
        }
        return line
    }

    private static func value(_ text: String) -> Value? {
        if text.hasPrefix("[") {
            guard text.hasSuffix("]") else { return nil }
            let inner = text.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
            if inner.isEmpty { return .strings([]) }
            var items: [String] = []
            var rest = Substring(inner)
            while true {
                rest = rest.drop { $0 == " " }
                guard let (s, after) = string(rest) else { return nil }
                items.append(s)
                rest = after.drop { $0 == " " }
                if rest.isEmpty { return .strings(items) }
                guard rest.first == "," else { return nil }
                rest = rest.dropFirst()
                if rest.trimmingCharacters(in: .whitespaces).isEmpty { return .strings(items) }
            }
        }
        if text.hasPrefix("\"") {
            guard let (s, rest) = string(Substring(text)), rest.isEmpty else { return nil }
            return .string(s)
        }
        if text == "true" || text == "false" { return .bool(text == "true") }
        if let i = Int64(text.replacingOccurrences(of: "_", with: "")) { return .integer(i) }
        if let d = Double(text), d.isFinite { return .float(d) }
        return nil
    }

    /// A basic string at the start of `text` (escapes `\\` and `\"`), and what follows it.
    private static func string(_ text: Substring) -> (String, Substring)? {
        guard text.first == "\"" else { return nil }
        var out = ""
        var i = text.index(after: text.startIndex)
        while i < text.endIndex {
            let c = text[i]
            if c == "\"" { return (out, text[text.index(after: i)...]) }
            if c == "\\" {
                i = text.index(after: i)
                guard i < text.endIndex, text[i] == "\\" || text[i] == "\"" else { return nil }
                out.append(text[i])
            } else {
                out.append(c)
            }
            i = text.index(after: i)
        }
        return nil
    }
}
