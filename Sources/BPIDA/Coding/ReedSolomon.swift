import CISAL
import Foundation

/// Systematic Reed-Solomon RS(k, n) over GF(2⁸) (polynomial 0x11D) with ISA-L's Cauchy matrix
/// (docs/SPEC.md §15.1): shards 0…k−1 are the data, shards k…n−1 parity rows
/// `1/(i ⊕ j)` (i the shard, j the data shard); any k shards give the data back. The coding runs in
/// ISA-L (`ec_encode_data`, its SIMD kernels); decode tables are cached per loss pattern, because at
/// k = 32 inverting the k×k matrix costs as much as decoding a chunk.
public final class ReedSolomon: Sendable {
    /// Data shards.
    public let k: Int
    /// All shards (data + parity).
    public let n: Int
    /// The n×k coding matrix, row-major (identity on top).
    public let matrix: [UInt8]
    private let encodeTables: [UInt8]
    private let decodeTables: DecodeTableCache

    /// Largest n (GF(2⁸) Cauchy rows need distinct i ⊕ j ≠ 0).
    public static let maxShards = 255

    /// RS(k, n): 1 ≤ k < n ≤ 255.
    public init(k: Int, n: Int) throws(ErasureError) {
        guard k >= 1, n > k, n <= Self.maxShards else {
            throw .badParameters("need 1 ≤ k < n ≤ \(Self.maxShards), got k=\(k) n=\(n)")
        }
        self.k = k
        self.n = n
        var m = [UInt8](repeating: 0, count: n * k)
        gf_gen_cauchy1_matrix(&m, Int32(n), Int32(k))
        matrix = m
        var tables = [UInt8](repeating: 0, count: 32 * k * (n - k))
        m.withUnsafeMutableBufferPointer { mp in
            ec_init_tables(Int32(k), Int32(n - k), mp.baseAddress! + k * k, &tables)
        }
        encodeTables = tables
        decodeTables = DecodeTableCache()
    }

    /// The n − k parity shards of `data` (k shards of one size).
    public func parity(_ data: [[UInt8]]) throws(ErasureError) -> [[UInt8]] {
        guard data.count == k else { throw .badShards("\(k) data shards expected, got \(data.count)") }
        let size = data[0].count
        guard data.allSatisfy({ $0.count == size }) else { throw .badShards("data shards differ in size") }
        guard size > 0 else { return Array(repeating: [], count: n - k) }
        let rows = n - k
        let out = [UInt8](unsafeUninitializedCapacity: rows * size) { o, initialized in
            let outputs = (0..<rows).map { UnsafeMutablePointer(o.baseAddress! + $0 * size) as UnsafeMutablePointer<UInt8>? }
            Self.run(tables: encodeTables, sources: data, outputs: outputs, size: size)
            initialized = rows * size
        }
        return (0..<rows).map { Array(out[($0 * size)..<(($0 + 1) * size)]) }
    }

    /// The parity of one chunk laid out as k consecutive shards of `shardSize` bytes (the object
    /// coder's layout, no copies): n − k consecutive parity shards.
    public func encode(chunk: [UInt8], shardSize: Int) throws(ErasureError) -> [UInt8] {
        guard shardSize > 0, chunk.count == k * shardSize else {
            throw .badShards("a chunk of k × shardSize = \(k * shardSize) bytes expected, got \(chunk.count)")
        }
        return chunk.withUnsafeBufferPointer { c in
            let sources = (0..<k).map {
                UnsafeMutablePointer(mutating: c.baseAddress! + $0 * shardSize) as UnsafeMutablePointer<UInt8>?
            }
            return Self.run(tables: encodeTables, pointers: sources, rows: n - k, size: shardSize)
        }
    }

    /// The k data shards, from any k or more of the n shards (`shards[i]` nil when shard i is
    /// missing; all present shards the same size).
    public func reconstruct(_ shards: [[UInt8]?], chunk: Int = 0) throws(ErasureError) -> [[UInt8]] {
        guard shards.count == n else { throw .badShards("\(n) shard slots expected, got \(shards.count)") }
        if (0..<k).allSatisfy({ shards[$0] != nil }) {
            let size = shards[0]!.count
            guard (0..<k).allSatisfy({ shards[$0]!.count == size }) else { throw .badShards("present shards differ in size") }
            return (0..<k).map { shards[$0]! }
        }
        let size = shards.first(where: { $0 != nil })??.count ?? 0
        let joined = try decode(shards, shardSize: size, chunk: chunk)
        return (0..<k).map { Array(joined[($0 * size)..<(($0 + 1) * size)]) }
    }

