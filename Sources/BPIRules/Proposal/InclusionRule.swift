import BPIHash
import BPITypes

/// The part of the inclusion rule (docs/SPEC.md §17.2) a block shows on its face: its entries
/// name exactly the obligations, in order; a frame marked included is in the block and a
/// rejected one is not; `block-full` only with `Block.maxFrames` frames. Whether any other reject
/// ground holds needs the finalized ledger (`FrameLedger.apply` derives every outcome; the
/// validator compares), so a validator checks both; the simulator's frames are always valid.
public enum InclusionRule {
    /// Why `block`'s entries do not answer `obligations`, or nil.
    public static func invalidity(of block: Block, obligations: [Hash32]) -> String? {
        let named = block.inclusion.map(\.frameID)
        guard named == obligations else {
            return "the block answers \(named.count) obligation(s); the previous block's lists make \(obligations.count)"
        }
        let carried = Set(block.frames.map(\.id))
        for entry in block.inclusion {
            let present = carried.contains(entry.frameID)
            if entry.outcome == .included && !present {
                return "listed frame \(entry.frameID) is marked included but the block does not carry it"
            }
            if entry.outcome.isReject && present { return "listed frame \(entry.frameID) is carried but marked \(entry.outcome)" }
            if entry.outcome == .blockFull && block.frames.count < Block.maxFrames {
                return "listed frame \(entry.frameID) is marked block-full in a block of \(block.frames.count) frames"
            }
        }
        return nil
    }
}
