import BPIBLS
import BPICodec

/// Feldman's commitment to a secret polynomial f: the points C_k = a_k·G2 of its coefficients.
/// Anyone can compute f(j)·G2 = Σ C_k·j^k and so check a share without learning it; C_0 is the
/// dealer's contribution to the epoch key (docs/SPEC.md §16.2).
public struct FeldmanCommitment: Sendable, Equatable {
    /// The committed coefficients, constant term first (all in the G2 subgroup).
    public let points: [G2Point]

    init(unchecked points: [G2Point]) { self.points = points }

    /// Decodes compressed G2 points, refusing any that fails to decode or lies outside the subgroup.
    /// The identity is allowed for higher coefficients but not for C_0 (a zero contribution).
    public init(compressed: [[UInt8]]) throws(ThresholdError) {
        guard !compressed.isEmpty else { throw .invalidEncoding("a commitment has at least one point") }
        var points: [G2Point] = []
        for (k, bytes) in compressed.enumerated() {
            guard bytes.count == 96, let p = try? G2Point(encoding: bytes) else {
                throw .invalidEncoding("commitment point \(k) is not a compressed G2 subgroup point")
            }
            points.append(p)
        }
        guard !points[0].isInfinity else { throw .invalidEncoding("the commitment's constant term is the identity") }
        self.points = points
    }

    /// The degree plus one (the threshold this commitment was made for).
    public var count: Int { points.count }

    /// The constant term C_0 = f(0)·G2.
    public var constant: G2Point { points[0] }

    /// f(x)·G2 = Σ C_k·x^k by Horner's rule (x is public, a participant index).
    public func evaluate(at index: UInt32) -> G2Point {
        let x = Fr(UInt64(index))
        return points.reversed().reduce(G2Point.infinity) { $0.multiplied(byPublic: x) + $1 }
    }

    /// Whether `share` is f(index) for the committed f.
    public func verifies(share: Fr, for index: UInt32) -> Bool {
        G2Point.generator.multiplied(byPublic: share) == evaluate(at: index)
    }

    /// The coefficient-wise sum of commitments: the commitment to the sum of the polynomials.
    public static func sum(_ commitments: [FeldmanCommitment]) -> FeldmanCommitment {
        let width = commitments.map(\.count).max() ?? 0
        var out = [G2Point](repeating: .infinity, count: width)
        for c in commitments { for (k, p) in c.points.enumerated() { out[k] = out[k] + p } }
        return FeldmanCommitment(unchecked: out)
    }

    /// The compressed points.
    public var compressed: [[UInt8]] { points.map(\.compressed) }
}
