/// How much sequential Proof-of-History work every block carries (docs/SPEC.md §11.2): each block's
/// tick list holds exactly `ticksPerBlock` clock ticks of `hashesPerTick` steps, with the block's
/// events (its frames) mixed in between. A genesis parameter (`genesis.json` `poh`, bound to the
/// genesis hash); the standard values keep a light client's replay of 1,000 headers inside its
/// budget (the figures are in the README).
public struct PoHParameters: Sendable, Equatable, Hashable {
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

    /// Most clock ticks a chain may ask for per block (a bound on every list's size).
    public static let maxTicksPerBlock: UInt64 = 64
    /// Most sequential steps a chain may ask for per block (a bound on the work a list costs).
    public static let maxStepsPerBlock: UInt64 = 1 << 22

    /// Why these parameters are not allowed, or nil.
    public var problem: String? {
        guard hashesPerTick >= 1 else { return "hashesPerTick must be at least 1" }
        guard (1...Self.maxTicksPerBlock).contains(ticksPerBlock) else {
            return "ticksPerBlock must be 1…\(Self.maxTicksPerBlock)"
        }
        guard hashesPerTick <= Self.maxStepsPerBlock / ticksPerBlock else {
            return "hashesPerTick × ticksPerBlock must be at most \(Self.maxStepsPerBlock)"
        }
        return nil
    }
}
