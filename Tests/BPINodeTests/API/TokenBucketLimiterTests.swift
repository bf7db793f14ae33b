import BPINode
import Testing

@Suite("Token-bucket rate limiter")
struct TokenBucketLimiterTests {
    @Test("a burst passes, then one request per 1/rate seconds; addresses are independent; Retry-After is the wait")
    func bucket() {
        let limiter = TokenBucketLimiter(rate: 10, burst: 3)
        for _ in 0..<3 { #expect(limiter.acquire("a", now: 100) == nil) }
        let wait = limiter.acquire("a", now: 100)
        #expect(wait != nil && abs(wait! - 0.1) < 1e-9)
        #expect(limiter.acquire("b", now: 100) == nil, "another address has its own bucket")
        #expect(limiter.acquire("a", now: 100.05) != nil)
        #expect(limiter.acquire("a", now: 100.1) == nil)
        #expect(limiter.acquire("a", now: 100.1) != nil)
        // Idle time refills up to the burst, not beyond.
        for _ in 0..<3 { #expect(limiter.acquire("a", now: 200) == nil) }
        #expect(limiter.acquire("a", now: 200) != nil)
    }

    @Test("the address table is bounded: idle addresses are forgotten first, else the least recently used")
    func bounded() {
        let limiter = TokenBucketLimiter(rate: 1, burst: 2, maxClients: 3)
        _ = limiter.acquire("a", now: 0)
        _ = limiter.acquire("b", now: 0)
        _ = limiter.acquire("b", now: 0)
        _ = limiter.acquire("c", now: 0)
        #expect(limiter.clients == 3)
        // At t=10 every bucket has refilled: all three are idle and forgotten for the newcomer.
        _ = limiter.acquire("d", now: 10)
        #expect(limiter.clients == 1)
        _ = limiter.acquire("e", now: 10.2)
        _ = limiter.acquire("f", now: 10.5)
        // None idle at 10.6 (each spent a token under a second ago): the oldest, d, goes.
        _ = limiter.acquire("g", now: 10.6)
        #expect(limiter.clients == 3)
        #expect(limiter.acquire("d", now: 10.6) == nil, "d was forgotten, so it starts with a full bucket")
    }
}
