import BPICodec
import BPIHash
import BPILightClient
import BPIToolKit
import BPITypes

/// Compares two branches of one mesh (`lc-verify --fork`, docs/SPEC.md §18.8): finds the first
/// height where they name different headers, proves the fork with the two commits there, and
/// decides between the branches by confirmed anchors — or says why it cannot.
public enum ForkCheck {
    /// Which branch the anchors choose.
    public enum Verdict: Sendable, Equatable {
        /// `--chain`: it is anchored past the fork and the other is not.
        case chain
        /// The other branch (`--fork`) is anchored past the fork and `--chain` is not.
        case other
        /// Both contradict confirmed anchors (both are refused).
        case neither
        /// Neither is anchored past the fork: commits alone cannot choose.
        case undecided(String)

        /// A short name for JSON.
        public var name: String {
            switch self {
            case .chain: return "chain"
            case .other: return "other"
            case .neither: return "neither"
            case .undecided: return "undecided"
            }
        }
    }

    /// What the comparison found.
    public struct Outcome: Sendable {
        /// The first height where the branches name different headers (nil: one is a prefix of the other).
        public var height: UInt64?
        /// The proof of the fork, when both commits there are valid certificates of the set.
        public var evidence: ForkEvidence?
        /// The evidence as a portable envelope (what `--evidence-out` writes).
        public var envelope: EvidenceEnvelope?
        /// The validators that signed both, and their power against the set's total.
        public var signedBoth: [Int] = []
        /// Each of them as the set names it: metadata and identity key.
        public var signedBothNames: [String] = []
        public var signedBothPower: UInt64 = 0
        public var totalPower: UInt64 = 0
        /// Why a divergence is not a proven fork (one side's commit is not a valid certificate).
        public var notProven: String?
        public var verdict: Verdict?

        /// Human-readable lines.
        public var text: String {
            guard let height else { return "no fork: the two branches agree wherever both have a header" }
            if let notProven {
                return "the branches diverge at height \(height), but that is not a proven fork: \(notProven)"
            }
            var lines = [
                "FORK at height \(height): two valid commits for different headers",
                "  validators that signed both: \(signedBoth.map(String.init).joined(separator: ", ")) "
                    + "(power \(signedBothPower) of \(totalPower), more than a third)",
            ]
            lines += signedBothNames.map { "    \($0)" }
            if let evidence {
                lines.append(
                    "  fork evidence (\(evidence.canonicalBytes().count) bytes): \(Hex.encode(evidence.canonicalBytes()))")
            }
            switch verdict {
            case .chain?: lines.append("  verdict: --chain is anchored past the fork; the other branch is refused")
            case .other?: lines.append("  verdict: the other branch is anchored past the fork; --chain is refused")
            case .neither?: lines.append("  verdict: both branches contradict confirmed anchors; both are refused")
            case .undecided(let why)?: lines.append("  verdict: cannot decide: \(why)")
            case nil: break
            }
            return lines.joined(separator: "\n")
        }

        /// JSON fields.
        public var jsonFields: [(String, CBOR)] {
            var fields: [(String, CBOR)] = [("fork", .bool(height != nil && notProven == nil))]
            if let height { fields.append(("forkHeight", .unsigned(height))) }
            if let notProven { fields.append(("notProven", .text(notProven))) }
            if let evidence, let envelope {
                fields += [
                    ("evidenceID", .text(envelope.id.hex)), ("envelope", .text(Hex.encode(envelope.canonicalBytes()))),
                    ("signedBoth", .array(signedBoth.map { .unsigned(UInt64($0)) })),
                    ("signedBothNames", .array(signedBothNames.map { .text($0) })),
                    ("signedBothPower", .unsigned(signedBothPower)), ("totalPower", .unsigned(totalPower)),
                    ("evidence", .text(Hex.encode(evidence.canonicalBytes()))),
                ]
            }
            if let verdict {
                fields.append(("verdict", .text(verdict.name)))
                if case .undecided(let why) = verdict { fields.append(("undecidedBecause", .text(why))) }
            }
            return fields
        }
    }

