/// One chunk of an object, coded: its length and its n shards (docs/SPEC.md §15.1).
public struct CodedChunk: Sendable, Equatable {
    /// The chunk's index in the object.
    public var index: Int
    /// The chunk's length before padding.
    public var length: Int
    /// Shards 0…n−1 (0…k−1 the data, zero-padded to k × shard size; the rest parity).
    public var shards: [[UInt8]]

    public init(index: Int, length: Int, shards: [[UInt8]]) {
        self.index = index
        self.length = length
        self.shards = shards
    }
}

/// Splits objects into chunks and codes each with one `ReedSolomon` (docs/SPEC.md §15.1); rebuilds
/// them from whichever shards survive.
public struct ObjectCoder: Sendable {
    public let parameters: CodingParameters
    public let code: ReedSolomon

    /// A coder for `parameters` (checked).
    public init(_ parameters: CodingParameters) throws(ErasureError) {
        try parameters.check()
        self.parameters = parameters
        code = try ReedSolomon(k: parameters.k, n: parameters.n)
    }

    /// The chunks of `object`, coded.
    public func encode(_ object: [UInt8]) throws(ErasureError) -> [CodedChunk] {
        var chunks: [CodedChunk] = []
        var offset = 0
        while offset < object.count {
            let length = min(parameters.chunkSize, object.count - offset)
            let size = parameters.shardSize(chunkLength: length)
            var padded = Array(object[offset..<offset + length])
            padded += [UInt8](repeating: 0, count: parameters.k * size - length)
            let parity = try code.encode(chunk: padded, shardSize: size)
            var shards = (0..<parameters.k).map { Array(padded[($0 * size)..<(($0 + 1) * size)]) }
            shards += (0..<(parameters.n - parameters.k)).map { Array(parity[($0 * size)..<(($0 + 1) * size)]) }
            chunks.append(CodedChunk(index: chunks.count, length: length, shards: shards))
            offset += length
        }
        return chunks
    }

    /// Chunk `index` of `length` bytes from its surviving shards (`shards[i]` nil when missing).
    public func decodeChunk(index: Int, length: Int, shards: [[UInt8]?]) throws(ErasureError) -> [UInt8] {
        let size = parameters.shardSize(chunkLength: length)
        guard shards.allSatisfy({ $0 == nil || $0!.count == size }) else {
            throw .badShards("chunk \(index): every shard of a \(length)-byte chunk is \(size) bytes")
        }
        var chunk = try code.decode(shards, shardSize: size, chunk: index)
        chunk.removeLast(chunk.count - length)
        return chunk
    }

    /// All n shards of chunk `index` of `length` bytes, rebuilt from its surviving shards (any k):
    /// decoded, then coded again — what repair stores and an export fills gaps with.
    public func rebuildShards(index: Int, length: Int, shards: [[UInt8]?]) throws(ErasureError) -> [[UInt8]] {
        try encode(try decodeChunk(index: index, length: length, shards: shards))[0].shards
    }
}
