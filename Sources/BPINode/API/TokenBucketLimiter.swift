import Foundation
import NIOConcurrencyHelpers

/// Token buckets per client address: each address may make `rate` requests per second on
/// average, `burst` at once. Thread-safe. The table of addresses is bounded: when it reaches
/// `maxClients`, buckets that have refilled completely (idle clients) are forgotten first, then
/// the least recently used.
public final class TokenBucketLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: Double
    }

    /// Requests per second per address.
    public let rate: Double
    /// Requests an address may make at once.
    public let burst: Double
    /// Addresses remembered at most.
    public let maxClients: Int
    private let buckets = NIOLockedValueBox<[String: Bucket]>([:])

    /// A limiter of `rate` requests per second and `burst` at once, per address.
    public init(rate: Double, burst: Double, maxClients: Int = 10_000) {
        self.rate = max(rate, 0.001)
        self.burst = max(burst, 1)
        self.maxClients = max(maxClients, 1)
    }

    /// Takes one token for `client` at time `now` (seconds, monotonic). Returns nil when the request
    /// may go ahead, else the seconds until a token is available (for `Retry-After`).
    public func acquire(_ client: String, now: Double) -> Double? {
        buckets.withLockedValue { table in
            var bucket = table[client] ?? Bucket(tokens: burst, updated: now)
            bucket.tokens = min(burst, bucket.tokens + max(0, now - bucket.updated) * rate)
            bucket.updated = now
            defer {
                if table[client] == nil && table.count >= maxClients { evict(&table, now: now) }
                table[client] = bucket
            }
            // A hair of tolerance: refills computed from float timestamps fall a rounding short of 1.
            guard bucket.tokens >= 1 - 1e-9 else { return (1 - bucket.tokens) / rate }
            bucket.tokens -= 1
            return nil
        }
    }

    /// Forgets idle clients (buckets full again), or the least recently used one if none is idle.
    private func evict(_ table: inout [String: Bucket], now: Double) {
        let idle = table.filter { $0.value.tokens + (now - $0.value.updated) * rate >= burst }.map(\.key)
        if idle.isEmpty {
            if let oldest = table.min(by: { $0.value.updated < $1.value.updated })?.key { table[oldest] = nil }
        } else {
            for k in idle { table[k] = nil }
        }
    }

    /// Addresses currently remembered.
    public var clients: Int { buckets.withLockedValue { $0.count } }
}
