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
        /// The validator the evidence is against.
        public var offender: UInt64
        /// The height and round of the offence.
        public var height: UInt64
        public var round: UInt64
        /// The equivocated message kind, or `missed-inclusion`.
        public var kind: String
        /// Missed inclusion: the frame left out, and the height that carried the evidence (nil: pending at the node).
        public var frame: String?
        public var carriedAt: UInt64?
        /// Whether the evidence verified against the headers, and if not why.
        public var verified: Bool
        public var problem: String?
        /// Canonical CBOR, hex.
        public var cbor: String
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

    /// The node's evidence, each item verified against finalized headers and the set signing its height.
    public static func evidence(rpc: RPCClient, genesis: Genesis? = nil) async throws(ToolError) -> [EvidenceItem] {
        let answers = try await rpc.getJSON("/v1/evidence", as: [NodeAPI.EvidenceView].self)
        let status = try await rpc.getJSON("/v1/status", as: NodeStatus.self)
        let top = answers.map(\.height).max() ?? 0
        let headers = top == 0 ? [:] : try await finalizedHeaders(rpc: rpc, through: min(top, status.height), genesis: genesis)
        func header(_ h: UInt64) throws(ToolError) -> Header {
            guard let header = headers[h] else { throw .verificationFailed("the finalized header at \(h) is needed to check it") }
            return header
        }
        var out: [EvidenceItem] = []
        for a in answers {
            var item = EvidenceItem(
                offender: a.offender, height: a.height, round: a.round, kind: a.kind, frame: a.frame, carriedAt: a.carriedAt,
                verified: false, problem: nil, cbor: a.cbor)
            do {
                let bytes = try Hex.decode(a.cbor)
                let setView = try await rpc.getJSON("/v1/validators/\(a.height)", as: NodeAPI.ValidatorSetView.self)
                let set = try ValidatorSet(canonicalBytes: try Hex.decode(setView.cbor))
                let offender: Int
                if a.kind == "missed-inclusion" {
                    let e = try MissedInclusionEvidence(canonicalBytes: bytes)
                    offender = try e.verify(set: set, chainID: status.chainID) { headers[$0] }
                } else if a.kind == "list-equivocation" {
                    let e = try ListEquivocationEvidence(canonicalBytes: bytes)
                    offender = try e.verify(header: try header(e.height), set: set, chainID: status.chainID)
                } else if a.kind == "bad-key-share" {
                    let e = try BadKeyShareEvidence(canonicalBytes: bytes)
                    let header = try header(e.height)
                    let key = try EpochPublicKey(canonicalBytes: try Hex.decode(a.epochKey ?? ""))
                    let j = try e.verify(
                        header: header, chainID: status.chainID, epochKey: key, committee: set.validators.map(\.identityKey))
                    offender = Int(j) - 1
                } else {
                    offender = try EquivocationEvidence(canonicalBytes: bytes).verify(set: set, chainID: status.chainID)
                }
                item.verified = UInt64(offender) == a.offender
                if !item.verified { item.problem = "the evidence is against validator \(offender), not \(a.offender)" }
            } catch {
                item.problem = "\(error)"
            }
            out.append(item)
        }
        return out
    }

    /// The finalized headers 1…`height`: verified from `genesis` with the light client when given,
    /// else as the node serves them.
    static func finalizedHeaders(rpc: RPCClient, through height: UInt64, genesis: Genesis?) async throws(ToolError)
        -> [UInt64: Header]
    {
        let entries = try await rpc.chain(through: height)
        if let genesis {
            do {
                var client = try LightClient(genesis: genesis)
                try client.verify(contentsOf: entries)
            } catch {
                throw .verificationFailed("the node's chain through \(height) does not verify from the genesis: \(error)")
            }
        }
        return Dictionary(uniqueKeysWithValues: entries.map { ($0.header.height, $0.header) })
    }
}
