import BPIDA
import BPIHash
import BPIPinner
import BPIToolKit
import BPITypes
import Foundation

/// `bpi pinner drill` (docs/SPEC.md §15.5): objects are put, shards are deleted and corrupted
/// behind the pinner's back while SLA probes run; a final audit repairs what the probes did not
/// reach; every object must come back bit-exact and every injected fault be repaired.
public enum PinnerDrill {
    /// What the drill measured.
    public struct Report: Codable, Sendable {
        public var objects: Int
        public var shards: Int
        public var probes: Int
        public var probesIntact: Int
        /// Intact probes over probes: the SLA figure (target ≥ 0.999).
        public var probeSuccess: Double
        public var faultsInjected: Int
        public var repairedByProbes: Int
        public var repairedByAudit: Int
        /// Injected faults still present after the audit (must be 0).
        public var unrepaired: Int
        public var objectsIntact: Int
        public var seconds: Double

        /// Whether the SLA was met and nothing was lost.
        public var passed: Bool { probeSuccess >= 0.999 && unrepaired == 0 && objectsIntact == objects }

        public var text: String {
            """
            objects \(objectsIntact)/\(objects) intact after the drill (\(shards) shards)
            probes \(probes): \(probesIntact) intact — probe success \(String(format: "%.4f", probeSuccess * 100)) % (target ≥ 99.9 %)
            faults injected \(faultsInjected): repaired by probes \(repairedByProbes), by the final audit \(repairedByAudit), unrepaired \(unrepaired)
            \(passed ? "PASSED" : "FAILED") in \(String(format: "%.1f", seconds)) s
            """
        }
    }

    /// Puts `objects` random objects of `size` bytes, then runs `probes` probes with `faults`
    /// deletions and corruptions spread among them (seeded by `seed`), then a full audit.
    public static func run(
        pinner: Pinner, objects count: Int, size: Int, probes: Int, faults: Int, seed: UInt64,
        parameters: CodingParameters, progress: (String) -> Void = { _ in }
    ) async throws(ToolError) -> Report {
        let start = Stopwatch.now()
        var rng = SplitMix64(state: seed)
        var objects: [String: Hash32] = [:]
        var shards = 0
        for i in 0..<count {
            let bytes = rng.bytes(size)
            do {
                let record = try await pinner.put(bytes, parameters: parameters)
                objects[record.id] = HashAlgorithm.blake3.hash(bytes)
                shards += record.manifest.chunks.count * record.manifest.n
            } catch {
                throw PinnerTool.toolError(error)
            }
            progress("put object \(i + 1)/\(count)")
        }
        let before = await pinner.stats
        // Faults at random probe indices: delete or corrupt a random shard behind the pinner's back.
        var faultAt = Set<Int>()
        while faultAt.count < min(faults, probes) { faultAt.insert(Int.random(in: 0..<probes, using: &rng)) }
        var injected: [(id: String, chunk: Int, shard: Int)] = []
        let ids = objects.keys.sorted()
        for p in 0..<probes {
            if faultAt.contains(p), let id = ids.randomElement(using: &rng) {
                do {
                    let record = try await pinner.record(id)
                    let c = Int.random(in: 0..<record.manifest.chunks.count, using: &rng)
                    let s = Int.random(in: 0..<record.manifest.n, using: &rng)
                    if !injected.contains(where: { $0.id == id && $0.chunk == c && $0.shard == s }),
                        let store = pinner.stores[record.backend(chunk: c, shard: s)]
                    {
                        let key = ShardKey(objectID: Hash32(hex: id)!, chunk: c, shard: s)
                        if injected.count % 2 == 0 {
                            try await store.delete(key)
                        } else if var bytes = try await store.get(key), !bytes.isEmpty {
                            bytes[Int.random(in: 0..<bytes.count, using: &rng)] ^= 0x01
                            try await store.put(key, bytes)
                        }
                        injected.append((id, c, s))
                    }
                } catch {
                    throw .io("injecting a fault: \(error)")
                }
            }
            _ = await pinner.probe(using: &rng)
            if (p + 1) % max(1, probes / 10) == 0 { progress("probes \(p + 1)/\(probes)") }
        }
        let afterProbes = await pinner.stats
        let audit = await pinner.audit()
        // Every injected fault must be intact now, and every object must come back.
        var unrepaired = 0
        for fault in injected {
            if (try? await pinner.shard(fault.id, chunk: fault.chunk, shard: fault.shard)) == nil { unrepaired += 1 }
        }
        var intact = 0
        for (id, hash) in objects {
            if let bytes = try? await pinner.get(id), HashAlgorithm.blake3.hash(bytes) == hash { intact += 1 }
        }
        let probesRun = afterProbes.probes - before.probes
        let probesIntact = afterProbes.probesIntact - before.probesIntact
        return Report(
            objects: count, shards: shards, probes: probesRun, probesIntact: probesIntact,
            probeSuccess: probesRun == 0 ? 0 : Double(probesIntact) / Double(probesRun), faultsInjected: injected.count,
            repairedByProbes: afterProbes.repairs - before.repairs, repairedByAudit: audit.repaired, unrepaired: unrepaired,
            objectsIntact: intact, seconds: Double(Stopwatch.now() - start) / 1e9)
    }
}
