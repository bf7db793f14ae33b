/// A coordinate field with the ZCash/IETF byte encoding: F_p as 48 big-endian bytes, F_p² as
/// c1 ‖ c0.
public protocol EncodableCoordinate: BLSField {
    /// Bytes per coordinate.
    static var encodedLength: Int { get }
    /// The canonical bytes.
    var encoded: [UInt8] { get }
    /// Parses canonical bytes; nil when a component is not below p.
    init?(encoded: ArraySlice<UInt8>)
    /// Whether y is the larger of {y, -y} (the compressed "sign" flag).
    var isLexicographicallyLargest: Bool { get }
}

extension Fp: EncodableCoordinate {
    public static var encodedLength: Int { 48 }
    public var encoded: [UInt8] { bigEndianBytes }
    public init?(encoded: ArraySlice<UInt8>) { self.init(bigEndian: encoded) }
}

extension Fp2: EncodableCoordinate {
    public static var encodedLength: Int { 96 }
    public var encoded: [UInt8] { c1.bigEndianBytes + c0.bigEndianBytes }
    public init?(encoded: ArraySlice<UInt8>) {
        let s = encoded.startIndex
        guard encoded.count == 96, let c1 = Fp(bigEndian: encoded[s..<s + 48]), let c0 = Fp(bigEndian: encoded[(s + 48)...])
        else {
            return nil
        }
        self.init(c0, c1)
    }
}

extension JacobianPoint where Curve.Field: EncodableCoordinate {
    static var compressionFlag: UInt8 { 0x80 }
    static var infinityFlag: UInt8 { 0x40 }
    static var signFlag: UInt8 { 0x20 }

    /// The compressed encoding (48 bytes in G1, 96 in G2).
    public var compressed: [UInt8] {
        guard let a = affine else { return [0xC0] + [UInt8](repeating: 0, count: F.encodedLength - 1) }
        var out = a.x.encoded
        out[0] |= Self.compressionFlag | (a.y.isLexicographicallyLargest ? Self.signFlag : 0)
        return out
    }

    /// The uncompressed encoding (96 bytes in G1, 192 in G2).
    public var uncompressed: [UInt8] {
        guard let a = affine else { return [0x40] + [UInt8](repeating: 0, count: 2 * F.encodedLength - 1) }
        return a.x.encoded + a.y.encoded
    }

    /// Decodes either encoding (by length), refusing bad flags, non-canonical coordinates, points
    /// off the curve and points outside the prime-order subgroup. The identity decodes; callers
    /// that must refuse it check `isInfinity`.
    public init(encoding bytes: [UInt8]) throws(BLSError) {
        let n = F.encodedLength
        guard bytes.count == n || bytes.count == 2 * n else {
            throw .invalidLength(what: "point encoding", expected: n, found: bytes.count)
        }
        let flags = bytes[0] & 0xE0
        let isCompressed = flags & Self.compressionFlag != 0
        guard isCompressed == (bytes.count == n) else {
            throw .invalidFlags(isCompressed ? "compression flag on a \(bytes.count)-byte encoding" : "compression flag missing")
        }
        var body = bytes
        body[0] &= 0x1F
        if flags & Self.infinityFlag != 0 {
            guard flags & Self.signFlag == 0, body.allSatisfy({ $0 == 0 }) else {
                throw .invalidFlags("infinity with a sign bit or non-zero coordinates")
            }
            self = .infinity
            return
        }
        guard let x = F(encoded: body[0..<n]) else { throw .nonCanonicalCoordinate }
        let y: F
        if isCompressed {
            guard let root = (x.squared * x + Curve.b).sqrt else { throw .notOnCurve }
            let wantLarge = flags & Self.signFlag != 0
            y = root.isLexicographicallyLargest == wantLarge ? root : -root
        } else {
            guard flags & Self.signFlag == 0 else { throw .invalidFlags("sign flag on an uncompressed encoding") }
            guard let decoded = F(encoded: body[n...]) else { throw .nonCanonicalCoordinate }
            y = decoded
        }
        let point = JacobianPoint(affineX: x, affineY: y)
        guard point.isOnCurve else { throw .notOnCurve }
        guard point.isInSubgroup else { throw .notInSubgroup }
        self = point
    }
}
