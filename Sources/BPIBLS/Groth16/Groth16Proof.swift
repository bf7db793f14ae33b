/// A Groth16 proof over BLS12-381 (docs/SPEC.md §14.8): `A ‖ B ‖ C`, 192 bytes, A and C compressed
/// G1 (48 bytes each), B compressed G2 (96); each on the curve, in the subgroup, not the identity.
public struct Groth16Proof: Sendable, Equatable {
    public let a: G1Point
    public let b: G2Point
    public let c: G1Point

    /// Encoded length.
    public static let byteCount = 192

    /// A proof from its points.
    public init(a: G1Point, b: G2Point, c: G1Point) throws(Groth16Error) {
        guard !a.isInfinity, !b.isInfinity, !c.isInfinity else { throw .malformedProof("A, B and C must not be the identity") }
        self.a = a
        self.b = b
        self.c = c
    }

    /// Decodes `A ‖ B ‖ C`.
    public init(bytes: [UInt8]) throws(Groth16Error) {
        guard bytes.count == Self.byteCount else { throw .malformedProof("\(Self.byteCount) bytes, found \(bytes.count)") }
        do {
            try self.init(
                a: try G1Point(encoding: Array(bytes[0..<48])), b: try G2Point(encoding: Array(bytes[48..<144])),
                c: try G1Point(encoding: Array(bytes[144..<192])))
        } catch let error as Groth16Error {
            throw error
        } catch {
            throw .malformedProof("\(error)")
        }
    }

    /// `A ‖ B ‖ C`.
    public var bytes: [UInt8] { a.compressed + b.compressed + c.compressed }
}
