import BPITypes

/// How an object is erasure-coded (docs/SPEC.md §15.1): chunks of `chunkSize` bytes (the last one
/// shorter), each RS(k, n)-coded into n shards of ⌈chunk / k⌉ bytes. Recorded with the object, so
/// any reader rebuilds it with the same code.
public struct CodingParameters: Sendable, Equatable, Hashable, Codable {
    /// Data shards per chunk.
    public var k: Int
    /// Shards per chunk (data + parity).
    public var n: Int
    /// Bytes per chunk (256–512 KiB).
    public var chunkSize: Int

    /// Smallest and largest chunk.
    public static let chunkSizes = Int(DAObject.chunkSizes.lowerBound)...Int(DAObject.chunkSizes.upperBound)
    /// The default: RS(10, 16) over 256 KiB chunks (any 6 of 16 shards may be lost).
    public static let standard = CodingParameters(k: 10, n: 16, chunkSize: 256 << 10)

    public init(k: Int, n: Int, chunkSize: Int) {
        self.k = k
        self.n = n
        self.chunkSize = chunkSize
    }

    /// Refuses parameters outside RS(k, n) over GF(2⁸) or the chunk range.
    public func check() throws(ErasureError) {
        guard k >= 1, n > k, n <= ReedSolomon.maxShards else {
            throw .badParameters("need 1 ≤ k < n ≤ \(ReedSolomon.maxShards), got k=\(k) n=\(n)")
        }
        guard Self.chunkSizes.contains(chunkSize) else {
            throw .badParameters(
                "chunk size \(chunkSize) is outside \(Self.chunkSizes.lowerBound)…\(Self.chunkSizes.upperBound) bytes")
        }
    }

    /// The shard size of a chunk of `length` bytes.
    public func shardSize(chunkLength length: Int) -> Int { (length + k - 1) / k }
}
