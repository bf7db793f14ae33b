import BPIBLAKE3Core

/// BLAKE3 (https://github.com/BLAKE3-team/BLAKE3-specs): plain hashing, keyed hashing, key
/// derivation and extendable output, as one-shot functions and as an incremental hasher.
///
/// One-shot hashing of a contiguous buffer hashes whole chunks and parent levels many at a time
/// with the fastest SIMD backend; the incremental hasher batches whole chunks the same way.
public struct BLAKE3: Sendable {
    /// Bytes in the default output and in a key.
    public static let outputLength = 32

    /// Why a BLAKE3 call was refused.
    public enum Error: Swift.Error, Equatable, Sendable, CustomStringConvertible {
        /// Keyed hashing needs exactly 32 key bytes.
        case invalidKeyLength(Int)

        /// A message a user can act on.
        public var description: String {
            switch self {
            case .invalidKeyLength(let n): return "a BLAKE3 key is 32 bytes, got \(n)"
            }
        }
    }

    private let key: CV
    private let flags: UInt32
    private let backend: BLAKE3Backend
    private var chunk: BLAKE3ChunkState
    private var stack: [CV] = []

    private init(key: CV, flags: UInt32, backend: BLAKE3Backend) {
        self.key = key
        self.flags = flags
        self.backend = backend
        chunk = BLAKE3ChunkState(key: key, counter: 0, flags: flags)
    }

    /// A hasher for plain hashing.
    public init(backend: BLAKE3Backend = .best) {
        self.init(key: BLAKE3Constants.iv, flags: 0, backend: backend)
    }

    /// A hasher for keyed hashing (a MAC / PRF) with a 32-byte key.
    public init(key: [UInt8], backend: BLAKE3Backend = .best) throws(Error) {
        guard key.count == 32 else { throw .invalidKeyLength(key.count) }
        self.init(key: CV(bytes: key), flags: BLAKE3Flag.keyedHash, backend: backend)
    }

    /// A hasher for key derivation: feed the key material; `context` should be a hard-coded,
    /// globally unique, application-specific string.
    public init(deriveKeyContext context: String, backend: BLAKE3Backend = .best) {
        let contextKey = Array(context.utf8).withUnsafeBytes {
            Self.rootOutput($0, key: BLAKE3Constants.iv, flags: BLAKE3Flag.deriveKeyContext, backend: backend)
                .rootBytes(count: 32)
        }
        self.init(key: CV(bytes: contextKey), flags: BLAKE3Flag.deriveKeyMaterial, backend: backend)
    }

    /// Absorbs more input.
    public mutating func update(_ input: UnsafeRawBufferPointer) {
        guard var p = input.baseAddress else { return }
        var n = input.count
        let batchChunks = backend.lanes
        let batchBytes = batchChunks * BLAKE3Constants.chunkLength
        while n > 0 {
            if chunk.length == BLAKE3Constants.chunkLength {
                addChunkChainingValue(chunk.output.chainingValue, totalChunks: chunk.counter + 1)
                chunk = BLAKE3ChunkState(key: key, counter: chunk.counter + 1, flags: flags)
            }
            if chunk.length == 0 && batchChunks > 1 && n > batchBytes {
                // Whole chunks many at a time; strictly more input must follow, so none of them is the root.
                let counter = chunk.counter
                let job = BLAKE3HashMany.Job(
                    inputs: UnsafeRawPointer(p), stride: BLAKE3Constants.chunkLength, blocks: 16, key: key,
                    counter: counter, incrementCounter: true, flags: flags,
                    flagsStart: BLAKE3Flag.chunkStart, flagsEnd: BLAKE3Flag.chunkEnd)
                withUnsafeTemporaryAllocation(byteCount: 32 * batchChunks, alignment: 16) { cvs in
                    backend.hashMany(job, count: batchChunks, out: cvs.baseAddress!)
                    for i in 0..<batchChunks {
                        addChunkChainingValue(CV(bytes: cvs.baseAddress! + 32 * i), totalChunks: counter + UInt64(i) + 1)
                    }
                }
                chunk = BLAKE3ChunkState(key: key, counter: counter + UInt64(batchChunks), flags: flags)
                p += batchBytes
                n -= batchBytes
                continue
            }
            let take = Swift.min(BLAKE3Constants.chunkLength - chunk.length, n)
            chunk.update(UnsafeRawBufferPointer(start: p, count: take))
            p += take
            n -= take
        }
    }

    /// Absorbs more input.
    public mutating func update(_ input: [UInt8]) {
        input.withUnsafeBytes { update($0) }
    }

    /// Merges completed subtrees: after `totalChunks` chunks, one merge per trailing zero bit.
    private mutating func addChunkChainingValue(_ cv: CV, totalChunks: UInt64) {
        var cv = cv
        var total = totalChunks
        while total & 1 == 0 {
            cv = BLAKE3Output.parent(left: stack.removeLast(), right: cv, key: key, flags: flags).chainingValue
            total >>= 1
        }
        stack.append(cv)
    }

