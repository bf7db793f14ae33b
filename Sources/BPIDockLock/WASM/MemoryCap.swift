import BPITypes
import WasmKit
@_spi(Fuzzing) import WasmKit

/// Caps a run's linear memory at its header's `memoryPages`: a growth beyond it is recorded as a
/// `memory-denied` event and stops the run with `memoryLimit` (docs/SPEC.md §13.2).
final class MemoryCap: ResourceLimiter, @unchecked Sendable {
    private let maxBytes: Int
    private let onDenied: (Int) -> Void

    /// A cap of `pages` 64 KiB pages; `onDenied` receives the pages asked for.
    init(pages: UInt64, onDenied: @escaping (Int) -> Void) {
        maxBytes = Int(pages) * 65_536
        self.onDenied = onDenied
    }

    func limitMemoryGrowth(to desired: Int) throws -> Bool {
        guard desired <= maxBytes else {
            onDenied(desired / 65_536)
            throw CageStop.memoryLimit
        }
        return true
    }

    func limitTableGrowth(to desired: Int) throws -> Bool { desired <= 1 << 16 }
}
