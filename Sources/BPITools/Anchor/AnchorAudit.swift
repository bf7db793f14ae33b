import BPIAnchor
import BPICodec
import BPIHash
import BPIToolKit
import BPITypes
import Foundation

/// Checks validators' anchor pledges against the L1s (docs/SPEC.md §18.11, `bpi anchor audit`):
/// for every height of a finalized chain a pledge covers, whether the pledged poster anchored it by
/// the deadline; each miss becomes missed-anchor evidence, checked by `EvidenceVerifier` before it
/// is returned.
public enum AnchorAudit {
    /// What one audit found.
    public struct Report: Codable, Sendable, Equatable {
        /// One height a pledge covers.
        public struct Item: Codable, Sendable, Equatable {
            public var height: UInt64
            /// The pledging validator's index at that height.
            public var validator: Int?
            public var l1ChainID: UInt64
            /// `on-time`, `missed` (evidence id given), or `pending` (the deadline's window is not
            /// yet deep enough on the L1), or `before-l1` (no L1 block that old from the pledge's first).
            public var outcome: String
            public var evidence: String?
        }
        public var pledges: Int
        public var items: [Item]
        public var missed: Int { items.filter { $0.outcome == "missed" }.count }
    }

    /// Audits `pledges` over `chain` against the L1 nodes `rpcs` (each pledge against the one of
    /// its L1 chain; a pledge whose L1 none serves is reported as an error), windows ending at least
    /// `depth` blocks deep. Returns the report and the evidence of every miss.
    public static func run(pledges: [AnchorPledge], chain: FinalizedChain, rpcs: [String], depth: UInt64) async throws(ToolError)
        -> (Report, [EvidenceEnvelope])
    {
        let nodes = try await AnchorWindowReader.nodes(rpcs)
        var report = Report(pledges: pledges.count, items: [])
        var evidence: [EvidenceEnvelope] = []
        for pledge in pledges {
            guard pledge.chainID == chain.chainID else {
                throw .badInput("a pledge is for mesh \(pledge.chainID), the chain is \(chain.chainID)")
            }
            guard pledge.isSigned else {
                throw .badInput("a pledge for L1 chain \(pledge.l1ChainID) is not signed by its validator")
            }
            guard let node = nodes[pledge.l1ChainID] else {
                throw .badInput("no L1 node given serves chain \(pledge.l1ChainID) (a pledge names it): add its --l1-rpc")
            }
            var h = max(pledge.fromHeight, pledge.every)
            h = (h + pledge.every - 1) / pledge.every * pledge.every
            while h <= chain.height, let header = chain.header(h), let set = chain.set(signing: h) {
                defer { h += pledge.every }
                let v = set.validators.firstIndex { $0.identityKey == pledge.validator }
                var item = Report.Item(height: h, validator: v, l1ChainID: pledge.l1ChainID, outcome: "pending")
                defer { report.items.append(item) }
                do {
                    let deadline = pledge.deadline(headerTimestamp: header.timestamp)
                    guard
                        let end = try await AnchorWindowReader.lastBlock(
                            atOrBefore: deadline, from: pledge.l1FromBlock, rpc: node),
                        let block = try await node.block(end)
                    else {
                        item.outcome = "before-l1"
                        continue
                    }
                    let x = MissedAnchorEvidence(pledge: pledge, height: h, l1Block: end, l1BlockHash: block.hash)
                    let window = try await AnchorWindowReader.window(for: x, rpc: node)
                    if window.anchored.contains(header.hash.bytes) {
                        item.outcome = "on-time"
                        continue
                    }
                    guard window.nextTimestamp != nil, window.head >= end + depth else { continue }
                    let e = EvidenceEnvelope(kind: .missedAnchor, chainID: chain.chainID, height: h, body: x.canonicalBytes())
                    _ = try EvidenceVerifier.verify(e, chain: chain, l1: .init(windows: [e.id: window], depth: depth))
                    item.outcome = "missed"
                    item.evidence = e.id.hex
                    evidence.append(e)
                } catch let error as ToolError {
                    throw error
                } catch {
                    throw .io("L1 chain \(pledge.l1ChainID): \(error)")
                }
            }
        }
        return (report, evidence)
    }

    /// The pledges a node serves (`GET /v1/anchors`).
    public static func pledges(rpc: RPCClient) async throws(ToolError) -> [AnchorPledge] {
        let view = try await AnchorTool.status(rpc: rpc)
        var out: [AnchorPledge] = []
        for l1 in view.l1 {
            guard let hex = l1.pledge else { continue }
            guard let bytes = try? Hex.decode(hex) else {
                throw .verificationFailed("the node's pledge for \(l1.name) is not hex")
            }
            out.append(try decode(bytes, what: "the node's pledge for \(l1.name)"))
        }
        return out
    }

    /// A pledge from its canonical bytes.
    public static func decode(_ bytes: [UInt8], what: String) throws(ToolError) -> AnchorPledge {
        do { return try AnchorPledge(canonicalBytes: bytes) } catch {
            throw .badInput("\(what) is not a canonical anchor pledge: \(error)")
        }
    }

    /// `bpi anchor audit`: loads the genesis, the chain (a node's or a file's, verified from the
    /// genesis) and the pledges (the node's and `pledgeFiles`), audits them, and writes each
    /// miss's envelope to `out` as `ID.cbor`.
    public static func audit(
        genesisPath: String, rpc: RPCClient?, chainPath: String?, pledgeFiles: [String], l1RPCs: [String], depth: UInt64,
        out: String?
    ) async throws(ToolError) -> (Report, [EvidenceEnvelope]) {
        let chain = try await EvidenceTool.finalizedChain(genesisPath: genesisPath, chainPath: chainPath, rpc: rpc)
        var pledges: [AnchorPledge] = []
        if let rpc { pledges = try await Self.pledges(rpc: rpc) }
        for file in pledgeFiles {
            let raw = try InputReader.readAll(path: file)
            let text = String(decoding: raw, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            pledges.append(try decode((try? Hex.decode(text)) ?? raw, what: file))
        }
        guard !pledges.isEmpty else { throw .badInput("no pledges to audit: the node serves none and no --pledge was given") }
        let (report, evidence) = try await run(pledges: pledges, chain: chain, rpcs: l1RPCs, depth: depth)
        if let out {
            do { try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true) } catch {
                throw .io("cannot create \(out): \(error.localizedDescription)")
            }
            for e in evidence { try OutputFile.write(e.canonicalBytes(), to: out + "/" + e.id.hex + ".cbor") }
        }
        return (report, evidence)
    }
}
