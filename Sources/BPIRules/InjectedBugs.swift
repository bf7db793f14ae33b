/// Known-wrong consensus rules, re-introduced on purpose so the Byzantine simulator can show that
/// it still catches them (`bpi simulate --inject-bug …`). Only code that imports the
/// `Simulation` SPI can set them; no node does (a test checks the node's sources), and an
/// instance built without them runs the rules of docs/SPEC.md §7.3 unchanged.
@_spi(Simulation)
public struct InjectedBugs: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// PRE-PREPAREs past round 0 are accepted without a round-change justification, and a round
    /// leader proposes its own value as soon as it enters the round.
    public static let noJustification = InjectedBugs(rawValue: 1 << 0)
    /// Votes are counted per message, not per sender: a validator that signs several PREPAREs in
    /// one round (differing payloads) counts several times.
    public static let duplicateVotes = InjectedBugs(rawValue: 1 << 1)
    /// A round leader ignores the values reported prepared and proposes its own, and validators
    /// accept that (the QBFT lock is not carried across rounds).
    public static let noLock = InjectedBugs(rawValue: 1 << 2)
    /// A restarted instance resumes in round 0 whatever round it had entered (S1 of issue 10);
    /// its lock and the double-sign guard are still restored.
    public static let noRoundPersistence = InjectedBugs(rawValue: 1 << 3)
    /// Block validity does not compare a header's `daRoot` with the objects its da-commit frames
    /// commit (docs/SPEC.md §15.3): a proposer may commit data no frame announced.
    public static let noDARootCheck = InjectedBugs(rawValue: 1 << 4)
    /// Block validity does not check a block's inclusion obligations (docs/SPEC.md §17.2): a
    /// proposer may leave listed frames out, claiming any reject ground or none.
    public static let ignoreInclusionList = InjectedBugs(rawValue: 1 << 5)
    /// The reveal rule takes a decryption key from a single key share (docs/SPEC.md §16.4): the
    /// first share gathered, s_j·H(id), stands for s·H(id), with no threshold and no check
    /// against the master key.
    public static let singleShareReveal = InjectedBugs(rawValue: 1 << 6)
    /// Block validity does not compare a header's `nextValidatorSetHash` with the set change the
    /// chain scheduled (docs/SPEC.md §19): a proposer may name any set to sign after its block.
    public static let noNextSetCheck = InjectedBugs(rawValue: 1 << 7)

    /// The command-line names, in order.
    public static let named: [(name: String, bug: InjectedBugs)] = [
        ("no-justification", .noJustification), ("duplicate-votes", .duplicateVotes), ("no-lock", .noLock),
        ("no-round-persistence", .noRoundPersistence), ("no-da-root-check", .noDARootCheck),
        ("ignore-inclusion-list", .ignoreInclusionList), ("single-share-reveal", .singleShareReveal),
        ("no-next-set-check", .noNextSetCheck),
    ]
}
