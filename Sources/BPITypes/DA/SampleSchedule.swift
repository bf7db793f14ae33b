import BPIHash

/// Which shards of a committed object one validator samples (docs/SPEC.md §15.4): in every chunk,
/// `perChunk` distinct shard indices drawn uniformly from the BLAKE3 XOF of `0x52 ‖ vrfOutput ‖
/// identity key ‖ objectID`, where `vrfOutput` is that of the header that commits the object. The
/// schedule cannot be known before that header is final (its VRF output is the proposer's, fixed
/// only with the header), differs per validator, and anyone can recompute it — so a challenge can
/// show that the shard it names was one its sender had to sample.
public struct SampleSchedule: Sendable, Equatable {
    /// The positions to sample, chunk by chunk, shards in the order drawn.
    public let positions: [ShardPosition]

    /// The schedule of the validator with Ed25519 identity key `identityKey` for `object`,
    /// committed by a header with VRF output `vrfOutput`.
    public init(object: DAObject, vrfOutput: [UInt8], identityKey: [UInt8], perChunk: Int) {
        var stream = Stream(seed: [DomainTag.daSample.rawValue] + vrfOutput + identityKey + object.id.bytes)
        let s = min(max(perChunk, 0), Int(object.n))
        var positions: [ShardPosition] = []
        positions.reserveCapacity(Int(object.chunkCount) * s)
        for chunk in 0..<object.chunkCount {
            // A partial Fisher–Yates shuffle of 0…n−1: the first s entries are s distinct shards,
            // each s-subset equally likely.
            var order = Array(0..<object.n)
            for i in 0..<s {
                let j = i + Int(stream.uniform(below: object.n - UInt64(i)))
                order.swapAt(i, j)
                positions.append(ShardPosition(chunk: chunk, shard: order[i]))
            }
        }
        self.positions = positions
    }

    /// Unbiased draws from a BLAKE3 XOF, one byte at a time (n ≤ 255), by rejection.
    struct Stream {
        let seed: [UInt8]
        var buffer: [UInt8] = []
        var offset = 0
        var consumed: UInt64 = 0

        init(seed: [UInt8]) { self.seed = seed }

        mutating func byte() -> UInt8 {
            if offset == buffer.count {
                var hasher = BLAKE3()
                hasher.update(seed)
                buffer = hasher.finalize(outputLength: 1_024, seek: consumed)
                consumed += 1_024
                offset = 0
            }
            defer { offset += 1 }
            return buffer[offset]
        }

        /// Uniform in 0..<bound (1 ≤ bound ≤ 256).
        mutating func uniform(below bound: UInt64) -> UInt64 {
            let limit = 256 - 256 % bound
            while true {
                let b = UInt64(byte())
                if b < limit { return b % bound }
            }
        }
    }
}
