/// How much sequential Proof-of-History work every block carries (docs/SPEC.md §11.2): each block's
/// tick list holds exactly `ticksPerBlock` clock ticks of `hashesPerTick` steps, with the block's
/// events (its frames) mixed in between. Chosen so that a light client replays a year of headers'
/// ticks well inside its budget (the figures are in the README); both are protocol constants.
public struct PoHParameters: Sendable, Equatable {
    /// Sequential steps per clock tick.
    public var hashesPerTick: UInt64
    /// Clock ticks in every block's tick list.
    public var ticksPerBlock: UInt64

    /// Parameters.
    public init(hashesPerTick: UInt64, ticksPerBlock: UInt64) {
        self.hashesPerTick = hashesPerTick
        self.ticksPerBlock = ticksPerBlock
    }

    /// The chain's parameters: 4 ticks of 256 steps (1,024 sequential BLAKE3 compressions a block).
    public static let standard = PoHParameters(hashesPerTick: 256, ticksPerBlock: 4)

    /// Most records a block's tick list may hold: its clock ticks and one event record per frame.
    public var maxRecords: Int { Int(ticksPerBlock) + Block.maxFrames }
}
