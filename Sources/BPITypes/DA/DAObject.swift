import BPICodec
import BPIHash

/// An erasure-coded object as the mesh commits to it (docs/SPEC.md §15.2): its coding parameters,
/// size and BLAKE3 hash, and `shardRoot`, the count-bound Merkle root of its shard headers (chunk
/// by chunk, shard by shard). Canonical CBOR `[1, k, n, chunkSize, size, objectHash, shardRoot]`.
/// Its id, `H(0x50 ‖ canonical [1, k, n, chunkSize, size, objectHash])`, is what every shard header
/// names (the root cannot be in it: the headers are its leaves).
public struct DAObject: Sendable, Equatable, Hashable {
    public var version: UInt64 = 1
    /// Data shards per chunk.
    public var k: UInt64
    /// Shards per chunk.
    public var n: UInt64
    /// Bytes per chunk (the last chunk shorter).
    public var chunkSize: UInt64
    /// The object's size in bytes.
    public var size: UInt64
    /// `H(object)` (plain BLAKE3).
    public var objectHash: Hash32
    /// The Merkle root of the shard headers.
    public var shardRoot: Hash32

    /// Chunk sizes allowed (256–512 KiB).
    public static let chunkSizes: ClosedRange<UInt64> = (256 << 10)...(512 << 10)
    /// Largest n.
    public static let maxShards: UInt64 = 255
    /// Largest object (1 TiB).
    public static let maxObjectBytes: UInt64 = 1 << 40

    /// An object, checked.
    public init(k: UInt64, n: UInt64, chunkSize: UInt64, size: UInt64, objectHash: Hash32, shardRoot: Hash32) throws(CBORError) {
        self.k = k
        self.n = n
        self.chunkSize = chunkSize
        self.size = size
        self.objectHash = objectHash
        self.shardRoot = shardRoot
        if let problem { throw .schema("DAObject.\(problem)") }
    }

    /// The object's id.
    public var id: Hash32 {
        Self.id(k: k, n: n, chunkSize: chunkSize, size: size, objectHash: objectHash)
    }

    /// The id of an object with these parameters (before its shard root is known).
    public static func id(k: UInt64, n: UInt64, chunkSize: UInt64, size: UInt64, objectHash: Hash32) -> Hash32 {
        let body: [CBOR] = [
            .unsigned(1), .unsigned(k), .unsigned(n), .unsigned(chunkSize), .unsigned(size), .bytes(objectHash.bytes),
        ]
        // Integers and byte strings always encode.
        return HashAlgorithm.blake3.hash((try? CBOREncoder.encode(.array(body))) ?? [], tag: .daObject)
    }

    /// How many chunks the object has.
    public var chunkCount: UInt64 { (size + chunkSize - 1) / chunkSize }

    /// The length of chunk `index`.
    public func chunkLength(_ index: UInt64) -> UInt64 { min(chunkSize, size - index * chunkSize) }

    /// The shard size of chunk `index`: ⌈length / k⌉.
    public func shardSize(chunk index: UInt64) -> UInt64 { (chunkLength(index) + k - 1) / k }

    var problem: String? {
        guard version == 1 else { return "version: 1" }
        guard k >= 1, n > k, n <= Self.maxShards else { return "k, n: 1 ≤ k < n ≤ \(Self.maxShards)" }
        guard Self.chunkSizes.contains(chunkSize) else { return "chunkSize: \(Self.chunkSizes)" }
        guard size <= Self.maxObjectBytes else { return "size: at most \(Self.maxObjectBytes)" }
        return nil
    }
}

extension DAObject: CBORCodable {
    public var cborFields: [CBOR] {
        [
            .unsigned(version), .unsigned(k), .unsigned(n), .unsigned(chunkSize), .unsigned(size), .bytes(objectHash.bytes),
            .bytes(shardRoot.bytes),
        ]
    }

    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        version = try f.nextUInt("version")
        k = try f.nextUInt("k")
        n = try f.nextUInt("n")
        chunkSize = try f.nextUInt("chunkSize")
        size = try f.nextUInt("size")
        objectHash = Hash32(try f.nextBytes("objectHash", count: 32))!
        shardRoot = Hash32(try f.nextBytes("shardRoot", count: 32))!
        if let problem { throw .schema("DAObject.\(problem)") }
    }
}
