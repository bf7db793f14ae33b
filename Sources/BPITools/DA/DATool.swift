import BPICodec
import BPIDA
import BPIHash
import BPIToolKit
import BPITypes
import Foundation

/// `bpi da encode|decode` (docs/CLI.md): an object erasure-coded into shard files and a manifest,
/// and rebuilt from whichever shards survive.
public enum DATool {
    /// What `encode` wrote.
    public struct EncodeReport: Codable, Sendable {
        public var objectHash: String
        public var objectID: String
        public var shardRoot: String
        public var size: Int
        public var k: Int
        public var n: Int
        public var chunkSize: Int
        public var chunks: Int
        public var shards: Int
        public var out: String
    }

    /// What `decode` found and rebuilt.
    public struct DecodeReport: Codable, Sendable {
        public var objectHash: String
        public var size: Int
        /// Shards missing, as `chunk/shard`.
        public var missing: [String]
        /// Shards present whose bytes fail their hash (ignored), as `chunk/shard`.
        public var corrupt: [String]
        public var out: String
    }

    /// Codes the file `input` into `outDir` (created; must be empty or absent).
    public static func encode(input: String, outDir: String, parameters: CodingParameters) throws(ToolError) -> EncodeReport {
        let object = try InputReader.readAll(path: input)
        let coder: ObjectCoder
        do {
            coder = try ObjectCoder(parameters)
        } catch {
            throw .badInput(error.description)
        }
        let chunks: [CodedChunk]
        do {
            chunks = try coder.encode(object)
        } catch {
            throw .badInput(error.description)
        }
        try requireEmpty(outDir)
        let tree: ShardTree
        do {
            tree = try ShardTree(object: object, parameters: parameters, chunks: chunks)
        } catch {
            throw .badInput(error.description)
        }
        let manifest = CodedObjectManifest(tree: tree, parameters: parameters, chunks: chunks)
        try write(manifest, chunks: chunks, to: outDir)
        return EncodeReport(
            objectHash: manifest.objectHash, objectID: manifest.objectID, shardRoot: manifest.shardRoot, size: object.count,
            k: parameters.k, n: parameters.n,
            chunkSize: parameters.chunkSize, chunks: chunks.count, shards: chunks.count * parameters.n, out: outDir)
    }

    /// Rebuilds the object in `inDir` into `output`. Fails (`verificationFailed`, exit 1) naming
    /// the first chunk with fewer than k intact shards; a corrupt manifest is bad input (exit 2).
    public static func decode(inDir: String, output: String) throws(ToolError) -> DecodeReport {
        let manifest = try readManifest(inDir)
        let coder: ObjectCoder
        do {
            coder = try ObjectCoder(manifest.parameters)
        } catch {
            throw .badInput(error.description)
        }
        var object: [UInt8] = []
        object.reserveCapacity(manifest.size)
        var missing: [String] = []
        var corrupt: [String] = []
        for chunk in manifest.chunks {
            let read = readShards(inDir, chunk: chunk)
            missing += read.missing.map { "\(chunk.index)/\($0)" }
            corrupt += read.corrupt.map { "\(chunk.index)/\($0)" }
            let shards = read.shards
            do {
                object += try coder.decodeChunk(index: chunk.index, length: chunk.length, shards: shards)
            } catch {
                throw .verificationFailed("\(error.description) (missing: \(missing.count), corrupt: \(corrupt.count))")
            }
        }
        guard HashAlgorithm.blake3.hash(object).hex == manifest.objectHash else {
            throw .verificationFailed("the rebuilt object does not match the manifest's objectHash")
        }
        do {
            try Data(object).write(to: URL(fileURLWithPath: output))
        } catch {
            throw .io("writing \(output): \(error.localizedDescription)")
        }
        return DecodeReport(objectHash: manifest.objectHash, size: object.count, missing: missing, corrupt: corrupt, out: output)
    }

    /// What `verify-shard` found.
    public struct ShardReport: Codable, Sendable {
        public var verified: Bool
        public var objectID: String
        public var shardRoot: String
        public var chunk: Int
        public var shard: Int
        /// The shard header (canonical CBOR, hex) and its Merkle path: what a third party checks
        /// against the object's shard root.
        public var header: String
        public var siblings: [String]
        /// With chain evidence: the verified height whose `daRoot` commits the object.
        public var height: UInt64?
        public var refusal: String?
    }

