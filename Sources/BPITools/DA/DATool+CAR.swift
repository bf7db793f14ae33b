import BPICodec
import BPIDA
import BPIHash
import BPIToolKit
import BPITypes
import Foundation

/// `bpi da car export|import|verify` (docs/SPEC.md §15.6): a coded object as a CAR v1 file.
extension DATool {
    /// What a CAR holds, or what was written.
    public struct CARReport: Codable, Sendable {
        /// The CAR's root CID (the object node), base32.
        public var root: String
        public var objectID: String
        public var shardRoot: String
        public var size: UInt64
        public var chunks: Int
        public var shards: Int
        public var blocks: Int
        public var bytes: Int
    }

    /// Writes the object coded in `inDir` (its manifest and shard files; a missing or corrupt shard is
    /// rebuilt from k others) as a CAR to `output`.
    public static func exportCAR(inDir: String, output: String, hash: CID.HashFunction) throws(ToolError) -> CARReport {
        let manifest = try readManifest(inDir)
        let tree: ShardTree
        let coder: ObjectCoder
        do {
            tree = try manifest.tree()
            coder = try ObjectCoder(manifest.parameters)
        } catch {
            throw .badInput(error.description)
        }
        var shards: [[[UInt8]]] = []
        for chunk in manifest.chunks {
            let present = readShards(inDir, chunk: chunk).shards
            if present.allSatisfy({ $0 != nil }) {
                shards.append(present.map { $0! })
            } else {
                do {
                    shards.append(try coder.rebuildShards(index: chunk.index, length: chunk.length, shards: present))
                } catch {
                    throw .verificationFailed(error.description)
                }
            }
        }
        let (bytes, root) = ObjectCAR.write(object: tree.object, shards: shards, hash: hash)
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: output))
        } catch {
            throw .io("writing \(output): \(error.localizedDescription)")
        }
        return CARReport(
            root: root.description, objectID: tree.object.id.hex, shardRoot: tree.object.shardRoot.hex, size: tree.object.size,
            chunks: shards.count, shards: shards.count * manifest.n, blocks: 1 + shards.count * (1 + 2 * manifest.n),
            bytes: bytes.count)
    }

    /// Reads and checks the CAR at `path` (every CID, the DAG, every shard, the shard root).
    public static func verifyCAR(_ path: String) throws(ToolError) -> (CARReport, ObjectCAR.Contents) {
        let car = try InputReader.readAll(path: path)
        let contents: ObjectCAR.Contents
        do {
            contents = try ObjectCAR.read(car)
        } catch {
            switch error {
            case .malformed: throw .badInput("\(path): \(error.description)")
            case .badBlock, .notAnObject: throw .verificationFailed("\(path): \(error.description)")
            }
        }
        let o = contents.object
        return (
            CARReport(
                root: contents.root.description, objectID: o.id.hex, shardRoot: o.shardRoot.hex, size: o.size,
                chunks: contents.shards.count, shards: contents.headers.count, blocks: contents.blocks, bytes: car.count),
            contents
        )
    }

    /// Checks the CAR at `path` and writes its shards and manifest into `outDir` (as `bpi da encode`
    /// would), so `bpi da decode` rebuilds the object.
    public static func importCAR(_ path: String, outDir: String) throws(ToolError) -> CARReport {
        let (report, contents) = try verifyCAR(path)
        let o = contents.object
        let parameters = CodingParameters(k: Int(o.k), n: Int(o.n), chunkSize: Int(o.chunkSize))
        let chunks = contents.shards.enumerated().map { c, shards in
            CodedChunk(index: c, length: Int(o.chunkLength(UInt64(c))), shards: shards)
        }
        let tree: ShardTree
        do {
            tree = try ShardTree(
                parameters: parameters, size: Int(o.size), objectHash: o.objectHash,
                contentHashes: contents.headers.chunked(Int(o.n)).map { $0.map(\.contentHash) },
                shardSizes: chunks.map { $0.shards[0].count })
        } catch {
            throw .verificationFailed(error.description)
        }
        try requireEmpty(outDir)
        try write(CodedObjectManifest(tree: tree, parameters: parameters, chunks: chunks), chunks: chunks, to: outDir)
        return report
    }
}

extension Array {
    /// Consecutive slices of `size` elements.
    fileprivate func chunked(_ size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
