/// The kinds of portable evidence (docs/SPEC.md §18.9), numbered as the envelope encodes them.
public enum EvidenceKind: UInt64, CaseIterable, Sendable, Codable {
    /// A validator signed two conflicting consensus messages (§7.5, `EquivocationEvidence`).
    case equivocation = 1
    /// A proposer left out an inclusion obligation without a reject proof (§17.3, `MissedInclusionEvidence`).
    case missedInclusion = 2
    /// A validator signed two inclusion lists for one block (§17.1, `ListEquivocationEvidence`).
    case listEquivocation = 3
    /// A storer did not answer a data-availability challenge in time (§15.8, `DAFaultEvidence`).
    case dataAvailabilityFault = 4
    /// A validator published a key share that does not verify (§16.5, `BadKeyShareEvidence`).
    case badKeyShare = 5
    /// Two valid commits for different headers at one height (§18.8, `ForkEvidence`).
    case fork = 6
    /// A validator did not anchor a header it pledged to, in time (§18.11, `MissedAnchorEvidence`).
    case missedAnchor = 7

    /// The kind's name in JSON and on the command line.
    public var name: String {
        switch self {
        case .equivocation: return "equivocation"
        case .missedInclusion: return "missed-inclusion"
        case .listEquivocation: return "list-equivocation"
        case .dataAvailabilityFault: return "da-fault"
        case .badKeyShare: return "bad-key-share"
        case .fork: return "fork"
        case .missedAnchor: return "missed-anchor"
        }
    }

    /// The kind named `name`.
    public init?(name: String) {
        guard let kind = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = kind
    }
}
