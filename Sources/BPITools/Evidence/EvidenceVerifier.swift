import BPICodec
import BPIFrames
import BPIHash
import BPILightClient
import BPIThreshold
import BPIToolKit
import BPITypes

/// Checks any portable evidence item (docs/SPEC.md §18.9) against a finalized chain: one entry
/// point for every kind, so `bpi evidence verify`, `bpi evidence list` and the tests judge
/// evidence the same way.
public enum EvidenceVerifier {
    /// What a valid item proves.
    public struct Verdict: Codable, Sendable, Equatable {
        public var id: String
        public var kind: String
        public var height: UInt64
        /// The validators it is against (set indices at `height`); empty for a DA fault.
        public var offenders: [UInt64]
        /// A DA fault's storer (service id).
        public var storer: String?
        /// One line on what it proves.
        public var summary: String
    }

    /// What a verifier read from L1 nodes it trusts for missed anchors (§18.11): each item's
    /// window by evidence id, and how deep a window's end must be.
    public struct L1Reading: Sendable {
        public var windows: [Hash32: MissedAnchorEvidence.L1Window]
        public var depth: UInt64

        /// Creates a reading.
        public init(windows: [Hash32: MissedAnchorEvidence.L1Window] = [:], depth: UInt64) {
            self.windows = windows
            self.depth = depth
        }
    }

    /// Decodes an envelope (canonical CBOR).
    public static func envelope(_ bytes: [UInt8]) throws(ToolError) -> EvidenceEnvelope {
        do {
            return try EvidenceEnvelope(canonicalBytes: bytes, limits: CBORDecodingLimits(maxDepth: 64, maxLength: 4 << 20))
        } catch {
            throw .badInput("not an evidence envelope in canonical form: \(error)")
        }
    }

    /// Checks `e` against `chain` (and, for a missed anchor, against `l1`): returns what it
    /// proves, or throws `.verificationFailed` with why it proves nothing (`.badInput` when its
    /// body does not decode as its kind).
    public static func verify(_ e: EvidenceEnvelope, chain: FinalizedChain, l1: L1Reading? = nil) throws(ToolError) -> Verdict {
        guard e.chainID == chain.chainID else {
            throw .verificationFailed("the evidence is for mesh \(e.chainID), the chain is \(chain.chainID)")
        }
        guard let set = chain.set(signing: e.height) else {
            throw .verificationFailed(
                "the finalized chain given reaches height \(chain.height); the set signing \(e.height) is not known from it")
        }
        func header(_ h: UInt64) throws(ToolError) -> Header {
            guard let header = chain.header(h) else {
                throw .verificationFailed("the finalized header at height \(h) is needed and not in the chain given")
            }
            return header
        }
        func decode<T: CBORCodable>(_ type: T.Type) throws(ToolError) -> T {
            do {
                return try T(canonicalBytes: e.body, limits: CBORDecodingLimits(maxDepth: 64, maxLength: 4 << 20))
            } catch {
                throw .badInput("the \(e.kind.name) body does not decode: \(error)")
            }
        }
        var verdict = Verdict(id: e.id.hex, kind: e.kind.name, height: e.height, offenders: [], storer: nil, summary: "")
        do {
            switch e.kind {
            case .equivocation:
                let x = try decode(EquivocationEvidence.self)
                guard x.first.height == e.height else {
                    throw ToolError.verificationFailed("the envelope's height is not the offence's")
                }
                let i = try x.verify(set: set, chainID: e.chainID)
                verdict.offenders = [UInt64(i)]
                verdict.summary =
                    "validator \(i) signed two conflicting \(x.first.kind) messages at height \(e.height), round \(x.first.round)"
            case .missedInclusion:
                let x = try decode(MissedInclusionEvidence.self)
                guard x.height == e.height else {
                    throw ToolError.verificationFailed("the envelope's height is not the offence's")
                }
                let i = try x.verify(set: set, chainID: e.chainID) { chain.header($0) }
                verdict.offenders = [UInt64(i)]
                verdict.summary = "proposer \(i) left frame \(x.frameID) out of height \(e.height) without a reject proof"
            case .listEquivocation:
                let x = try decode(ListEquivocationEvidence.self)
                guard x.height == e.height else {
                    throw ToolError.verificationFailed("the envelope's height is not the carrying block's")
                }
                let i = try x.verify(header: try header(x.height), set: set, chainID: e.chainID)
                verdict.offenders = [UInt64(i)]
                verdict.summary = "validator \(i) signed two inclusion lists carried in height \(e.height)"
            case .dataAvailabilityFault:
                let x = try decode(DAFaultEvidence.self)
                _ = try header(e.height)
                try DAFaultCheck.check(x, carriedAt: e.height) { chain.header($0) }
                verdict.storer = x.storer.hex
                verdict.summary = "storer \(x.storer.hex) did not answer challenge \(x.challengeID.hex) by height \(x.deadline)"
            case .badKeyShare:
                let x = try decode(BadKeyShareEvidence.self)
                guard x.height == e.height else {
                    throw ToolError.verificationFailed("the envelope's height is not the carrying block's")
                }
                // The committee of the share's key epoch: the set signing its generation's first block.
                let keyEpoch = try x.message().keyEpoch
                guard keyEpoch >= 1, let committee = chain.set(signing: KeyEpochSchedule.standard.generationStart(of: keyEpoch))
                else {
                    throw ToolError.verificationFailed("key epoch \(keyEpoch) has no committee in the chain given")
                }
                let j = try x.verify(
                    header: try header(x.height), keyHeader: try header(x.keyHeight), chainID: e.chainID,
                    committee: committee.validators.map(\.identityKey))
                verdict.offenders = [UInt64(j) - 1]
                verdict.summary =
                    "participant \(j) of key epoch \(keyEpoch) (validator \(j - 1) of its committee) published a key share that does not verify"
            case .fork:
                let x = try decode(ForkEvidence.self)
                guard x.height == e.height else { throw ToolError.verificationFailed("the envelope's height is not the fork's") }
                let both = try x.verify(set: set, chainID: e.chainID)
                verdict.offenders = both.map(UInt64.init)
                verdict.summary =
                    "fork at height \(e.height): validators \(both.map(String.init).joined(separator: ", ")) signed commits for two headers"
            case .missedAnchor:
                let x = try decode(MissedAnchorEvidence.self)
                guard x.height == e.height else {
                    throw ToolError.verificationFailed("the envelope's height is not the pledge's")
                }
                guard let l1, let window = l1.windows[e.id] else {
                    throw ToolError.verificationFailed(
                        "a missed anchor is checked against the L1 its pledge names: give a node of L1 chain \(x.pledge.l1ChainID) (--l1-rpc)"
                    )
                }
                let v = try x.verify(header: try header(x.height), set: set, chainID: e.chainID, l1: window, depth: l1.depth)
                verdict.offenders = [UInt64(v)]
                verdict.summary =
                    "validator \(v) pledged to anchor height \(e.height) on L1 chain \(x.pledge.l1ChainID) by L1 block \(x.l1Block) and did not"
            }
        } catch let error as ToolError {
            throw error
        } catch {
            throw .verificationFailed("\(error)")
        }
        return verdict
    }
}
