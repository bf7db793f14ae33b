import BPINet
import BPITypes

/// What the consensus driver asks the validator service to do, in order. Every consensus message
/// among them is already in the sign state (persisted before it is handed out), and a `.stop` is
/// the last effect of its batch: nothing follows it.
public enum DriverEffect: Sendable {
    /// Send to every peer at consensus priority.
    case broadcast(WireMessage)
    /// Send to one peer.
    case send(WireMessage, to: [UInt8], priority: SendPriority)
    /// Deliver `timer` back after this many milliseconds.
    case schedule(DriverTimer, afterMilliseconds: UInt64)
    /// Something to count and log.
    case report(DriverReport)
    /// Stop the validator for safety: nothing more may be signed or sent.
    case stop(NodeError)
}
