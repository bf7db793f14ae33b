import BPIHash
import BPITypes

/// Checks a data-availability fault against verified headers (docs/SPEC.md §15.8): the evidence is
/// well formed for the height that carries it, the storer's da-commit frame is in the `framesRoot`
/// of the header at its height and the challenge frame in the one at its height. With the
/// carrying header verified (its quorum checked, before a block is prepared, that no valid answer
/// was finalized by the deadline), this is the whole fault: the storer committed the object, was
/// challenged for one of its shards, and did not answer in time.
public enum DAFaultCheck {
    /// Why a fault does not check.
    public struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Throws unless `fault`, carried by the verified header at `height`, checks against the
    /// verified headers `header(h)` returns.
    public static func check(_ fault: DAFaultEvidence, carriedAt height: UInt64, header: (UInt64) -> Header?) throws(Failure) {
        if let why = fault.refusal(carriedAt: height) { throw Failure(description: why) }
        for (what, inclusion) in [("commit", fault.commit), ("challenge", fault.challengeFrame)] {
            guard let at = header(inclusion.height) else {
                throw Failure(description: "no verified header at height \(inclusion.height) to check the \(what) frame against")
            }
            guard inclusion.isIncluded(in: at) else {
                throw Failure(description: "the \(what) frame is not in the frames_root of height \(inclusion.height)")
            }
        }
    }
}