    /// Both branches' reports and what their comparison found.
    public struct Comparison: Sendable {
        public var chain: LightClientTool.Report
        public var other: LightClientTool.Report
        public var outcome: Outcome

        /// `lc-verify --fork`'s exit status: the chain's own failure; else 25 when a fork is proven
        /// and the anchors do not choose `--chain`; else 0.
        public var exitCode: Int32 {
            if let failure = chain.failure { return failure.exitCode }
            return outcome.evidence != nil && outcome.verdict != .chain ? 25 : 0
        }

        /// The three parts as text.
        public var text: String {
            let otherLine = other.failure.map { "refused: \($0.description)" } ?? "verified \(other.verifiedHeight) headers"
            return [chain.text, "other branch: " + otherLine, outcome.text].joined(separator: "\n")
        }

        /// The chain's fields, the other's under "other", then the outcome's.
        public var json: String {
            let other: CBOR = .map(other.jsonFields.map { CBORMapEntry(.text($0.0), $0.1) })
            return ToolJSON.object(chain.jsonFields + [("other", other)] + outcome.jsonFields)
        }
    }

    /// Verifies both branches from `genesis` with the same anchors, then compares them.
    public static func verify(
        genesis: Genesis, chain: ChainFile, other: ChainFile, poh: PoHReplay = .full, anchors: AnchorBook = .empty
    ) throws(ToolError) -> Comparison {
        let a = try LightClientTool.verify(genesis: genesis, chain: chain, poh: poh, anchors: anchors)
        let b = try LightClientTool.verify(genesis: genesis, chain: other, poh: poh, anchors: anchors)
        let outcome = try compare(
            genesis: genesis, chain: chain, other: other, chainReport: a, otherReport: b, anchored: !anchors.isEmpty)
        return Comparison(chain: a, other: b, outcome: outcome)
    }

    /// Finds and proves the fork between `chain` and `other` (both from `genesis`), then decides by
    /// the two branches' verification reports (made with the same anchors).
    public static func compare(
        genesis: Genesis, chain: ChainFile, other: ChainFile, chainReport: LightClientTool.Report,
        otherReport: LightClientTool.Report, anchored: Bool
    ) throws(ToolError) -> Outcome {
        var outcome = Outcome()
        let mine = Dictionary(chain.entries.map { ($0.header.height, $0) }, uniquingKeysWith: { a, _ in a })
        let theirs = Dictionary(other.entries.map { ($0.header.height, $0) }, uniquingKeysWith: { a, _ in a })
        let top = min(mine.keys.max() ?? 0, theirs.keys.max() ?? 0)
        guard top >= 1,
            let h = (1...top).first(where: { mine[$0]?.header.hash != theirs[$0]?.header.hash })
        else { return outcome }
        outcome.height = h
        guard let a = mine[h], let b = theirs[h] else {
            outcome.notProven = "one branch has no header at height \(h)"
            return outcome
        }
        // The set both branches trust at h: verify the common prefix from genesis.
        var client: LightClient
        do {
            client = try LightClient(genesis: genesis)
            try client.verify(contentsOf: (1..<h).compactMap { mine[$0] })
        } catch {
            outcome.notProven = "the branches' common prefix below height \(h) does not verify: \(error)"
            return outcome
        }
        let (set, keys) = client.nextSet
        guard let evidence = ForkEvidence(a.commit, b.commit) else {
            outcome.notProven = "the commits at height \(h) do not name two different headers at that height"
            return outcome
        }
        do {
            outcome.signedBoth = try evidence.verify(set: set, keys: keys, chainID: genesis.chainID)
        } catch {
            outcome.notProven = error.description
            return outcome
        }
        outcome.evidence = evidence
        outcome.envelope = EvidenceEnvelope(kind: .fork, chainID: genesis.chainID, height: h, body: evidence.canonicalBytes())
        outcome.signedBothNames = outcome.signedBoth.map { i in
            let v = set.validators[i]
            return
                "validator \(i): \(v.metadata.isEmpty ? "(no metadata)" : v.metadata), identity key \(Hex.encode(v.identityKey))"
        }
        outcome.signedBothPower = outcome.signedBoth.reduce(0) { $0 + set.validators[$1].votingPower }
        outcome.totalPower = set.totalPower
        outcome.verdict = decide(at: h, chainReport, otherReport, anchored: anchored)
        return outcome
    }

