import BPINet
import NIOCore
import NIOEmbedded
import Testing

@Suite("Fault injection")
struct FaultInjectionHandlerTests {
    /// Feeds messages 0..<n (4-byte indices) through a handler; returns what came out, in order.
    func run(_ profile: FaultProfile, n: Int = 10_000, advance: TimeAmount = .zero) throws -> (
        out: [UInt32], counts: FaultInjectionHandler.Counts
    ) {
        let handler = FaultInjectionHandler(profile: profile)
        let channel = EmbeddedChannel(handler: handler)
        for i in 0..<n {
            var b = channel.allocator.buffer(capacity: 4)
            b.writeInteger(UInt32(i))
            try channel.writeInbound(b)
        }
        channel.embeddedEventLoop.advanceTime(by: advance)
        var out: [UInt32] = []
        while var b = try channel.readInbound(as: ByteBuffer.self) { out.append(b.readInteger(as: UInt32.self)!) }
        _ = try channel.finish()
        return (out, handler.counts)
    }

    @Test("drop rates of 5% and 10% are met within 1 percentage point over 10,000 messages")
    func drops() throws {
        for rate in [0.05, 0.10] {
            let (out, counts) = try run(FaultProfile(dropRate: rate, seed: 7))
            #expect(abs(Double(counts.dropped) / 10_000 - rate) < 0.01, "rate \(rate): dropped \(counts.dropped)")
            #expect(out.count == 10_000 - counts.dropped)
            #expect(out == out.sorted())  // dropping alone keeps order
        }
    }

    @Test("duplicates and reordering happen, nothing is invented, and a run replays exactly for its seed")
    func disorder() throws {
        let profile = FaultProfile(duplicateRate: 0.05, reorderRate: 0.05, seed: 11)
        let (out, counts) = try run(profile)
        #expect(counts.duplicated > 300 && counts.reordered > 300)
        #expect(out.count == 10_000 + counts.duplicated)
        #expect(Set(out) == Set(0..<10_000))
        #expect(zip(out, out.dropFirst()).contains { $0 > $1 })  // some inversions
        #expect(try run(profile).out == out)
    }

    @Test("delayed messages arrive once virtual time passes the maximum delay")
    func delays() throws {
        let early = try run(FaultProfile(maxDelay: .milliseconds(50), seed: 3), n: 500, advance: .zero)
        #expect(early.out.count < 500)
        let late = try run(FaultProfile(maxDelay: .milliseconds(50), seed: 3), n: 500, advance: .milliseconds(51))
        #expect(Set(late.out) == Set(0..<500) && late.counts.delayed == 500)
    }
}
