/// What the validator reacts to, one event at a time in arrival order.
enum NodeEvent: Sendable {
    /// A message from the peer with this identity key.
    case message(from: [UInt8], bytes: [UInt8])
    /// A timer the consensus driver asked for ran out.
    case timer(DriverTimer)
    /// Every 250 ms.
    case tick
    /// A channel to this peer was (re-)established.
    case peerConnected([UInt8])
}
