/// The one protocol every protocol type adopts: a struct encodes as a CBOR array of its fields
/// in a fixed order, so its canonical bytes (and therefore its hash) are fully determined.
public protocol CBORCodable: Sendable {
    /// The fields as CBOR items, in the order `docs/SPEC.md` fixes for this type.
    var cborFields: [CBOR] { get }
    /// Rebuilds the value from its fields; read them in order with `fields.next…` calls.
    init(cborFields fields: inout CBORFieldReader) throws(CBORError)
    /// The type's name in error messages.
    static var cborTypeName: String { get }
}

extension CBORCodable {
    /// The type's name in error messages (defaults to the Swift type name).
    public static var cborTypeName: String { String(describing: Self.self) }

    /// The value as a CBOR item (an array of its fields).
    public var cbor: CBOR { .array(cborFields) }

    /// The canonical encoding of the value.
    public func canonicalBytes() -> [UInt8] {
        do {
            return try CBOREncoder.encode(cbor)
        } catch {
            // Fields are built by the type itself; a map with duplicate keys there is a programming error.
            preconditionFailure("\(Self.cborTypeName) produced a non-canonical map: \(error)")
        }
    }

    /// Decodes a value from a CBOR item that must be an array of exactly the type's fields.
    public init(cbor: CBOR) throws(CBORError) {
        guard case .array(let items) = cbor else {
            throw .schema("\(Self.cborTypeName): expected an array of fields, found \(cbor.kindName)")
        }
        var reader = CBORFieldReader(typeName: Self.cborTypeName, items: items)
        try self.init(cborFields: &reader)
        try reader.finish()
    }

    /// Decodes a value from its canonical bytes, rejecting any non-canonical input.
    public init(canonicalBytes bytes: [UInt8], limits: CBORDecodingLimits = .standard) throws(CBORError) {
        try self.init(cbor: try CBORDecoder(limits: limits).decode(bytes))
    }
}

/// Reads a protocol type's fields in order, with typed accessors that name the field on error.
public struct CBORFieldReader: Sendable {
    private let typeName: String
    private let items: [CBOR]
    private var index = 0

    /// Creates a reader over a struct's field items.
    public init(typeName: String, items: [CBOR]) {
        self.typeName = typeName
        self.items = items
    }

    private func fail(_ field: String, _ why: String) -> CBORError {
        .schema("\(typeName).\(field) (field \(index)): \(why)")
    }

    /// The next field as a raw CBOR item.
    public mutating func next(_ field: String) throws(CBORError) -> CBOR {
        guard index < items.count else { throw fail(field, "missing; the array has only \(items.count) fields") }
        defer { index += 1 }
        return items[index]
    }

    /// The next field as an unsigned integer.
    public mutating func nextUInt(_ field: String) throws(CBORError) -> UInt64 {
        let item = try next(field)
        guard case .unsigned(let v) = item else {
            index -= 1
            throw fail(field, "expected unsigned integer, found \(item.kindName)")
        }
        return v
    }

    /// The next field as a byte string, optionally of an exact length.
    public mutating func nextBytes(_ field: String, count: Int? = nil) throws(CBORError) -> [UInt8] {
        let item = try next(field)
        guard case .bytes(let b) = item else {
            index -= 1
            throw fail(field, "expected byte string, found \(item.kindName)")
        }
        if let count, b.count != count {
            index -= 1
            throw fail(field, "expected \(count) bytes, found \(b.count)")
        }
        return b
    }

    /// The next field as a text string.
    public mutating func nextText(_ field: String) throws(CBORError) -> String {
        let item = try next(field)
        guard case .text(let s) = item else {
            index -= 1
            throw fail(field, "expected text string, found \(item.kindName)")
        }
        return s
    }

    /// The next field as a boolean.
    public mutating func nextBool(_ field: String) throws(CBORError) -> Bool {
        let item = try next(field)
        guard case .bool(let v) = item else {
            index -= 1
            throw fail(field, "expected boolean, found \(item.kindName)")
        }
        return v
    }

    /// The next field as a nested protocol type.
    public mutating func next<T: CBORCodable>(_ field: String, as type: T.Type) throws(CBORError) -> T {
        try T(cbor: try next(field))
    }

    /// The next field as an array of a nested protocol type.
    public mutating func nextArray<T: CBORCodable>(_ field: String, of type: T.Type) throws(CBORError) -> [T] {
        let elements = try nextArrayItems(field)
        var out: [T] = []
        out.reserveCapacity(elements.count)
        for element in elements { out.append(try T(cbor: element)) }
        return out
    }

    /// The next field as the raw items of an array of at most `maxCount` elements.
    public mutating func nextArrayItems(_ field: String, maxCount: Int = .max) throws(CBORError) -> [CBOR] {
        let item = try next(field)
        guard case .array(let elements) = item else {
            index -= 1
            throw fail(field, "expected array, found \(item.kindName)")
        }
        guard elements.count <= maxCount else {
            index -= 1
            throw fail(field, "at most \(maxCount) elements, found \(elements.count)")
        }
        return elements
    }

    /// How many fields are left to read (for a type with an optional field, whose presence the
    /// field count decides — one encoding per value either way).
    public var remaining: Int { items.count - index }

    /// Requires that every field was read (no extra fields).
    public func finish() throws(CBORError) {
        if index != items.count {
            throw .schema("\(typeName): expected \(index) fields, found \(items.count)")
        }
    }
}
