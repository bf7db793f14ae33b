/// Hashes several equal-length inputs in lock step, one input per SIMD lane: whole chunks
/// (16 blocks each) or parent nodes (one block each). This is where BLAKE3's throughput comes from.
public enum BLAKE3HashMany {
    /// Parameters shared by every lane of one call.
    public struct Job {
        /// Address of the first lane's input; lane `l` starts at `inputs + l * stride`.
        public var inputs: UnsafeRawPointer
        /// Bytes between consecutive lanes' inputs.
        public var stride: Int
        /// Number of full 64-byte blocks per input (16 for a chunk, 1 for a parent).
        public var blocks: Int
        /// The key words (the IV for plain hashing).
        public var key: CV
        /// Counter of lane 0.
        public var counter: UInt64
        /// Whether lane `l` uses `counter + l` (chunks) or `counter` (parents).
        public var incrementCounter: Bool
        /// Flags on every block.
        public var flags: UInt32
        /// Extra flags on the first block.
        public var flagsStart: UInt32
        /// Extra flags on the last block.
        public var flagsEnd: UInt32
        /// Bytes of input in the last block (64 unless the inputs are short messages; the
        /// rest of that block must be readable and zero).
        public var lastBlockLength: UInt32

        /// Creates a job description.
        public init(
            inputs: UnsafeRawPointer, stride: Int, blocks: Int, key: CV, counter: UInt64,
            incrementCounter: Bool, flags: UInt32, flagsStart: UInt32, flagsEnd: UInt32, lastBlockLength: UInt32 = 64
        ) {
            self.inputs = inputs
            self.stride = stride
            self.blocks = blocks
            self.key = key
            self.counter = counter
            self.incrementCounter = incrementCounter
            self.flags = flags
            self.flagsStart = flagsStart
            self.flagsEnd = flagsEnd
            self.lastBlockLength = lastBlockLength
        }
    }

    /// Hashes `V.scalarCount` inputs and writes each lane's 32-byte chaining value to `out + 32 * lane`.
    @inlinable @inline(__always)
    public static func hash<V: SIMD & BLAKE3Lane>(_: V.Type, _ job: Job, out: UnsafeMutableRawPointer)
    where V.Scalar == UInt32 {
        let lanes = V.scalarCount
        let key = job.key
        var h0 = V(repeating: key.w0)
        var h1 = V(repeating: key.w1)
        var h2 = V(repeating: key.w2)
        var h3 = V(repeating: key.w3)
        var h4 = V(repeating: key.w4)
        var h5 = V(repeating: key.w5)
        var h6 = V(repeating: key.w6)
        var h7 = V(repeating: key.w7)
        var counterLow = V()
        var counterHigh = V()
        for l in 0..<lanes {
            let c = job.counter &+ (job.incrementCounter ? UInt64(l) : 0)
            counterLow[l] = UInt32(truncatingIfNeeded: c)
            counterHigh[l] = UInt32(truncatingIfNeeded: c >> 32)
        }
        let iv = BLAKE3Constants.iv
        let iv0 = V(repeating: iv.w0)
        let iv1 = V(repeating: iv.w1)
        let iv2 = V(repeating: iv.w2)
        let iv3 = V(repeating: iv.w3)
        let fullBlock = V(repeating: UInt32(BLAKE3Constants.blockLength))
        for b in 0..<job.blocks {
            var flags = job.flags
            var blockLength = fullBlock
            if b == 0 { flags |= job.flagsStart }
            if b == job.blocks - 1 {
                flags |= job.flagsEnd
                blockLength = V(repeating: job.lastBlockLength)
            }
            let m = loadTransposed(V.self, job.inputs + b * BLAKE3Constants.blockLength, stride: job.stride)
            var s = BLAKE3Words<V>(
                h0, h1, h2, h3, h4, h5, h6, h7, iv0, iv1, iv2, iv3,
                counterLow, counterHigh, blockLength, V(repeating: flags))
            blake3Rounds(&s, message: m)
            h0 = s.w0 ^ s.w8
            h1 = s.w1 ^ s.w9
            h2 = s.w2 ^ s.w10
            h3 = s.w3 ^ s.w11
            h4 = s.w4 ^ s.w12
            h5 = s.w5 ^ s.w13
            h6 = s.w6 ^ s.w14
            h7 = s.w7 ^ s.w15
        }
        for l in 0..<lanes {
            CV(h0[l], h1[l], h2[l], h3[l], h4[l], h5[l], h6[l], h7[l]).store(to: out + 32 * l)
        }
    }

    /// Loads one block from every lane and transposes it: word `w` of the result holds word `w` of each lane.
    @inlinable @inline(__always)
    static func loadTransposed<V: SIMD & BLAKE3Lane>(_: V.Type, _ base: UnsafeRawPointer, stride: Int) -> BLAKE3Words<V>
    where V.Scalar == UInt32 {
        @inline(__always) func word(_ w: Int) -> V {
            var v = V()
            for l in 0..<V.scalarCount {
                v[l] = UInt32(littleEndian: base.loadUnaligned(fromByteOffset: l * stride + 4 * w, as: UInt32.self))
            }
            return v
        }
        return BLAKE3Words(
            word(0), word(1), word(2), word(3), word(4), word(5), word(6), word(7),
            word(8), word(9), word(10), word(11), word(12), word(13), word(14), word(15))
    }
}
