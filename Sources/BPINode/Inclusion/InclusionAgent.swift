import BPICrypto
import BPIFrames
import BPIHash
import BPITypes

/// A validator's part in inclusion lists (docs/SPEC.md §17.1): after each stored block, when it
/// sits on the next block's committee, it lists the frames its pool has held for at least
/// `InclusionList.minimumAge` blocks (oldest first, at most 16 and 60 KiB), from its own service
/// (`spiffe://validator.bpi/<identity key>`, registered by the threshold agent). It remembers only
/// when it first saw each pending frame; a restart starts the count again (a later list, never a
/// wrong one). So a restart never makes a second list for one block — which the rule would carry
/// as an equivocation (§17.1): after it the agent lists nothing until frames have aged 2 blocks,
/// and a list re-made on the nonce of a lost one conflicts with it (only one is carried).
struct InclusionAgent: Sendable {
    let identity: Ed25519PrivateKey
    /// The height after which each pending frame was first seen.
    private var firstSeen: [Hash32: UInt64] = [:]
    /// Frames a devnet test asked to list (`POST /v1/test/inclusion-list`), listed once each.
    private var requested: [Frame] = []

    /// Most payload bytes of listed frames in one list (under `Frame.maxPayloadBytes`).
    static let maxListedBytes = 60 << 10

    init(identity: Ed25519PrivateKey) { self.identity = identity }

    /// Queues `frame` for this validator's next list, whether or not its pool holds it (test control).
    mutating func request(_ frame: Frame) { requested.append(frame) }

    /// The list to send after block `stored` is final, if this validator is on the next block's
    /// committee and has frames to list: `pool` is the pending frames in arrival order, `pending`
    /// the ledger with them recorded (for this validator's nonce chain).
    mutating func list(
        pool: [Frame], pending: FrameLedger, stored: UInt64, tick: TickRef, context: ThresholdContext
    ) -> Frame? {
        let name = ServiceName.validator(identityKey: identity.publicKey.bytes)
        let id = name.id
        let ids = Set(pool.map(\.id))
        firstSeen = firstSeen.filter { ids.contains($0.key) }
        for frame in pool where firstSeen[frame.id] == nil { firstSeen[frame.id] = stored }
        let me = identity.publicKey.bytes
        let committee = InclusionCommittee.members(
            setSize: context.validators.count, seed: context.seed, size: context.inclusionCommitteeSize)
        guard committee.contains(where: { context.validators.validators[$0].identityKey == me }),
            pending.directory[id] != nil
        else { return nil }
        var listed: [Frame] = []
        var bytes = 0
        let aged = pool.filter {
            stored - (firstSeen[$0.id] ?? stored) >= InclusionList.minimumAge && $0.header.source != id
                && ![.inclusionList, .registration, .receipt].contains($0.header.kind)
        }
        for frame in requested + aged where listed.count < InclusionList.maxFrames {
            let size = frame.canonicalBytes().count
            guard bytes + size <= Self.maxListedBytes, !listed.contains(where: { $0.id == frame.id }) else { continue }
            listed.append(frame)
            bytes += size
        }
        requested = []
        guard !listed.isEmpty, var sender = FrameSender.validator(identity, pending: pending) else { return nil }
        return sender.inclusionList(InclusionList(madeAt: stored, frames: listed), tick: tick)
    }
}
