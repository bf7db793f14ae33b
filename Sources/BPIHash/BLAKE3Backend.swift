import BPIBLAKE3AVX2
import BPIBLAKE3AVX512
import BPIBLAKE3Core
import CBPICPU

/// Which compression kernel hashes many chunks (or parents) at once. The fastest one the CPU
/// supports is chosen at start-up; the others stay selectable so tests can check each against
/// the portable reference.
public enum BLAKE3Backend: String, CaseIterable, Sendable {
    /// One block at a time with scalar words: the reference.
    case portable
    /// Four lanes with `SIMD4<UInt32>` (SSE2 on x86-64, NEON on arm64).
    case simd4
    /// Eight lanes compiled for AVX2.
    case avx2
    /// Sixteen lanes compiled for AVX-512.
    case avx512

    /// The fastest backend this CPU supports.
    public static let best: BLAKE3Backend = {
        if BLAKE3Backend.avx512.isSupported { return .avx512 }
        if BLAKE3Backend.avx2.isSupported { return .avx2 }
        return .simd4
    }()

    /// Whether this CPU can run the backend.
    public var isSupported: Bool {
        switch self {
        case .portable, .simd4: return true
        case .avx2: return bpi_cpu_has_avx2() != 0
        case .avx512: return bpi_cpu_has_avx512() != 0
        }
    }

    /// Inputs hashed per kernel call.
    public var lanes: Int {
        switch self {
        case .portable: return 1
        case .simd4: return 4
        case .avx2: return BLAKE3AVX2.lanes
        case .avx512: return BLAKE3AVX512.lanes
        }
    }

    /// Hashes `count` inputs described by `job` (lane `i` at `job.inputs + i * job.stride`),
    /// writing 32-byte chaining values to `out + 32 * i`. Full kernel calls cover all but a
    /// remainder, which the portable path finishes.
    func hashMany(_ job: BLAKE3HashMany.Job, count: Int, out: UnsafeMutableRawPointer) {
        var job = job
        var done = 0
        let width = lanes
        if width > 1 {
            while count - done >= width {
                switch self {
                case .avx512: BLAKE3AVX512.hashMany(job, out: out + 32 * done)
                case .avx2: BLAKE3AVX2.hashMany(job, out: out + 32 * done)
                default: BLAKE3HashMany.hash(SIMD4<UInt32>.self, job, out: out + 32 * done)
                }
                done += width
                job.inputs += width * job.stride
                if job.incrementCounter { job.counter &+= UInt64(width) }
            }
        }
        while done < count {
            Self.portableHashOne(job, out: out + 32 * done)
            done += 1
            job.inputs += job.stride
            if job.incrementCounter { job.counter &+= 1 }
        }
    }

    /// Hashes the single input at `job.inputs` block by block with the scalar compression.
    static func portableHashOne(_ job: BLAKE3HashMany.Job, out: UnsafeMutableRawPointer) {
        var cv = job.key
        for b in 0..<job.blocks {
            var flags = job.flags
            if b == 0 { flags |= job.flagsStart }
            var blockLength = UInt32(BLAKE3Constants.blockLength)
            if b == job.blocks - 1 {
                flags |= job.flagsEnd
                blockLength = job.lastBlockLength
            }
            let block = BLAKE3Compress.loadBlock(job.inputs + b * BLAKE3Constants.blockLength)
            cv = BLAKE3Compress.chainingValue(cv: cv, block: block, counter: job.counter, blockLength: blockLength, flags: flags)
        }
        cv.store(to: out)
    }
}
