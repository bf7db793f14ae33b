import BPICodec
import BPIHash
import BPITypes

/// Why DockLock refused a module, a witness or a receipt (docs/SPEC.md §13). Every case says what
/// to fix; none is a crash.
public enum DockLockError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The module is not valid WebAssembly, imports something outside the ABI of §13.2, or uses an
    /// instruction the cage refuses (NaN-producing floating point, SIMD, threads).
    case moduleRefused(String)
    /// The run's inputs or header cannot be used (bad file name, limits out of range, …).
    case badRun(String)
    /// A witness log cannot be read: truncated, not zlib, too large, not canonical.
    case badWitness(String)
    /// The witness does not belong to the receipt (module, inputs, clock or random values differ
    /// from what the run header fixes).
    case witnessMismatch(String)
    /// Replaying the witness ran out of recorded values or asked for one of another kind.
    case replayDiverged(String)
    /// The replay gave a different record than the receipt's.
    case receiptMismatch(field: String, receipt: String, replay: String)
    /// The receipt was made by another engine than this one.
    case engineMismatch(receipt: String, local: String)
    /// The run header names an agreement whose bundle was not given, or another bundle was.
    case agreementMissing(String)
    /// The run's zero-knowledge claim is refused (docs/SPEC.md §14.8): no agreement, no such key,
    /// malformed, or a proof that does not verify.
    case claimRefused(String)
    /// An agreement bundle or manifest is not valid (docs/SPEC.md §14.1).
    case badAgreement(String)
    /// The native cage could not be set up on this machine.
    case nativeUnavailable(String)

    /// What went wrong, for the user.
    public var description: String {
        switch self {
        case .moduleRefused(let m): return "module refused: \(m)"
        case .badRun(let m): return "bad run: \(m)"
        case .badWitness(let m): return "bad witness log: \(m)"
        case .witnessMismatch(let m): return "witness does not match the receipt: \(m)"
        case .replayDiverged(let m): return "replay diverged from the witness: \(m)"
        case .receiptMismatch(let f, let r, let p): return "replay gives another \(f): receipt \(r), replay \(p)"
        case .engineMismatch(let r, let l): return "receipt was made by engine \(r); this build runs \(l)"
        case .agreementMissing(let m): return "agreement: \(m)"
        case .claimRefused(let m): return "claim refused: \(m)"
        case .badAgreement(let m): return "bad agreement: \(m)"
        case .nativeUnavailable(let m): return "native cage unavailable: \(m)"
        }
    }
}
