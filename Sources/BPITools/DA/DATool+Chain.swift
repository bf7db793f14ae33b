import BPICodec
import BPIDA
import BPIFrames
import BPIHash
import BPILightClient
import BPILightClientTool
import BPIToolKit
import BPITypes
import Foundation

/// `bpi da commit|prove` and the chain half of `bpi da verify-shard` (docs/SPEC.md §15.3): an
/// object committed by a da-commit frame, its proof against a header's `daRoot`, and a shard
/// checked all the way to a header the light client verified from genesis.
extension DATool {
    /// What `commit` did.
    public struct Committed: Codable, Sendable {
        public var objectID: String
        public var shardRoot: String
        public var frame: String
        public var height: UInt64

        /// Lines for a person.
        public var text: String { "object \(objectID)\nshard root \(shardRoot)\nframe \(frame)\ncommitted at height \(height)" }
    }

    /// Commits the object coded in `inDir` (its manifest, checked) by a da-commit frame signed by
    /// service `service`, to itself, and waits until a header finalizes it.
    public static func commit(
        inDir: String, home: URL, service: String, passphrase: [UInt8], rpc: RPCClient, timeout: Double
    ) async throws(ToolError) -> Committed {
        let object = try committedObject(inDir)
        let (frame, height) = try await ServiceTool.submitFinalized(
            home: home, name: service, passphrase: passphrase, rpc: rpc, timeout: timeout
        ) { s, tick in s.daCommit(object, tick: tick) }
        return Committed(objectID: object.id.hex, shardRoot: object.shardRoot.hex, frame: frame.id.hex, height: height)
    }

    /// The object `inDir`'s manifest describes, its shard root recomputed from the manifest.
    static func committedObject(_ inDir: String) throws(ToolError) -> DAObject {
        let manifest = try readManifest(inDir)
        do {
            return try manifest.tree().object
        } catch {
            throw .badInput(error.description)
        }
    }

    /// Fetches object `id`'s proof and the chain up to its height into `directory`: `proof.json` and
    /// `chain.cbor`, untrusted until `verify-shard --proof --genesis --chain` checks them.
    public static func prove(rpc: RPCClient, id: String, directory: String) async throws(ToolError) -> DAObjectProof {
        guard Hash32(hex: id) != nil else { throw .badInput("--id takes an object id (64 hex digits)") }
        let proof = try await rpc.getJSON("/v1/da/objects/\(id)", as: DAObjectProof.self)
        let entries = try await rpc.chain(through: proof.height)
        let out = URL(fileURLWithPath: directory)
        do {
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            try (ToolJSON.encode(proof, pretty: true) ?? Data()).write(to: out.appendingPathComponent("proof.json"))
            try Data(ChainFile(entries: entries).canonicalBytes()).write(to: out.appendingPathComponent("chain.cbor"))
        } catch {
            throw .io("--out \(directory): \(error.localizedDescription)")
        }
        return proof
    }

    /// Where the chain half of `verify-shard` reads from: the object proof (`bpi da prove`), the
    /// trusted genesis and the chain file.
    public struct ChainEvidence: Sendable {
        public var proofPath: String
        public var genesisPath: String
        public var chainPath: String

        public init(proofPath: String, genesisPath: String, chainPath: String) {
            self.proofPath = proofPath
            self.genesisPath = genesisPath
            self.chainPath = chainPath
        }
    }

    /// The chain half of `verify-shard`: the proof's object must be the manifest's, the chain must
    /// verify from genesis, and the object must be under the verified header's `daRoot`. Returns
    /// the height and why it is not committed (nil when it is).
    static func verifyCommitted(_ object: DAObject, evidence: ChainEvidence) throws(ToolError) -> (
        height: UInt64, refusal: String?
    ) {
        let file: DAObjectProof
        do {
            file = try JSONDecoder().decode(DAObjectProof.self, from: Data(try InputReader.readAll(path: evidence.proofPath)))
        } catch let error as ToolError {
            throw error
        } catch {
            throw .badInput("\(evidence.proofPath): not an object proof (bpi da prove writes one): \(error)")
        }
        let parts: (object: DAObject, proof: MerkleProof)
        do {
            parts = try file.parts()
        } catch {
            throw .badInput("\(evidence.proofPath): \(error.description)")
        }
        guard parts.object == object else {
            return (
                file.height, "the proof is for object \(parts.object.id) with shard root \(parts.object.shardRoot), not this one"
            )
        }
        let (genesis, chain) = try LightClientTool.load(genesisPath: evidence.genesisPath, chainPath: evidence.chainPath)
        let (_, header, refusal) = try LightClientTool.verifiedHeader(genesis: genesis, chain: chain, height: file.height)
        guard let header else { return (file.height, refusal) }
        do {
            try DAInclusion.check(object, proof: parts.proof, header: header)
            return (file.height, nil)
        } catch {
            return (file.height, error.description)
        }
    }
}
