/// What the validator reacts to, one event at a time in arrival order.
enum NodeEvent: Sendable {
    /// A message from the peer with this identity key.
    case message(from: [UInt8], bytes: [UInt8])
    /// A round's timer ran out.
    case timeout(height: UInt64, round: UInt64)
    /// The height may start (the previous one is stored and the block time has passed).
    case startHeight(UInt64)
    /// Every 250 ms.
    case tick
    /// A channel to this peer was (re-)established.
    case peerConnected([UInt8])
}
