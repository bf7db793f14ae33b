import BPITypes

/// The answer of a sign-state store to "may this message be sent?".
public enum SignVerdict: Sendable, Equatable {
    /// Recorded: send it.
    case fresh
    /// The very same bytes were signed before (a re-send): send them again.
    case resend
    /// Another message was signed for this (height, round, kind): never send this one.
    case conflict(ConsensusMessage)

    /// Whether the message may go out.
    public var maySend: Bool { if case .conflict = self { false } else { true } }
}
