/// What one `Forced` event says: `sender` posted `frame` (its canonical bytes) as the mesh's
/// `sequence`-th forced frame.
public struct ForceInboxEntry: Sendable, Equatable, Hashable {
    /// Keccak-256 of the mesh's chain id.
    public let mesh: [UInt8]
    public let sequence: UInt64
    public let sender: EthereumAddress
    public let frame: [UInt8]

    public init(mesh: [UInt8], sequence: UInt64, sender: EthereumAddress, frame: [UInt8]) {
        self.mesh = mesh
        self.sequence = sequence
        self.sender = sender
        self.frame = frame
    }
}
