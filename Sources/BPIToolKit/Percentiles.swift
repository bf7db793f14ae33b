/// Nearest-rank percentiles of a sample (finality times, header gaps, per-header verification
/// times): the value at rank ⌊q·n⌋ of the sorted sample, clamped to the last.
public struct Percentiles: Sendable {
    /// The sample, ascending.
    public let sorted: [Double]

    /// Sorts `values` once; every query after that is O(1).
    public init(_ values: [Double]) { sorted = values.sorted() }

    /// The value at fraction `q` (0…1) of the sample; nil for an empty sample.
    public func at(_ q: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        return sorted[Swift.min(sorted.count - 1, Swift.max(0, Int(q * Double(sorted.count))))]
    }

    /// The largest value; nil for an empty sample.
    public var max: Double? { sorted.last }
}