    /// Checks the shard file `file` as shard `shard` of chunk `chunk` of the object `inDir`'s
    /// manifest records: bytes → content hash → header → Merkle path → shard root. The header and path
    /// are taken from the manifest; the check itself uses only them and the object (its root). With
    /// `chain`, the object must also be committed by a header verified from genesis (§15.3).
    public static func verifyShard(inDir: String, chunk: Int, shard: Int, file: String, chain: ChainEvidence? = nil)
        throws(ToolError) -> ShardReport
    {
        let manifest = try readManifest(inDir)
        let tree: ShardTree
        let entry: (header: ShardHeader, proof: MerkleProof)
        do {
            tree = try manifest.tree()
            entry = try tree.proof(chunk: chunk, shard: shard)
        } catch {
            throw .badInput(error.description)
        }
        let bytes = try InputReader.readAll(path: file)
        var refusal = tree.object.refusal(shard: bytes, header: entry.header, proof: entry.proof)
        var height: UInt64?
        if refusal == nil, let chain {
            let committed = try verifyCommitted(tree.object, evidence: chain)
            height = committed.height
            refusal = committed.refusal
        }
        return ShardReport(
            verified: refusal == nil, objectID: tree.object.id.hex, shardRoot: tree.object.shardRoot.hex, chunk: chunk,
            shard: shard,
            header: Hex.encode(entry.header.canonicalBytes()), siblings: entry.proof.siblings.map(\.hex), height: height,
            refusal: refusal)
    }

    /// The shard files of `chunk` in `inDir`, each checked against the manifest's size and hash:
    /// nil where a file is missing or corrupt (their indices listed).
    static func readShards(_ inDir: String, chunk: CodedObjectManifest.Chunk) -> (
        shards: [[UInt8]?], missing: [Int], corrupt: [Int]
    ) {
        let dir = URL(fileURLWithPath: inDir)
        var shards: [[UInt8]?] = []
        var missing: [Int] = []
        var corrupt: [Int] = []
        for (s, hash) in chunk.shards.enumerated() {
            let path = dir.appendingPathComponent(CodedObjectManifest.shardFile(chunk: chunk.index, shard: s)).path
            guard let data = FileManager.default.contents(atPath: path) else {
                missing.append(s)
                shards.append(nil)
                continue
            }
            let bytes = [UInt8](data)
            guard bytes.count == chunk.shardSize, ShardHeader.contentHash(bytes).hex == hash else {
                corrupt.append(s)
                shards.append(nil)
                continue
            }
            shards.append(bytes)
        }
        return (shards, missing, corrupt)
    }

    /// Refuses an output directory that exists with something in it.
    static func requireEmpty(_ outDir: String) throws(ToolError) {
        if let existing = try? FileManager.default.contentsOfDirectory(atPath: outDir), !existing.isEmpty {
            throw .badInput("\(outDir) is not empty")
        }
    }

    /// Writes every shard of `chunks` as its own file and `manifest.json` into `outDir` (created):
    /// the directory `decode`, `verify-shard` and `car export` read.
    static func write(_ manifest: CodedObjectManifest, chunks: [CodedChunk], to outDir: String) throws(ToolError) {
        let dir = URL(fileURLWithPath: outDir)
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            for chunk in chunks {
                for (s, shard) in chunk.shards.enumerated() {
                    try Data(shard).write(
                        to: dir.appendingPathComponent(CodedObjectManifest.shardFile(chunk: chunk.index, shard: s)))
                }
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(manifest).write(to: dir.appendingPathComponent("manifest.json"))
        } catch {
            throw .io("writing \(outDir): \(error.localizedDescription)")
        }
    }

    static func readManifest(_ inDir: String) throws(ToolError) -> CodedObjectManifest {
        let path = URL(fileURLWithPath: inDir).appendingPathComponent("manifest.json").path
        do {
            let manifest = try JSONDecoder().decode(CodedObjectManifest.self, from: Data(try InputReader.readAll(path: path)))
            try manifest.check()
            return manifest
        } catch let error as ToolError {
            throw error
        } catch {
            throw .badInput("\(path) is not a coded-object manifest: \(error)")
        }
    }
}