    private var output: BLAKE3Output {
        var output = chunk.output
        for cv in stack.reversed() {
            output = BLAKE3Output.parent(left: cv, right: output.chainingValue, key: key, flags: flags)
        }
        return output
    }

    /// The 32-byte hash of everything absorbed. The hasher may keep absorbing afterwards.
    public func finalize() -> Hash32 {
        Hash32(output.rootBytes(count: 32))!
    }

    /// `count` bytes of extendable output, starting `seek` bytes into the output stream.
    public func finalize(outputLength count: Int, seek: UInt64 = 0) -> [UInt8] {
        output.rootBytes(count: count, seek: seek)
    }

    // MARK: One-shot

    /// The root node of the tree over a contiguous input, with chunk and parent levels hashed many at a time.
    static func rootOutput(
        _ input: UnsafeRawBufferPointer, key: CV, flags: UInt32, backend: BLAKE3Backend
    ) -> BLAKE3Output {
        let n = input.count
        if n <= BLAKE3Constants.chunkLength {
            var state = BLAKE3ChunkState(key: key, counter: 0, flags: flags)
            state.update(input)
            return state.output
        }
        let base = input.baseAddress!
        let chunks = (n + BLAKE3Constants.chunkLength - 1) / BLAKE3Constants.chunkLength
        let leading = chunks - 1  // whole chunks before the last (possibly partial) one
        var level = [UInt8](repeating: 0, count: 32 * chunks)
        level.withUnsafeMutableBytes { out in
            let job = BLAKE3HashMany.Job(
                inputs: base, stride: BLAKE3Constants.chunkLength, blocks: 16, key: key, counter: 0,
                incrementCounter: true, flags: flags, flagsStart: BLAKE3Flag.chunkStart, flagsEnd: BLAKE3Flag.chunkEnd)
            backend.hashMany(job, count: leading, out: out.baseAddress!)
            var last = BLAKE3ChunkState(key: key, counter: UInt64(leading), flags: flags)
            let offset = leading * BLAKE3Constants.chunkLength
            last.update(UnsafeRawBufferPointer(start: base + offset, count: n - offset))
            last.output.chainingValue.store(to: out.baseAddress! + 32 * leading)
        }
        var count = chunks
        while count > 2 {
            let pairs = count / 2
            let nextCount = pairs + count % 2
            var next = [UInt8](repeating: 0, count: 32 * nextCount)
            level.withUnsafeBytes { src in
                next.withUnsafeMutableBytes { dst in
                    let job = BLAKE3HashMany.Job(
                        inputs: src.baseAddress!, stride: 64, blocks: 1, key: key, counter: 0,
                        incrementCounter: false, flags: flags | BLAKE3Flag.parent, flagsStart: 0, flagsEnd: 0)
                    backend.hashMany(job, count: pairs, out: dst.baseAddress!)
                    if count % 2 == 1 {  // an odd node is carried up unchanged (BLAKE3's left-full tree)
                        (dst.baseAddress! + 32 * pairs).copyMemory(from: src.baseAddress! + 32 * (count - 1), byteCount: 32)
                    }
                }
            }
            level = next
            count = nextCount
        }
        return level.withUnsafeBytes { cvs in
            BLAKE3Output.parent(
                left: CV(bytes: cvs.baseAddress!), right: CV(bytes: cvs.baseAddress! + 32), key: key, flags: flags)
        }
    }

    /// The 32-byte BLAKE3 hash of `input`.
    public static func hash(_ input: UnsafeRawBufferPointer, backend: BLAKE3Backend = .best) -> Hash32 {
        let out = rootOutput(input, key: BLAKE3Constants.iv, flags: 0, backend: backend).rootBytes(count: 32)
        return Hash32(out)!
    }

    /// The 32-byte BLAKE3 hash of `input`.
    public static func hash(_ input: [UInt8], backend: BLAKE3Backend = .best) -> Hash32 {
        input.withUnsafeBytes { hash($0, backend: backend) }
    }

    /// `outputLength` bytes of BLAKE3 extendable output for `input`.
    public static func hash(_ input: [UInt8], outputLength: Int, backend: BLAKE3Backend = .best) -> [UInt8] {
        input.withUnsafeBytes {
            rootOutput($0, key: BLAKE3Constants.iv, flags: 0, backend: backend).rootBytes(count: outputLength)
        }
    }

    /// The keyed hash (MAC) of `input` under a 32-byte key.
    public static func keyedHash(key: [UInt8], _ input: [UInt8], outputLength: Int = 32) throws(Error) -> [UInt8] {
        guard key.count == 32 else { throw .invalidKeyLength(key.count) }
        return input.withUnsafeBytes {
            rootOutput($0, key: CV(bytes: key), flags: BLAKE3Flag.keyedHash, backend: .best).rootBytes(count: outputLength)
        }
    }

    /// Derives `outputLength` bytes of key from `material` under an application-specific `context`.
    public static func deriveKey(context: String, material: [UInt8], outputLength: Int = 32) -> [UInt8] {
        var hasher = BLAKE3(deriveKeyContext: context)
        hasher.update(material)
        return hasher.finalize(outputLength: outputLength)
    }
}
