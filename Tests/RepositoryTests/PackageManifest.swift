import Foundation

/// The targets of `Package.swift`, read from its text (SwiftPM's own `dump-package` would take the
/// build folder's lock, which the running `swift test` holds). Enough of Swift to read this
/// manifest's `.target(name:dependencies:)` calls; a change that defeats the reader fails the tests
/// that use it, since they require every target to be found.
struct PackageManifest {
    /// One target: its kind (`target`, `executableTarget`, `testTarget`, `systemLibrary`), the
    /// package targets it depends on, and the products of other packages it uses.
    struct Target: Equatable {
        var name: String
        var kind: String
        var targets: Set<String>
        var products: Set<String>
    }

    /// The targets in manifest order.
    var targets: [Target]

    /// Reads `Package.swift` at `url`.
    init(contentsOf url: URL) throws {
        let text = try String(contentsOf: url, encoding: .utf8)
        targets = []
        let call = try Regex(#"\.(target|executableTarget|testTarget|systemLibrary)\("#)
        for match in text.matches(of: call) {
            let kind = String(text[match.range].dropFirst().dropLast())
            let body = Self.balanced(text, from: text.index(before: match.range.upperBound), open: "(", close: ")")
            guard let name = Self.firstString(after: "name:", in: body) else { continue }
            var targets = Set<String>()
            var products = Set<String>()
            if let start = body.range(of: "dependencies:")?.upperBound, let bracket = body[start...].firstIndex(of: "[") {
                var list = Self.balanced(body, from: bracket, open: "[", close: "]")
                while let p = list.range(of: ".product(") {
                    let inner = Self.balanced(list, from: list.index(before: p.upperBound), open: "(", close: ")")
                    if let product = Self.firstString(after: "name:", in: inner) { products.insert(product) }
                    let end = list.index(p.upperBound, offsetBy: inner.count + 1)
                    list.removeSubrange(p.lowerBound..<end)
                }
                targets = Set(Self.strings(in: list))
            }
            self.targets.append(Target(name: name, kind: kind, targets: targets, products: products))
        }
    }

    /// The target called `name`.
    subscript(name: String) -> Target? { targets.first { $0.name == name } }

    /// Every package target and product `name` reaches through its dependencies (not itself).
    func closure(of name: String) -> (targets: Set<String>, products: Set<String>) {
        var seen = Set<String>()
        var products = Set<String>()
        var stack = [name]
        while let next = stack.popLast() {
            guard let t = self[next] else { continue }
            products.formUnion(t.products)
            for d in t.targets where seen.insert(d).inserted { stack.append(d) }
        }
        return (seen, products)
    }

    /// The text between the bracket at `from` and its partner (exclusive).
    static func balanced(_ text: String, from: String.Index, open: Character, close: Character) -> String {
        var depth = 0
        var inString = false
        var i = from
        while i < text.endIndex {
            let c = text[i]
            if c == "\"" { inString.toggle() }
            if !inString {
                if c == open { depth += 1 }
                if c == close {
                    depth -= 1
                    if depth == 0 { return String(text[text.index(after: from)..<i]) }
                }
            }
            i = text.index(after: i)
        }
        return String(text[text.index(after: from)...])
    }

    /// The string literals in `text`, in order.
    static func strings(in text: String) -> [String] {
        text.split(separator: "\"", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map {
            String($0.element)
        }
    }

    /// The first string literal after `label` in `text`.
    static func firstString(after label: String, in text: String) -> String? {
        guard let r = text.range(of: label) else { return nil }
        return strings(in: String(text[r.upperBound...])).first
    }
}
