/// Where each shard of an object goes (docs/SPEC.md §15.5): shard s of chunk c to backend
/// (c + s) mod B, so every backend holds ⌈n/B⌉ or ⌊n/B⌋ shards of any chunk and the extra ones
/// rotate from chunk to chunk. The policy is refused unless losing any `tolerance` backends leaves
/// at least k shards of every chunk — with tolerance ≥ 1, no backend holds more than n − k.
public struct PlacementPolicy: Sendable, Equatable, Codable {
    public var backends: Int
    public var tolerance: Int
    public var k: Int
    public var n: Int

    /// A checked policy.
    public init(backends: Int, tolerance: Int, k: Int, n: Int) throws(PinnerError) {
        self.backends = backends
        self.tolerance = tolerance
        self.k = k
        self.n = n
        guard backends >= 1 else { throw .badPlacement("no storage backend") }
        guard tolerance >= 0, tolerance < backends else {
            throw .badPlacement("tolerating the loss of \(tolerance) of \(backends) backends is impossible")
        }
        let lost = worstLoss
        guard n - lost >= k else {
            throw .badPlacement(
                "RS(\(k), \(n)) over \(backends) backends: losing \(tolerance) of them can take \(lost) shards of a chunk, "
                    + "leaving \(n - lost) < k = \(k); add backends, lower --tolerate or raise n − k")
        }
    }

    /// The backend of shard `shard` of chunk `chunk`.
    public func backend(chunk: Int, shard: Int) -> Int { (chunk + shard) % backends }

    /// The most shards of one chunk that losing `tolerance` backends can take.
    public var worstLoss: Int {
        let base = n / backends
        let larger = n % backends
        return (0..<tolerance).reduce(0) { sum, i in sum + base + (i < larger ? 1 : 0) }
    }

    /// The largest tolerance RS(k, n) allows over `backends` backends.
    public static func maxTolerance(backends: Int, k: Int, n: Int) -> Int {
        var t = 0
        while t + 1 < backends, (try? PlacementPolicy(backends: backends, tolerance: t + 1, k: k, n: n)) != nil { t += 1 }
        return t
    }
}
