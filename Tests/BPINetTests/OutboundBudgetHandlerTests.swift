import BPINet
import NIOConcurrencyHelpers
import NIOCore
import NIOEmbedded
import Testing

@Suite("Outbound budget (backpressure per peer)")
struct OutboundBudgetHandlerTests {
    func message(_ n: Int, _ priority: SendPriority) -> OutboundMessage {
        OutboundMessage(ByteBuffer(repeating: 7, count: n), priority: priority)
    }

    @Test("over the bulk limit bulk messages are dropped and consensus ones still go; over the hard limit the channel closes")
    func budget() throws {
        let drops = NIOLockedValueBox<[Bool]>([])
        let handler = OutboundBudgetHandler(bulkLimit: 100, hardLimit: 300) { overflow in
            drops.withLockedValue { $0.append(overflow) }
        }
        let channel = EmbeddedChannel(handler: handler)
        // Written but not flushed: the bytes wait, as they do for a peer that is not reading.
        channel.write(message(60, .consensus), promise: nil)
        let bulk = channel.eventLoop.makePromise(of: Void.self)
        channel.write(message(60, .bulk), promise: bulk)
        #expect(throws: TransportError.dropped) { try bulk.futureResult.wait() }
        #expect(handler.queued == 60)
        channel.write(message(200, .consensus), promise: nil)
        #expect(handler.queued == 260)
        #expect(drops.withLockedValue { $0 } == [false])
        // The socket takes everything: the queue empties and bulk passes again.
        channel.flush()
        #expect(handler.queued == 0)
        #expect(try channel.readOutbound(as: ByteBuffer.self)?.readableBytes == 60)
        #expect(try channel.readOutbound(as: ByteBuffer.self)?.readableBytes == 200)
        channel.write(message(60, .bulk), promise: nil)
        #expect(handler.queued == 60)
        channel.write(message(250, .consensus), promise: nil)
        #expect(drops.withLockedValue { $0 } == [false, true])
        #expect(!channel.isActive, "a peer whose queue reached the hard limit is cut off")
    }
}
