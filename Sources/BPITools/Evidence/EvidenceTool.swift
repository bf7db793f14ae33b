import BPIAnchor
import BPICodec
import BPIHash
import BPILightClientTool
import BPINode
import BPIToolKit
import BPITypes
import Foundation

/// `bpi evidence export|verify` (docs/SPEC.md §18.9): portable evidence out of a node, and checked
/// by anyone from the genesis and finalized headers — a chain file, or a node's chain verified by
/// the light client.
public enum EvidenceTool {
    /// Every page of `GET /v1/evidence`.
    public static func fetchAll(rpc: RPCClient) async throws(ToolError) -> [NodeAPI.EvidenceView] {
        var all: [NodeAPI.EvidenceView] = []
        while true {
            let page = try await rpc.getJSON("/v1/evidence?offset=\(all.count)&limit=1000", as: [NodeAPI.EvidenceView].self)
            all += page
            if page.count < 1_000 { return all }
        }
    }

    /// The node's chain through `height`: verified from `genesis` when given, else as the node
    /// serves it, under the genesis it serves.
    public static func finalizedChain(rpc: RPCClient, through height: UInt64, genesis: Genesis?) async throws(ToolError)
        -> FinalizedChain
    {
        let entries = height == 0 ? [] : try await rpc.chain(through: height)
        if let genesis { return try FinalizedChain(genesis: genesis, entries: entries) }
        let served: Genesis
        do {
            served = try Genesis(json: try await rpc.get("/v1/genesis"))
        } catch let error as ToolError {
            throw error
        } catch {
            throw .verificationFailed("the node's genesis does not decode: \(error)")
        }
        return FinalizedChain(unverified: served, entries: entries)
    }

    /// Writes the node's evidence envelopes (canonical CBOR) into `directory` as `ID.cbor`, all or
    /// the one with `id`; returns the files written.
    public static func export(rpc: RPCClient, id: String?, to directory: String) async throws(ToolError) -> [String] {
        let items: [NodeAPI.EvidenceView]
        if let id {
            guard Hash32(hex: id) != nil else { throw .badInput("--id must be 64 hex digits") }
            items = [try await rpc.getJSON("/v1/evidence/\(id.lowercased())", as: NodeAPI.EvidenceView.self)]
        } else {
            items = try await fetchAll(rpc: rpc)
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .io("cannot create \(directory): \(error.localizedDescription)")
        }
        var written: [String] = []
        for item in items {
            guard let id = item.id, let hex = item.envelope, let bytes = try? Hex.decode(hex) else {
                throw .verificationFailed("the node listed evidence without an envelope")
            }
            let envelope = try EvidenceVerifier.envelope(bytes)
            guard envelope.id.hex == id else {
                throw .verificationFailed("evidence \(id): the envelope hashes to \(envelope.id.hex)")
            }
            let path = directory + "/" + id + ".cbor"
            try OutputFile.write(bytes, to: path)
            written.append(path)
        }
        return written
    }

    /// Writes the node's chain — heights 1 to its latest, unverified — as a chain file at `path`
    /// (`bpi evidence export --chain-out`), for a verifier that reads headers from a file (the
    /// standalone Python verifier; `bpi evidence verify --chain`). Returns the height written.
    public static func exportChain(rpc: RPCClient, to path: String) async throws(ToolError) -> UInt64 {
        let status = try await rpc.getJSON("/v1/status", as: NodeStatus.self)
        let entries = try await rpc.chain(through: status.height)
        try OutputFile.write(ChainFile(entries: entries).canonicalBytes(), to: path)
        return status.height
    }

    /// One file's outcome, as `bpi evidence verify` prints it.
    public struct FileVerdict: Sendable {
        public struct Report: Codable, Sendable {
            public var file: String
            public var ok: Bool
            public var id: String
            public var kind: String
            public var height: UInt64
            public var offenders: [UInt64]
            public var storer: String?
            public var summary: String
            public var problem: String?
        }
        public var file: String
        public var report: Report
        /// Why it failed (nil when it verified).
        public var error: ToolError?
    }

    /// The finalized chain from the genesis at `genesisPath`: a chain file's entries, or the node's
    /// (up to its latest height), verified by the light client.
    public static func finalizedChain(genesisPath: String, chainPath: String?, rpc: RPCClient?) async throws(ToolError)
        -> FinalizedChain
    {
        let genesis = try VerifyTool.loadGenesis(genesisPath)
        if let chainPath {
            return try FinalizedChain(
                genesis: genesis, entries: try LightClientTool.load(genesisPath: genesisPath, chainPath: chainPath).1.entries)
        }
        guard let rpc else { throw .badInput("give the finalized headers as a chain file or a node") }
        let status = try await rpc.getJSON("/v1/status", as: NodeStatus.self)
        return try await finalizedChain(rpc: rpc, through: status.height, genesis: genesis)
    }

    /// Checks envelope files against the finalized chain: `chainPath`'s entries or the node's,
    /// verified from the genesis at `genesisPath`.
    public static func verify(
        files: [String], genesisPath: String, chainPath: String?, rpc: RPCClient?, l1RPCs: [String] = [], l1Depth: UInt64 = 2
    ) async throws(ToolError) -> [FileVerdict] {
        let chain = try await finalizedChain(genesisPath: genesisPath, chainPath: chainPath, rpc: rpc)
        let l1 = try await readL1(files: files, rpcs: l1RPCs, depth: l1Depth)
        return verify(files: files, chain: chain, l1: l1)
    }

    /// Reads, for every missed-anchor item among `files`, its window from the L1 node among
    /// `rpcs` whose chain id its pledge names (files that do not decode are left to `verify`).
    public static func readL1(files: [String], rpcs: [String], depth: UInt64) async throws(ToolError)
        -> EvidenceVerifier.L1Reading
    {
        var reading = EvidenceVerifier.L1Reading(depth: depth)
        let nodes = try await AnchorWindowReader.nodes(rpcs)
        for file in files {
            guard let bytes = try? InputReader.readAll(path: file), let e = try? EvidenceVerifier.envelope(bytes),
                e.kind == .missedAnchor, let x = try? MissedAnchorEvidence(canonicalBytes: e.body),
                let node = nodes[x.pledge.l1ChainID]
            else { continue }
            do {
                reading.windows[e.id] = try await AnchorWindowReader.window(for: x, rpc: node)
            } catch {
                throw .io("reading L1 chain \(x.pledge.l1ChainID) for \(file): \(error)")
            }
        }
        return reading
    }

    /// Checks envelope files against a finalized chain (and missed anchors against `l1`); one
    /// verdict per file.
    public static func verify(files: [String], chain: FinalizedChain, l1: EvidenceVerifier.L1Reading? = nil) -> [FileVerdict] {
        files.map { file in
            var report = FileVerdict.Report(file: file, ok: false, id: "", kind: "", height: 0, offenders: [], summary: "")
            do throws(ToolError) {
                let envelope = try EvidenceVerifier.envelope(try InputReader.readAll(path: file))
                report.id = envelope.id.hex
                report.kind = envelope.kind.name
                report.height = envelope.height
                let verdict = try EvidenceVerifier.verify(envelope, chain: chain, l1: l1)
                report.ok = true
                report.offenders = verdict.offenders
                report.storer = verdict.storer
                report.summary = verdict.summary
                return FileVerdict(file: file, report: report, error: nil)
            } catch {
                report.problem = error.description
                return FileVerdict(file: file, report: report, error: error)
            }
        }
    }
}
