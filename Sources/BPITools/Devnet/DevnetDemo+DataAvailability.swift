import BPIDA
import BPIFrames
import BPIHash
import BPILightClient
import BPILightClientTool
import BPIPinner
import BPIToolKit
import BPITypes
import Foundation

/// The demo's data-availability step (docs/SPEC.md §15): a pinner codes an object of a few MiB
/// into shards on the filesystem, a service commits it through the mesh (the block's daRoot), one
/// shard is deleted and the pinner's audit rebuilds it from k others, and the light client checks
/// that repaired shard all the way to a header it verified from the genesis.
extension DevnetDemo {
    /// What the step did.
    struct DataAvailabilityStep: Sendable {
        var objectID: String
        var bytes: Int
        var height: UInt64
        var repaired: Int
        var shardVerified: Bool
        var problems: [String]
    }

    /// Runs the step with service `committer` (registered) against `rpc`.
    static func dataAvailability(
        committer: inout ServiceClient, rpc: RPCClient, genesis: Genesis, directory: String, bytes: Int, timeout: Double,
        log: @Sendable (String) -> Void
    ) async throws(ToolError) -> DataAvailabilityStep {
        var problems: [String] = []
        let home = URL(fileURLWithPath: directory).appendingPathComponent("pinner").path
        let store: FileShardStore
        let pinner: Pinner
        let record: PinnedObject
        let object: DAObject
        var generator = SplitMix64(state: UInt64.random(in: 0...UInt64.max))
        let data = generator.bytes(bytes)
        do {
            store = try FileShardStore(root: home + "/shards")
            pinner = try Pinner(home: home, stores: [store])
            record = try await pinner.put(data, parameters: .standard)
            object = try record.manifest.tree().object
        } catch {
            throw .verificationFailed("the demo's pinner: \(error)")
        }
        let m = record.manifest
        log(
            "da: a pinner coded a \(bytes >> 20) MiB object into \(m.chunks.count) chunks × RS(\(m.k), \(m.n)) shards "
                + "(object \(record.id.prefix(16))…)")
        let frame = try await committer.submit { s, tick in s.daCommit(object, tick: tick) }
        let at = try await ServiceClient.waitFinalized(frame.id, rpc: rpc, timeout: timeout)
        let height = at.height ?? 0
        log("da: committed by a da-commit frame, finalized at height \(height) under that header's daRoot")
        // A shard is lost; the audit finds it and rebuilds it from k others.
        let (chunk, shard) = (m.chunks.count / 2, m.n - 1)
        let audit: AuditReport
        do {
            try await store.delete(ShardKey(objectID: object.id, chunk: chunk, shard: shard))
            audit = await pinner.audit()
        } catch {
            throw .verificationFailed("the demo's pinner: \(error)")
        }
        if audit.missing != 1 || audit.repaired != 1 || !audit.healthy {
            problems.append("the audit found \(audit.missing) missing and repaired \(audit.repaired), expected 1 and 1")
        }
        log("da: shard \(chunk)/\(shard) deleted; the pinner's audit found it missing and rebuilt it from \(m.k) others")
        // The light client: the repaired shard → its header → shardRoot → object → daRoot → a header
        // verified from the genesis.
        var verified = false
        do {
            let (bytes, header, proof, _) = try await pinner.shard(record.id, chunk: chunk, shard: shard)
            let objectProof = try await rpc.getJSON("/v1/da/objects/\(record.id)", as: DAObjectProof.self)
            let parts = try objectProof.parts()
            let chain = ChainFile(entries: try await rpc.chain(through: objectProof.height))
            let (_, verifiedHeader, refusal) = try LightClientTool.verifiedHeader(
                genesis: genesis, chain: chain, height: objectProof.height)
            if let verifiedHeader {
                try DAInclusion.check(
                    shard: bytes, shardHeader: header, shardProof: proof, object: parts.object, objectProof: parts.proof,
                    header: verifiedHeader)
                verified = parts.object == object
            } else {
                problems.append("da: \(refusal ?? "the chain does not verify")")
            }
        } catch {
            problems.append("da: the repaired shard does not verify: \(error)")
        }
        if verified {
            log("da: the light client verified the repaired shard up to the daRoot of height \(height), from genesis.json alone")
        }
        return DataAvailabilityStep(
            objectID: record.id, bytes: bytes, height: height, repaired: audit.repaired, shardVerified: verified,
            problems: problems)
    }
}
