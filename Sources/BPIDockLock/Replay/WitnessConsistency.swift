import BPIHash
import BPITypes

/// Checks that a witness log holds what its run header fixes (docs/SPEC.md §13.4): the module and
/// inputs it names, and clock readings and random bytes equal to the logical clock's and the seeded
/// stream's — so an executor cannot hand a replayer values of its choosing.
public enum WitnessConsistency {
    /// Refuses `supply`'s log unless it matches `header`.
    public static func check(_ supply: WitnessSupply, entries: [WitnessEntry], header: RunHeader) throws(DockLockError) {
        guard RunHeader.moduleHash(supply.module) == header.moduleHash else {
            throw .witnessMismatch("its module is not the one the run header names")
        }
        guard RunInput.root(supply.inputs) == header.inputRoot else {
            throw .witnessMismatch("its input files are not the ones the run header commits to")
        }
        var stream = RandomStream(seed: header.seed)
        var readings: UInt64 = 0
        for (i, entry) in entries.enumerated() {
            switch entry.kind {
            case .clock:
                guard let id = UInt32(entry.label), id <= 3 else { throw .witnessMismatch("entry \(i): unknown clock") }
                let expected = LogicalClock.reading(id: id, index: readings, timeMs: header.timeMs)
                readings += 1
                guard entry.data.count == 8, entry.data.reduce(0, { $0 << 8 | UInt64($1) }) == expected else {
                    throw .witnessMismatch("entry \(i): clock reading is not the logical clock's")
                }
            case .random:
                guard entry.data == stream.next(entry.data.count) else {
                    throw .witnessMismatch("entry \(i): random bytes are not the seeded stream's")
                }
            case .module, .input:
                continue
            }
        }
    }
}
