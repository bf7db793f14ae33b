/// The subset of DAG-CBOR the object's CAR uses: unsigned integers, byte and text strings, arrays,
/// maps with text keys, and CID links (tag 42 over `0x00 ‖ binary CID`). Encoding is canonical
/// (shortest heads, map keys sorted by length then bytes — the DAG-CBOR rule); decoding takes only
/// canonical bytes (it re-encodes and compares).
public indirect enum DAGNode: Sendable, Equatable {
    case unsigned(UInt64)
    case bytes([UInt8])
    case text(String)
    case array([DAGNode])
    case map([(String, DAGNode)])
    case link(CID)

    public static func == (a: DAGNode, b: DAGNode) -> Bool { a.encoded() == b.encoded() }

    /// The canonical DAG-CBOR bytes.
    public func encoded() -> [UInt8] {
        var out: [UInt8] = []
        write(into: &out)
        return out
    }

    func write(into out: inout [UInt8]) {
        switch self {
        case .unsigned(let v): Self.head(0, v, into: &out)
        case .bytes(let b):
            Self.head(2, UInt64(b.count), into: &out)
            out += b
        case .text(let t):
            Self.head(3, UInt64(t.utf8.count), into: &out)
            out += Array(t.utf8)
        case .array(let items):
            Self.head(4, UInt64(items.count), into: &out)
            for item in items { item.write(into: &out) }
        case .map(let entries):
            Self.head(5, UInt64(entries.count), into: &out)
            for (key, value) in entries.sorted(by: { Self.keyOrder($0.0, $1.0) }) {
                DAGNode.text(key).write(into: &out)
                value.write(into: &out)
            }
        case .link(let cid):
            out += [0xD8, 42]
            DAGNode.bytes([0] + cid.bytes).write(into: &out)
        }
    }

    static func keyOrder(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        return x.count != y.count ? x.count < y.count : x.lexicographicallyPrecedes(y)
    }

    static func head(_ major: UInt8, _ value: UInt64, into out: inout [UInt8]) {
        let m = major << 5
        switch value {
        case 0..<24: out.append(m | UInt8(value))
        case 24..<256: out += [m | 24, UInt8(value)]
        case 256..<65_536: out += [m | 25] + withUnsafeBytes(of: UInt16(value).bigEndian, Array.init)
        case 65_536..<4_294_967_296: out += [m | 26] + withUnsafeBytes(of: UInt32(value).bigEndian, Array.init)
        default: out += [m | 27] + withUnsafeBytes(of: value.bigEndian, Array.init)
        }
    }

    /// Decodes one canonical node filling all of `bytes`.
    public init(decoding bytes: [UInt8]) throws(CARError) {
        var offset = 0
        self = try Self.read(bytes, at: &offset, depth: 0)
        guard offset == bytes.count else { throw .malformed("trailing bytes after a DAG-CBOR node") }
        guard encoded() == bytes else { throw .malformed("a DAG-CBOR node is not in canonical form") }
    }

    static func read(_ b: [UInt8], at o: inout Int, depth: Int) throws(CARError) -> DAGNode {
        guard depth < 16 else { throw .malformed("DAG-CBOR nested too deeply") }
        guard o < b.count else { throw .malformed("a DAG-CBOR node ends early") }
        let initial = b[o]
        o += 1
        let major = initial >> 5
        let info = initial & 31
        func argument() throws(CARError) -> UInt64 {
            switch info {
            case 0..<24: return UInt64(info)
            case 24...27:
                let n = 1 << Int(info - 24)
                guard o + n <= b.count else { throw .malformed("a DAG-CBOR head ends early") }
                var v: UInt64 = 0
                for i in 0..<n { v = v << 8 | UInt64(b[o + i]) }
                o += n
                return v
            default: throw .malformed("indefinite lengths and reserved heads are not DAG-CBOR")
            }
        }
        func length() throws(CARError) -> Int {
            let n = try argument()
            guard n <= UInt64(b.count - o) else { throw .malformed("a DAG-CBOR length runs past the end") }
            return Int(n)
        }
        switch major {
        case 0: return .unsigned(try argument())
        case 2:
            let n = try length()
            defer { o += n }
            return .bytes(Array(b[o..<o + n]))
        case 3:
            let n = try length()
            guard let text = String(validating: b[o..<o + n], as: UTF8.self) else {
                throw .malformed("a text string is not UTF-8")
            }
            o += n
            return .text(text)
        case 4:
            let n = try length()
            var items: [DAGNode] = []
            for _ in 0..<n { items.append(try read(b, at: &o, depth: depth + 1)) }
            return .array(items)
        case 5:
            let n = try length()
            var entries: [(String, DAGNode)] = []
            for _ in 0..<n {
                guard case .text(let key) = try read(b, at: &o, depth: depth + 1) else {
                    throw .malformed("a map key is not text")
                }
                guard !entries.contains(where: { $0.0 == key }) else { throw .malformed("a map repeats key \(key)") }
                entries.append((key, try read(b, at: &o, depth: depth + 1)))
            }
            return .map(entries)
        case 6:
            guard try argument() == 42 else { throw .malformed("a tag other than 42 (CID)") }
            guard case .bytes(let raw) = try read(b, at: &o, depth: depth + 1), raw.first == 0 else {
                throw .malformed("a CID link is not 0x00 ‖ binary CID")
            }
            var at = 1
            let cid = try CID.read(raw, at: &at)
            guard at == raw.count else { throw .malformed("trailing bytes in a CID link") }
            return .link(cid)
        default: throw .malformed("DAG-CBOR major type \(major) is not used here")
        }
    }

    /// The value of map key `key`.
    public subscript(key: String) -> DAGNode? {
        guard case .map(let entries) = self else { return nil }
        return entries.first { $0.0 == key }?.1
    }
}
