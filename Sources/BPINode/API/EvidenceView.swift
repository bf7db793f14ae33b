import BPICodec
import BPIFrames
import BPIHash
import BPIThreshold
import BPITypes

extension NodeAPI {
    /// One evidence item of `GET /v1/evidence` and `GET /v1/evidence/{id}`: what it is against, and
    /// its portable envelope (docs/SPEC.md §18.9), which `bpi evidence export` saves and `bpi
    /// evidence verify` checks from the genesis and finalized headers alone.
    public struct EvidenceView: Codable, Sendable, Equatable {
        /// The validator it is against (absent for a data-availability fault: a storer, not a validator).
        public var offender: UInt64?
        /// A data-availability fault's storer (service id).
        public var storer: String?
        /// The height and round of the offence.
        public var height: UInt64
        public var round: UInt64
        /// The equivocated message kind, or the evidence kind's name for every other kind.
        public var kind: String
        /// The evidence kind (`EvidenceKind.name`): equivocation, missed-inclusion, list-equivocation,
        /// da-fault, bad-key-share.
        public var evidenceKind: String?
        /// Canonical CBOR of the kind's own evidence, hex.
        public var cbor: String
        /// The envelope's id (`H(0x18 ‖ envelope)`) and canonical CBOR, hex.
        public var id: String?
        public var envelope: String?
        /// Missed inclusion: the frame left out, and the height that carried the evidence (absent
        /// while it is pending here).
        public var frame: String?
        public var carriedAt: UInt64?
        /// Bad key share: the epoch key it fails against, canonical `EpochPublicKey` CBOR, hex, and
        /// the height of the finalized block whose `epoch-key` frame carries it (the evidence
        /// holds that frame and its path, so a verifier needs no node for the key).
        public var epochKey: String?
        public var epochKeyCarriedAt: UInt64?

        init(offender: UInt64?, height: UInt64, round: UInt64, kind: String, cbor: String) {
            self.offender = offender
            self.height = height
            self.round = round
            self.kind = kind
            self.cbor = cbor
        }

        /// Wraps the body in its envelope and names it.
        mutating func seal(_ kind: EvidenceKind, chainID: String, height: UInt64, body: [UInt8]) {
            let e = EvidenceEnvelope(kind: kind, chainID: chainID, height: height, body: body)
            evidenceKind = kind.name
            id = e.id.hex
            envelope = Hex.encode(e.canonicalBytes())
        }

        init(equivocation e: EquivocationEvidence, chainID: String) {
            self.init(
                offender: e.first.sender, height: e.first.height, round: e.first.round, kind: "\(e.first.kind)",
                cbor: Hex.encode(e.canonicalBytes()))
            seal(.equivocation, chainID: chainID, height: e.first.height, body: e.canonicalBytes())
        }

        init(missed e: MissedInclusionEvidence, carriedAt: UInt64?, chainID: String) {
            self.init(
                offender: e.header.proposerIndex, height: e.height, round: e.header.round, kind: "missed-inclusion",
                cbor: Hex.encode(e.canonicalBytes()))
            frame = e.frameID.description
            self.carriedAt = carriedAt
            seal(.missedInclusion, chainID: chainID, height: e.height, body: e.canonicalBytes())
        }

        /// Two inclusion lists of one validator in one block (§17.1), at the height carrying them.
        init(listEquivocation e: ListEquivocationEvidence, offender: Int, chainID: String) {
            self.init(
                offender: UInt64(offender), height: e.height, round: 0, kind: "list-equivocation",
                cbor: Hex.encode(e.canonicalBytes()))
            carriedAt = e.height
            seal(.listEquivocation, chainID: chainID, height: e.height, body: e.canonicalBytes())
        }

        /// A bad key share (§16.5): against participant j (set index j − 1), at the height of the
        /// block carrying it; nil when its frame is no key share or its key frame no epoch key.
        init?(badShare e: BadKeyShareEvidence, chainID: String) {
            guard let m = try? e.message(), m.share.index >= 1,
                let k = try? EpochKeyMessage(canonicalBytes: e.keyFrame.sealedPayload)
            else { return nil }
            self.init(
                offender: UInt64(m.share.index - 1), height: e.height, round: 0, kind: "bad-key-share",
                cbor: Hex.encode(e.canonicalBytes()))
            frame = e.frame.id.description
            carriedAt = e.height
            epochKey = Hex.encode(k.key.canonicalBytes())
            epochKeyCarriedAt = e.keyHeight
            seal(.badKeyShare, chainID: chainID, height: e.height, body: e.canonicalBytes())
        }

        /// A data-availability fault (§15.8) carried by the block at `carriedAt`.
        init(daFault e: DAFaultEvidence, carriedAt: UInt64, chainID: String) {
            self.init(offender: nil, height: carriedAt, round: 0, kind: "da-fault", cbor: Hex.encode(e.canonicalBytes()))
            storer = e.storer.hex
            frame = e.challengeID.hex
            self.carriedAt = carriedAt
            seal(.dataAvailabilityFault, chainID: chainID, height: carriedAt, body: e.canonicalBytes())
        }

        /// Every item this node holds, in a fixed order: equivocations, missed inclusions (carried,
        /// then pending), bad key shares, inclusion-list equivocations, data-availability faults.
        static func all(store: BlockStore, service: ValidatorService, chainID: String) async throws -> [EvidenceView] {
            let equivocations = try store.evidence().map { EvidenceView(equivocation: $0, chainID: chainID) }
            let (carried, pending) = await service.missedInclusions()
            let missed =
                carried.map { EvidenceView(missed: $0.evidence, carriedAt: $0.height, chainID: chainID) }
                + pending.map { EvidenceView(missed: $0, carriedAt: nil, chainID: chainID) }
            let badShares = try await service.badKeyShares().compactMap { EvidenceView(badShare: $0, chainID: chainID) }
            let lists = try await service.listEquivocations().map {
                EvidenceView(listEquivocation: $0.evidence, offender: $0.offender, chainID: chainID)
            }
            var faults: [EvidenceView] = []
            for h in try store.daFaultHeights() {
                for fault in try store.block(at: h)?.entry.daFaults ?? [] {
                    faults.append(EvidenceView(daFault: fault, carriedAt: h, chainID: chainID))
                }
            }
            return equivocations + missed + badShares + lists + faults
        }
    }
}
