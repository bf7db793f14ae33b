import BPICodec
import BPIHash
import BPITypes

/// The chain's inclusion obligations, derived from finalized frames (docs/SPEC.md §17): the frames
/// the last block's inclusion lists named (what the next block must carry or reject), the lists
/// gathered in the block being applied, and each recent block's entries (what its
/// `inclusionRoot` committed to). Deterministic: every validator applying the same blocks agrees.
///
/// Who can send what: a committee validator may list frames that are invalid, unsigned, already
/// included or absent from every pool, list twice in one block (an equivocation: carried, both
/// its lists ignored, the pair evidence), or list from outside the committee; a proposer may leave listed frames out, claim a reject ground that does not hold,
/// or leave lists out of its block. The first are refused here; the proposer's omissions make its
/// block invalid (`FrameLedger.apply` throws `missedInclusion`) — a list it leaves out binds nothing.
public struct InclusionLedger: Sendable, Equatable {
    /// The frames the next block must carry or reject, in list order, distinct.
    public private(set) var due: [Frame] = []
    /// Lists gathered from the block being applied: each author's (service id's) first list and
    /// its frames, in block order, and the authors that sent a second one.
    private var gathering: [Gathered] = []
    private var equivocating: Set<Hash32> = []
    /// List equivocations the chain carries — two lists of one validator in one block, both
    /// ignored — by the height of the block carrying them (the last `keptHeights` heights).
    public private(set) var equivocations: [ListEquivocation] = []

    /// An author's first list in the block being applied.
    private struct Gathered: Sendable, Equatable {
        let author: Hash32
        let list: Hash32
        let frames: [Frame]
    }

    /// Two lists of one author carried by the block at `height`.
    public struct ListEquivocation: Sendable, Equatable {
        /// The block carrying both.
        public let height: UInt64
        /// The author's validator service.
        public let author: Hash32
        /// The two list frames, in block order.
        public let first: Hash32
        public let second: Hash32
    }
    /// Each recent height's entries (heights with obligations only).
    public private(set) var entries: [UInt64: [InclusionEntry]] = [:]

    /// The root block `height`'s `inclusionRoot` must be (the empty root without obligations).
    public func root(at height: UInt64) -> Hash32 { InclusionEntry.root(entries[height] ?? []) }

    /// Heights of entries kept (older ones are dropped; the header's root stays).
    public static let keptHeights: UInt64 = 1_024

    /// An empty ledger.
    public init() {}

    /// Checks an inclusion-list frame from `sender` for the block at `height`: self-addressed, a
    /// canonical list made at `height − 1`, from a member of that block's committee, its author's
    /// only list in the block, naming distinct frames that are neither lists, registrations nor
    /// receipts, each signed by its registered sender. (A receipt's validity includes a WASM
    /// replay a validator may switch off, `verify_receipts`: its obligation would not be decided
    /// alike by every validator.)
    func check(
        _ frame: Frame, sender: ServiceEntry, height: UInt64, context: ThresholdContext?, directory: ServiceDirectory
    ) throws(FrameError) {
        guard frame.header.source == frame.header.destination else {
            throw .badInclusionList("an inclusion list goes from a validator's service to itself")
        }
        guard let context else { throw .badInclusionList("this ledger checks frames without a validator set") }
        let list: InclusionList
        do { list = try InclusionList(canonicalBytes: frame.sealedPayload) } catch { throw .badInclusionList("\(error)") }
        guard list.madeAt + 1 == height else {
            throw .badInclusionList(
                "the list was made at height \(list.madeAt); only lists made at \(height - 1) go in block \(height)")
        }
        let committee = InclusionCommittee.members(
            setSize: context.validators.count, seed: context.seed, size: context.inclusionCommitteeSize)
        guard committee.contains(where: { context.validators.validators[$0].identityKey == sender.signingKey.bytes }) else {
            throw .badInclusionList("the signing key is not the identity key of a member of height \(height)'s committee")
        }
        guard !equivocating.contains(frame.header.source) else {
            throw .badInclusionList(
                "this validator already has two lists in block \(height): a second one is carried as an equivocation, a third is not"
            )
        }
        var seen = Set<Hash32>()
        for listed in list.frames {
            guard seen.insert(listed.id).inserted else { throw .badInclusionList("frame \(listed.id) is listed twice") }
            guard listed.header.kind != .inclusionList, listed.header.kind != .registration, listed.header.kind != .receipt else {
                throw .badInclusionList("a list names no \(listed.header.kind) frames")
            }
            guard let owner = directory[listed.header.source], listed.isSigned(by: owner.signingKey) else {
                throw .badInclusionList("listed frame \(listed.id) is not signed by a registered sender")
            }
        }
    }

    /// Records a list `check` accepted. An author's second list in the block is an equivocation:
    /// both its lists are ignored (they bind nothing) and the pair is recorded as evidence.
    mutating func record(_ frame: Frame, height: UInt64) {
        guard frame.header.kind == .inclusionList, let list = try? InclusionList(canonicalBytes: frame.sealedPayload) else {
            return
        }
        let author = frame.header.source
        if let first = gathering.first(where: { $0.author == author }) {
            equivocating.insert(author)
            equivocations.append(ListEquivocation(height: height, author: author, first: first.list, second: frame.id))
        } else {
            gathering.append(Gathered(author: author, list: frame.id, frames: list.frames))
        }
    }

    /// What the block at `height` did with each due frame, in order: `included` when `carried`
    /// holds its id, otherwise `reject(frame)` (the reject ground that holds at the end of the
    /// block, or nil when none does). Throws `missedInclusion` for the first frame left out
    /// without a ground.
    func outcomes(carried: Set<Hash32>, reject: (Frame) -> InclusionOutcome?) throws(FrameError) -> [InclusionEntry] {
        var result: [InclusionEntry] = []
        for frame in due {
            if carried.contains(frame.id) {
                result.append(InclusionEntry(frameID: frame.id, outcome: .included))
            } else if let ground = reject(frame) {
                result.append(InclusionEntry(frameID: frame.id, outcome: ground))
            } else {
                throw .missedInclusion(frame.id)
            }
        }
        return result
    }

    /// End of the block at `height`, which carried `carried` and had `outcomes`: the lists it
    /// carried bind the next block (less the frames it carried itself).
    mutating func finish(height: UInt64, carried: Set<Hash32>, outcomes: [InclusionEntry]) {
        if !outcomes.isEmpty { entries[height] = outcomes }
        if height > Self.keptHeights { entries[height - Self.keptHeights] = nil }
        var seen = Set<Hash32>()
        let listed = gathering.filter { !equivocating.contains($0.author) }.flatMap(\.frames).filter {
            !carried.contains($0.id) && seen.insert($0.id).inserted
        }
        due = Array(listed.prefix(InclusionEntry.maxPerBlock))
        gathering = []
        equivocating = []
        if height > Self.keptHeights { equivocations.removeAll { $0.height <= height - Self.keptHeights } }
    }
}
