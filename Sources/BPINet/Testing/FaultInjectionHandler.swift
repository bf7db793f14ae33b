import NIOCore

/// How a `FaultInjectionHandler` mistreats messages.
public struct FaultProfile: Sendable, Equatable {
    /// Probability that a message is dropped.
    public var dropRate: Double
    /// Probability that a delivered message is delivered twice.
    public var duplicateRate: Double
    /// Probability that a message is held back and delivered after the next one.
    public var reorderRate: Double
    /// Each delivery is delayed by a uniform random time up to this (zero: no delay).
    public var maxDelay: TimeAmount
    /// Seed of the decisions, so a run replays exactly.
    public var seed: UInt64

    /// Creates a profile.
    public init(
        dropRate: Double = 0, duplicateRate: Double = 0, reorderRate: Double = 0, maxDelay: TimeAmount = .zero, seed: UInt64 = 1
    ) {
        self.dropRate = dropRate
        self.duplicateRate = duplicateRate
        self.reorderRate = reorderRate
        self.maxDelay = maxDelay
        self.seed = seed
    }
}

/// Drops, duplicates, reorders and delays inbound application messages, for tests of liveness
/// under an unreliable network. Placed above the Noise handler (on plaintext messages), so the
/// secure channel itself stays intact while consensus sees loss and disorder.
public final class FaultInjectionHandler: ChannelInboundHandler, @unchecked Sendable {
    // Confined to the channel's event loop.
    public typealias InboundIn = ByteBuffer
    public typealias InboundOut = ByteBuffer

    /// What the handler did so far.
    public struct Counts: Sendable, Equatable {
        public var received = 0, dropped = 0, duplicated = 0, reordered = 0, delayed = 0
    }

    private let profile: FaultProfile
    private var state: UInt64
    private var held: ByteBuffer?
    /// The handler's tallies.
    public private(set) var counts = Counts()

    /// A handler applying `profile`.
    public init(profile: FaultProfile) {
        self.profile = profile
        state = profile.seed
    }

    /// A uniform number in [0, 1) (SplitMix64).
    private func random() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let message = unwrapInboundIn(data)
        counts.received += 1
        if random() < profile.dropRate {
            counts.dropped += 1
            return
        }
        if held == nil && random() < profile.reorderRate {
            held = message
            counts.reordered += 1
            return
        }
        forward(context: context, message)
        if random() < profile.duplicateRate {
            counts.duplicated += 1
            forward(context: context, message)
        }
        if let h = held {
            held = nil
            forward(context: context, h)
        }
    }

    private func forward(context: ChannelHandlerContext, _ message: ByteBuffer) {
        guard profile.maxDelay > .zero else {
            context.fireChannelRead(wrapInboundOut(message))
            return
        }
        counts.delayed += 1
        let delay = TimeAmount.nanoseconds(Int64(random() * Double(profile.maxDelay.nanoseconds)))
        let loopBound = NIOLoopBound((context, self), eventLoop: context.eventLoop)
        context.eventLoop.scheduleTask(in: delay) {
            let (context, handler) = loopBound.value
            context.fireChannelRead(handler.wrapInboundOut(message))
        }
    }

    /// A held message is released when the channel goes inactive rather than lost silently.
    public func channelInactive(context: ChannelHandlerContext) {
        if let h = held {
            held = nil
            context.fireChannelRead(wrapInboundOut(h))
        }
        context.fireChannelInactive()
    }
}
