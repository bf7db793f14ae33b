import BPIConsensus
import BPIHash
import BPITypes
import Foundation

/// The validator's `SignStateStore`: the block store's sign-state tables, plus the blocks of the
/// height in flight that the validator accepted, so that when it locks on a value the block is
/// written in the same transaction (a restarted validator can then re-propose it).
public final class ValidatorSignState: SignStateStore, @unchecked Sendable {
    private let store: BlockStore
    private let lock = NSLock()
    private var blocks: [Hash32: Block] = [:]

    /// The sign state kept in `store`.
    public init(store: BlockStore) { self.store = store }

    /// Keeps `block` at hand for a lock on its hash (blocks of earlier heights are dropped).
    public func stage(_ block: Block) {
        lock.withLock {
            blocks = blocks.filter { $0.value.header.height >= block.header.height }
            blocks[block.header.hash] = block
        }
    }

    /// The state kept for `height`; the block of its lock (kept beside it) is staged.
    public func load(height: UInt64) throws(SignStateError) -> SignState? {
        guard let (state, lockedBlock) = try store.signState(height: height) else { return nil }
        if let lockedBlock { stage(lockedBlock) }
        return state
    }

    /// A staged block of the height in flight, by hash.
    public func stagedBlock(_ hash: Hash32) -> Block? { lock.withLock { blocks[hash] } }

    /// Records `message` (see `SignStateStore.record`), with the block of a new lock.
    public func record(_ message: ConsensusMessage, round: UInt64, prepared: PreparedCertificate?) throws(SignStateError)
        -> SignVerdict
    {
        let block = prepared.flatMap { p in lock.withLock { blocks[p.value] } }
        return try store.recordSignature(message, round: round, prepared: prepared, lockedBlock: block)
    }
}