    /// The anchors' choice: a branch that contradicts one is refused; of the rest, the one whose
    /// verified headers an anchor confirmed at or above the fork height is chosen.
    static func decide(
        at h: UInt64, _ a: LightClientTool.Report, _ b: LightClientTool.Report, anchored: Bool
    ) -> Verdict {
        guard anchored else {
            return .undecided(
                "no confirmed anchors were given (--anchors). Both branches carry commits of more than two thirds of "
                    + "the power, so more than a third signed both: the bound BFT finality rests on is broken, and commits "
                    + "alone cannot tell which branch the honest validators finalized. Only an external record — a "
                    + "confirmed L1 anchor at or above height \(h) — can choose")
        }
        let aRefused = a.failure?.kind == "contradicts-anchor"
        let bRefused = b.failure?.kind == "contradicts-anchor"
        if aRefused && bRefused { return .neither }
        let aPast = !aRefused && a.anchoredHeight >= h
        let bPast = !bRefused && b.anchoredHeight >= h
        if aPast && !bPast { return .chain }
        if bPast && !aPast { return .other }
        return .undecided(
            "no confirmed anchor at or above height \(h) confirms either branch (highest anchored height held: "
                + "\(max(a.highestAnchor, b.highestAnchor))); wait until an anchor past the fork is confirmed")
    }

    /// Checks fork evidence (`lc-verify --fork-evidence`) as a third party does: `chain` from
    /// `genesis` must verify to the height below the fork, and both commits must be certificates
    /// of the set trusted there. Returns the validators that signed both, or why it proves nothing.
    public static func check(evidence bytes: [UInt8], genesis: Genesis, chain: ChainFile) throws(ToolError) -> (
        evidence: ForkEvidence, signedBoth: [Int], refusal: String?
    ) {
        let evidence: ForkEvidence
        do {
            let envelope = try EvidenceEnvelope(canonicalBytes: bytes)
            guard envelope.kind == .fork else {
                throw ToolError.badInput("the envelope holds \(envelope.kind.name) evidence, not a fork")
            }
            guard envelope.chainID == genesis.chainID else {
                throw ToolError.badInput("the evidence is for mesh \(envelope.chainID), the genesis names \(genesis.chainID)")
            }
            evidence = try ForkEvidence(canonicalBytes: envelope.body)
            guard evidence.height == envelope.height else { throw ToolError.badInput("the envelope's height is not the fork's") }
        } catch let error as ToolError {
            throw error
        } catch {
            throw .badInput("not a fork evidence envelope in canonical form: \(error)")
        }
        let h = evidence.height
        guard h >= 1 else { throw .badInput("fork evidence at height 0") }
        var client: LightClient
        do {
            client = try LightClient(genesis: genesis)
            try client.verify(contentsOf: chain.entries.filter { $0.header.height < h })
        } catch {
            throw .badInput("the chain does not verify to height \(h - 1), where the evidence's set is fixed: \(error)")
        }
        guard client.height == h - 1 else {
            throw .badInput("the chain reaches height \(client.height); the evidence needs the headers up to \(h - 1)")
        }
        let (set, keys) = client.nextSet
        do {
            return (evidence, try evidence.verify(set: set, keys: keys, chainID: genesis.chainID), nil)
        } catch {
            return (evidence, [], error.description)
        }
    }
}
