import BPICodec
import BPIFrames
import BPIHash
import BPILightClient
import BPINode
import BPIThreshold
import BPIToolKit
import BPITypes
import Foundation

/// `bpi inclusion show` and `bpi evidence list` (docs/SPEC.md §17): a node's inclusion
/// obligations and evidence, each checked against finalized headers — verified from `genesis`
/// with the light client when one is given, else the node's own headers (then only the node's
/// consistency is checked, and the output says so).
public enum InclusionTool {
    /// One evidence item as `bpi evidence list` prints it.
    public struct EvidenceItem: Codable, Sendable, Equatable {
        /// The validator the evidence is against (absent for a data-availability fault).
        public var offender: UInt64?
        /// A data-availability fault's storer.
        public var storer: String?
        /// The height and round of the offence.
        public var height: UInt64
        public var round: UInt64
        /// The equivocated message kind, or the evidence kind.
        public var kind: String
        /// Missed inclusion: the frame left out, and the height that carried the evidence (nil: pending at the node).
        public var frame: String?
        public var carriedAt: UInt64?
        /// Whether the evidence verified against the headers, and if not why.
        public var verified: Bool
        public var problem: String?
        /// Canonical CBOR, hex.
        public var cbor: String
        /// The portable envelope's id and canonical CBOR, hex (docs/SPEC.md §18.9).
        public var id: String?
        public var envelope: String?
    }

    /// The obligations of finalized `height`, their entries checked against its header's `inclusionRoot`.
    public static func show(rpc: RPCClient, height: UInt64, genesis: Genesis? = nil) async throws(ToolError) -> InclusionView {
        guard height >= 1 else { throw .badInput("--height must be at least 1") }
        let view = try await rpc.getJSON("/v1/inclusion/\(height)", as: InclusionView.self)
        let headers = try await finalizedHeaders(rpc: rpc, through: height, genesis: genesis)
        guard let header = headers[height] else { throw .verificationFailed("no finalized header at height \(height)") }
        let entries: [InclusionEntry]
        do {
            guard case .array(let items) = try CBORDecoder.decode(try Hex.decode(view.cbor)) else {
                throw ToolError.verificationFailed("the entries are not a CBOR array")
            }
            entries = try items.map { item throws(CBORError) in try InclusionEntry(cbor: item) }
        } catch {
            throw .verificationFailed("the node's entries for height \(height) do not decode: \(error)")
        }
        guard InclusionEntry.root(entries) == header.inclusionRoot else {
            throw .verificationFailed("the node's entries for height \(height) do not match the header's inclusion_root")
        }
        guard entries.map(InclusionView.Entry.init) == view.entries else {
            throw .verificationFailed("the node's entries as JSON differ from its CBOR")
        }
        return view
    }

    /// The node's evidence (every page of `GET /v1/evidence`), each item's envelope checked by
    /// `EvidenceVerifier` against the finalized chain — verified from `genesis` when given, else
    /// the node's own — and its offender compared with what the node says.
    public static func evidence(rpc: RPCClient, genesis: Genesis? = nil) async throws(ToolError) -> [EvidenceItem] {
        let answers = try await EvidenceTool.fetchAll(rpc: rpc)
        let status = try await rpc.getJSON("/v1/status", as: NodeStatus.self)
        let top = min(status.height, answers.map(\.height).max() ?? 0)
        let chain = try await EvidenceTool.finalizedChain(rpc: rpc, through: top, genesis: genesis)
        var out: [EvidenceItem] = []
        for a in answers {
            var item = EvidenceItem(
                offender: a.offender, storer: a.storer, height: a.height, round: a.round, kind: a.kind, frame: a.frame,
                carriedAt: a.carriedAt, verified: false, problem: nil, cbor: a.cbor, id: a.id, envelope: a.envelope)
            do {
                guard let hex = a.envelope else { throw ToolError.verificationFailed("the node gave no envelope") }
                let envelope = try EvidenceVerifier.envelope(try Self.hex(hex))
                guard envelope.id.hex == a.id, Hex.encode(envelope.body) == a.cbor else {
                    throw ToolError.verificationFailed("the envelope's id or body is not what the node lists")
                }
                let verdict = try EvidenceVerifier.verify(envelope, chain: chain)
                item.verified = verdict.offenders.first == a.offender && verdict.storer == a.storer
                if !item.verified {
                    item.problem =
                        "the evidence is against \(verdict.offenders.first.map { "validator \($0)" } ?? verdict.storer ?? "nobody"), not what the node says"
                }
            } catch {
                item.problem = "\(error)"
            }
            out.append(item)
        }
        return out
    }

    static func hex(_ text: String) throws(ToolError) -> [UInt8] {
        do {
            return try Hex.decode(text)
        } catch {
            throw .verificationFailed("the node's hex does not decode: \(error)")
        }
    }

    /// The finalized headers 1…`height`: verified from `genesis` with the light client when given,
    /// else as the node serves them.
    static func finalizedHeaders(rpc: RPCClient, through height: UInt64, genesis: Genesis?) async throws(ToolError)
        -> [UInt64: Header]
    {
        let entries = try await rpc.chain(through: height)
        if let genesis { _ = try FinalizedChain(genesis: genesis, entries: entries) }
        return Dictionary(uniqueKeysWithValues: entries.map { ($0.header.height, $0.header) })
    }
}
