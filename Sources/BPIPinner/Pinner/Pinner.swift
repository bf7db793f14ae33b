import BPIDA
import BPIHash
import BPITypes
import Foundation

/// Keeps erasure-coded objects on storage backends (docs/SPEC.md §15.5): codes an object, places
/// its shards by a `PlacementPolicy`, records where they went, rebuilds objects from any k shards
/// per chunk, probes random shards and repairs what is lost or corrupt from k others. The backends
/// store bytes; the pinner checks every shard it reads against the recorded content hash.
public actor Pinner {
    /// Where the records live: `home/objects/<id>.json`.
    public let home: URL
    /// The backends by name.
    public nonisolated let stores: [String: any ShardStore]
    /// Backend names, in the order placements index them.
    public nonisolated let backendNames: [String]
    /// Backends that may be lost while every object stays recoverable.
    public nonisolated let tolerance: Int
    /// Running counts.
    public private(set) var stats = PinnerStats()
    /// Reads in flight at once.
    public let width: Int
    var records: [String: PinnedObject] = [:]
    /// Each served object's shard tree, built once (a sampler asks for many shards of one object).
    var trees: [String: ShardTree] = [:]

    /// A pinner over `stores` (at least one), recording into `home`.
    public init(home: String, stores: [any ShardStore], tolerance: Int = 0, width: Int = 16) throws(PinnerError) {
        guard !stores.isEmpty else { throw .badPlacement("no storage backend") }
        var byName: [String: any ShardStore] = [:]
        for store in stores {
            guard byName[store.name] == nil else { throw .badPlacement("backend \(store.name) is named twice") }
            byName[store.name] = store
        }
        self.home = URL(fileURLWithPath: home)
        self.stores = byName
        backendNames = stores.map(\.name)
        self.tolerance = tolerance
        self.width = max(1, width)
        do {
            try FileManager.default.createDirectory(
                at: self.home.appendingPathComponent("objects"), withIntermediateDirectories: true)
        } catch {
            throw .records("cannot create \(home)/objects: \(error.localizedDescription)")
        }
    }

    // MARK: put and get

    /// Codes `object` with `parameters`, stores every shard where the placement says, then
    /// records the object (the record last: an object is pinned only once all shards are stored).
    public func put(_ object: [UInt8], parameters: CodingParameters) async throws(PinnerError) -> PinnedObject {
        let placement = try PlacementPolicy(
            backends: backendNames.count, tolerance: tolerance, k: parameters.k, n: parameters.n)
        let manifest: CodedObjectManifest
        let chunks: [CodedChunk]
        do {
            chunks = try ObjectCoder(parameters).encode(object)
            manifest = CodedObjectManifest(
                tree: try ShardTree(object: object, parameters: parameters, chunks: chunks), parameters: parameters,
                chunks: chunks)
        } catch {
            throw .badInput(error.description)
        }
        let record = PinnedObject(manifest: manifest, backends: backendNames, placement: placement)
        let id = try Self.id(manifest.objectID)
        var jobs: [@Sendable () async -> ShardStoreError?] = []
        for chunk in chunks {
            for (s, bytes) in chunk.shards.enumerated() {
                let store = stores[record.backend(chunk: chunk.index, shard: s)]!
                let key = ShardKey(objectID: id, chunk: chunk.index, shard: s)
                jobs.append {
                    do throws(ShardStoreError) {
                        try await store.put(key, bytes)
                        return nil
                    } catch {
                        return error
                    }
                }
                stats.bytesWritten[store.name, default: 0] += bytes.count
            }
        }
        if let failure = await Self.run(jobs, width: width(of: record)).compactMap({ $0 }).first { throw .store(failure) }
        for name in Set(record.backends) {
            do {
                try await stores[name]!.flush()
            } catch {
                throw .store(error)
            }
        }
        try save(record)
        return record
    }

    /// Rebuilds object `id` from whichever shards are intact (data shards first), checking its hash.
    public func get(_ id: String) async throws(PinnerError) -> [UInt8] {
        let record = try self.record(id)
        let m = record.manifest
        var object: [UInt8] = []
        object.reserveCapacity(m.size)
        // A window of chunks at a time, each read concurrently.
        let window = max(1, width / max(1, m.k))
        var next = 0
        while next < m.chunks.count {
            let batch = Array(m.chunks[next..<min(next + window, m.chunks.count)])
            next += batch.count
            var parts: [Int: [UInt8]] = [:]
            let read = try await withThrowingTaskGroupTyped(batch) { chunk throws(PinnerError) in
                (chunk.index, try await self.readChunk(record, chunk.index))
            }
            for (index, bytes) in read { parts[index] = bytes }
            for chunk in batch { object += parts[chunk.index]! }
        }
        guard HashAlgorithm.blake3.hash(object).hex == m.objectHash else {
            throw .unrecoverable("object \(id): the rebuilt bytes do not match objectHash")
        }
        return object
    }

    /// The bytes of chunk `c`: its data shards if intact, else any k intact shards decoded.
    func readChunk(_ record: PinnedObject, _ c: Int) async throws(PinnerError) -> [UInt8] {
        let m = record.manifest
        var shards = [[UInt8]?](repeating: nil, count: m.n)
        for (s, read) in await readShards(record, chunk: c, shards: Array(0..<m.k)) { shards[s] = read.bytes }
        var intact = shards.count { $0 != nil }
        if intact < m.k {
            stats.faultsFound += m.k - intact
            for (s, read) in await readShards(record, chunk: c, shards: Array(m.k..<m.n)) { shards[s] = read.bytes }
            intact = shards.count { $0 != nil }
        }
        guard intact >= m.k else {
            stats.unrecoverable += 1
            throw .unrecoverable("chunk \(c) of \(record.id): \(intact) intact shards reachable, \(m.k) needed")
        }
        do {
            return try ObjectCoder(m.parameters).decodeChunk(index: c, length: m.chunks[c].length, shards: shards)
        } catch {
            throw .unrecoverable("chunk \(c) of \(record.id): \(error.description)")
        }
    }

    /// Reads and checks shards `shards` of chunk `chunk`, concurrently.
    func readShards(_ record: PinnedObject, chunk: Int, shards: [Int]) async -> [(Int, ShardRead)] {
        let jobs: [@Sendable () async -> (Int, ShardRead)] = shards.map { s in
            let store = stores[record.backend(chunk: chunk, shard: s)]
            let expected = record.manifest.chunks[chunk].shards[s]
            let size = record.manifest.chunks[chunk].shardSize
            let key = ShardKey(objectID: Hash32(hex: record.id) ?? .zero, chunk: chunk, shard: s)
            return {
                (s, await Self.read(store, key, size: size, contentHash: expected, name: record.backend(chunk: chunk, shard: s)))
            }
        }
        return await Self.run(jobs, width: width(of: record))
    }

    /// Requests in flight for `record`'s backends: the least parallel backend's figure (capped at `width`).
    func width(of record: PinnedObject) -> Int {
        min(width, Set(record.backends).compactMap { stores[$0]?.parallelism }.min() ?? width)
    }

    /// One shard from one backend, checked.
    static func read(_ store: (any ShardStore)?, _ key: ShardKey, size: Int, contentHash: String, name: String) async
        -> ShardRead
    {
        guard let store else { return .unavailable("backend \(name) is not configured") }
        do {
            guard let bytes = try await store.get(key) else { return .missing }
            guard bytes.count == size, ShardHeader.contentHash(bytes).hex == contentHash else { return .corrupt }
            return .intact(bytes)
        } catch {
            return .unavailable(error.description)
        }
    }

    /// Shard `shard` of chunk `chunk` of `id`, checked, with its header and Merkle path to the
    /// object's shard root (what a sampler or a challenge answer needs).
    public func shard(_ id: String, chunk: Int, shard: Int) async throws(PinnerError) -> (
        bytes: [UInt8], header: ShardHeader, proof: MerkleProof, object: DAObject
    ) {
        let record = try self.record(id)
        guard chunk >= 0, chunk < record.manifest.chunks.count, shard >= 0, shard < record.manifest.n else {
            throw .badInput("object \(id) has no shard \(shard) of chunk \(chunk)")
        }
        let read = await readShards(record, chunk: chunk, shards: [shard])[0].1
        guard let bytes = read.bytes else {
            stats.faultsFound += 1
            throw .unrecoverable("shard \(chunk)/\(shard) of \(id) is \(read) at its backend")
        }
        do throws(ErasureError) {
            let tree: ShardTree
            if let cached = trees[record.id] {
                tree = cached
            } else {
                tree = try record.manifest.tree()
                trees[record.id] = tree
            }
            let (header, proof) = try tree.proof(chunk: chunk, shard: shard)
            return (bytes, header, proof, tree.object)
        } catch {
            throw .records("object \(id): \(error.description)")
        }
    }

    // MARK: probes and repair

    /// One SLA probe: a random shard of a random object, read and checked; a bad one has its chunk
    /// repaired at once. Returns what the probe read and how many shards it repaired.
    public func probe<R: RandomNumberGenerator>(using rng: inout R) async -> (read: ShardRead, repaired: Int)? {
        let ids = objectIDs()
        guard let id = ids.randomElement(using: &rng), let record = try? self.record(id) else { return nil }
        let c = Int.random(in: 0..<record.manifest.chunks.count, using: &rng)
        let s = Int.random(in: 0..<record.manifest.n, using: &rng)
        let read = await readShards(record, chunk: c, shards: [s])[0].1
        stats.probes += 1
        if read.bytes != nil {
            stats.probesIntact += 1
            return (read, 0)
        }
        stats.faultsFound += 1
        let repaired = (try? await repair(record, chunk: c).repaired) ?? 0
        return (read, repaired)
    }

    /// Reads all n shards of chunk `c` and re-stores each missing or corrupt one, rebuilt from k
    /// intact ones (decoded, re-encoded, checked against its recorded hash before it is stored).
    func repair(_ record: PinnedObject, chunk c: Int) async throws(PinnerError) -> (
        missing: Int, corrupt: Int, unavailable: Int, repaired: Int
    ) {
        let m = record.manifest
        let reads = await readShards(record, chunk: c, shards: Array(0..<m.n))
        var shards = [[UInt8]?](repeating: nil, count: m.n)
        var bad: [Int] = []
        var missing = 0
        var corrupt = 0
        var unavailable = 0
        for (s, read) in reads {
            switch read {
            case .intact(let b): shards[s] = b
            case .missing:
                missing += 1
                bad.append(s)
            case .corrupt:
                corrupt += 1
                bad.append(s)
            case .unavailable: unavailable += 1
            }
        }
        guard !bad.isEmpty else { return (missing, corrupt, unavailable, 0) }
        guard shards.count(where: { $0 != nil }) >= m.k else {
            stats.unrecoverable += 1
            throw .unrecoverable("chunk \(c) of \(record.id): fewer than k = \(m.k) intact shards reachable")
        }
        let rebuilt: [[UInt8]]
        do {
            rebuilt = try ObjectCoder(m.parameters).rebuildShards(index: c, length: m.chunks[c].length, shards: shards)
        } catch {
            throw .unrecoverable("chunk \(c) of \(record.id): \(error.description)")
        }
        var repaired = 0
        for s in bad {
            guard ShardHeader.contentHash(rebuilt[s]).hex == m.chunks[c].shards[s],
                let store = stores[record.backend(chunk: c, shard: s)]
            else { continue }
            do {
                try await store.put(ShardKey(objectID: Hash32(hex: record.id) ?? .zero, chunk: c, shard: s), rebuilt[s])
                try await store.flush()
                stats.bytesWritten[store.name, default: 0] += rebuilt[s].count
                repaired += 1
            } catch {
                unavailable += 1
            }
        }
        stats.repairs += repaired
        return (missing, corrupt, unavailable, repaired)
    }

    /// Reads every shard of every object and repairs what it can.
    public func audit() async -> AuditReport {
        var report = AuditReport()
        for id in objectIDs() {
            guard let record = try? self.record(id) else { continue }
            report.objects += 1
            for chunk in record.manifest.chunks {
                report.shards += record.manifest.n
                do {
                    let r = try await repair(record, chunk: chunk.index)
                    report.missing += r.missing
                    report.corrupt += r.corrupt
                    report.unavailable += r.unavailable
                    report.repaired += r.repaired
                    stats.faultsFound += r.missing + r.corrupt
                } catch {
                    report.unrecoverable.append("\(id)/\(chunk.index)")
                }
            }
        }
        return report
    }

    // MARK: records

    /// The ids of the objects pinned here.
    public func objectIDs() -> [String] {
        let dir = home.appendingPathComponent("objects")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// The record of object `id`.
    public func record(_ id: String) throws(PinnerError) -> PinnedObject {
        let id = id.lowercased()
        if let known = records[id] { return known }
        _ = try Self.id(id)
        let url = home.appendingPathComponent("objects/\(id).json")
        guard let data = FileManager.default.contents(atPath: url.path) else { throw .unknownObject(id) }
        do {
            let record = try JSONDecoder().decode(PinnedObject.self, from: data)
            try record.manifest.check()
            guard record.id == id, record.backends.count == record.placement.backends else {
                throw PinnerError.records("\(url.path) does not describe object \(id)")
            }
            records[id] = record
            return record
        } catch let error as PinnerError {
            throw error
        } catch {
            throw .records("\(url.path): \(error)")
        }
    }

    func save(_ record: PinnedObject) throws(PinnerError) {
        let url = home.appendingPathComponent("objects/\(record.id).json")
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            try encoder.encode(record).write(to: url, options: .atomic)
        } catch {
            throw .records("writing \(url.path): \(error.localizedDescription)")
        }
        records[record.id] = record
    }

    static func id(_ hex: String) throws(PinnerError) -> Hash32 {
        guard let id = Hash32(hex: hex) else { throw .badInput("an object id is 64 hex digits, not \(hex)") }
        return id
    }

    // MARK: concurrency

    /// Runs `jobs` with at most `width` at once; results in job order.
    static func run<T: Sendable>(_ jobs: [@Sendable () async -> T], width: Int) async -> [T] {
        await withTaskGroup(of: (Int, T).self) { group in
            var results = [T?](repeating: nil, count: jobs.count)
            var next = 0
            while next < min(width, jobs.count) {
                let i = next
                group.addTask { (i, await jobs[i]()) }
                next += 1
            }
            while let (i, value) = await group.next() {
                results[i] = value
                if next < jobs.count {
                    let j = next
                    group.addTask { (j, await jobs[j]()) }
                    next += 1
                }
            }
            return results.map { $0! }
        }
    }

    /// Runs `body` for every element concurrently (on this actor's behalf), stopping at the first error.
    func withThrowingTaskGroupTyped<E: Sendable, T: Sendable>(
        _ elements: [E], _ body: @escaping @Sendable (E) async throws(PinnerError) -> T
    ) async throws(PinnerError) -> [T] {
        do {
            return try await withThrowingTaskGroup(of: T.self) { group in
                for e in elements { group.addTask { try await body(e) } }
                var out: [T] = []
                for try await value in group { out.append(value) }
                return out
            }
        } catch let error as PinnerError {
            throw error
        } catch {
            throw .badInput("\(error)")
        }
    }
}