    /// The chunk the shards code — its k data shards, consecutive (k × `shardSize` bytes) — from any
    /// k or more of the n shards. One buffer: present data shards are copied into place and ISA-L
    /// writes the missing ones straight into theirs.
    public func decode(_ shards: [[UInt8]?], shardSize size: Int, chunk: Int = 0) throws(ErasureError) -> [UInt8] {
        guard shards.count == n else { throw .badShards("\(n) shard slots expected, got \(shards.count)") }
        let present = shards.indices.filter { shards[$0] != nil }
        guard present.count >= k else { throw .tooFewShards(chunk: chunk, present: present.count, needed: k) }
        guard present.allSatisfy({ shards[$0]!.count == size }) else {
            throw .badShards("every present shard must be \(size) bytes")
        }
        let missingData = (0..<k).filter { shards[$0] == nil }
        let use = Array(present.prefix(k))
        var tables: [UInt8] = []
        if !missingData.isEmpty {
            tables = try decodeTables.tables(for: use, missing: missingData) { () throws(ErasureError) in
                try self.makeDecodeTables(use: use, missing: missingData)
            }
        }
        let k = self.k
        return [UInt8](unsafeUninitializedCapacity: k * size) { buffer, initialized in
            let base = buffer.baseAddress!
            for i in 0..<k {
                if let shard = shards[i] {
                    shard.withUnsafeBufferPointer { base.advanced(by: i * size).update(from: $0.baseAddress!, count: size) }
                }
            }
            if !missingData.isEmpty, size > 0 {
                let outputs = missingData.map {
                    UnsafeMutablePointer(base.advanced(by: $0 * size)) as UnsafeMutablePointer<UInt8>?
                }
                Self.run(tables: tables, sources: use.map { shards[$0]! }, outputs: outputs, size: size)
            }
            initialized = k * size
        }
    }

    /// Decode tables: rows of the inverse of the k×k matrix of the used shards' rows, one for each
    /// missing data shard.
    private func makeDecodeTables(use: [Int], missing: [Int]) throws(ErasureError) -> [UInt8] {
        var sub = [UInt8](repeating: 0, count: k * k)
        for (r, i) in use.enumerated() {
            for j in 0..<k { sub[r * k + j] = matrix[i * k + j] }
        }
        var inverse = [UInt8](repeating: 0, count: k * k)
        guard gf_invert_matrix(&sub, &inverse, Int32(k)) == 0 else {
            throw .badParameters("the shards' matrix is singular (cannot happen for a Cauchy code)")
        }
        var rows = [UInt8](repeating: 0, count: missing.count * k)
        for (r, i) in missing.enumerated() {
            for j in 0..<k { rows[r * k + j] = inverse[i * k + j] }
        }
        var tables = [UInt8](repeating: 0, count: 32 * k * missing.count)
        ec_init_tables(Int32(k), Int32(missing.count), &rows, &tables)
        return tables
    }

    /// `ec_encode_data` over `sources` (each `size` bytes, only read) into `outputs`.
    private static func run(tables: [UInt8], sources: [[UInt8]], outputs: [UnsafeMutablePointer<UInt8>?], size: Int) {
        var pointers: [UnsafeMutablePointer<UInt8>?] = []
        pointers.reserveCapacity(sources.count)
        func collect(_ i: Int) {
            if i == sources.count {
                encode(tables: tables, sources: pointers, outputs: outputs, size: size)
                return
            }
            sources[i].withUnsafeBufferPointer { p in
                pointers.append(UnsafeMutablePointer(mutating: p.baseAddress))
                collect(i + 1)
            }
        }
        collect(0)
    }

    /// `rows` outputs of `size` bytes, consecutive, from source pointers ISA-L only reads.
    private static func run(tables: [UInt8], pointers: [UnsafeMutablePointer<UInt8>?], rows: Int, size: Int) -> [UInt8] {
        guard size > 0, rows > 0 else { return [UInt8](repeating: 0, count: rows * size) }
        return [UInt8](unsafeUninitializedCapacity: rows * size) { o, initialized in
            let outputs = (0..<rows).map { UnsafeMutablePointer(o.baseAddress! + $0 * size) as UnsafeMutablePointer<UInt8>? }
            encode(tables: tables, sources: pointers, outputs: outputs, size: size)
            initialized = rows * size
        }
    }

    /// The one call into ISA-L.
    private static func encode(
        tables: [UInt8], sources: [UnsafeMutablePointer<UInt8>?], outputs: [UnsafeMutablePointer<UInt8>?], size: Int
    ) {
        var sources = sources
        var outputs = outputs
        tables.withUnsafeBufferPointer { t in
            ec_encode_data(
                Int32(size), Int32(sources.count), Int32(outputs.count), UnsafeMutablePointer(mutating: t.baseAddress), &sources,
                &outputs)
        }
    }
}

/// Decode tables by loss pattern (the shards used and the data shards rebuilt), bounded.
final class DecodeTableCache: @unchecked Sendable {
    private let lock = NSLock()
    private var tables: [[Int]: [UInt8]] = [:]
    static let capacity = 256

    func tables(for use: [Int], missing: [Int], make: () throws(ErasureError) -> [UInt8]) throws(ErasureError) -> [UInt8] {
        let key = use + [-1] + missing
        lock.lock()
        if let t = tables[key] {
            lock.unlock()
            return t
        }
        lock.unlock()
        let t = try make()
        lock.lock()
        if tables.count >= Self.capacity { tables.removeAll(keepingCapacity: true) }
        tables[key] = t
        lock.unlock()
        return t
    }
}
