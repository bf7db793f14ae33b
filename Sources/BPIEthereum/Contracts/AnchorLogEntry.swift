/// What one `Anchored` event says: poster `poster` anchored header `headerHash` (signed by the set
/// with hash `validatorSetHash`) at `height` of the mesh `mesh`.
public struct AnchorLogEntry: Sendable, Equatable, Hashable {
    /// Keccak-256 of the mesh's chain id.
    public let mesh: [UInt8]
    public let height: UInt64
    public let poster: EthereumAddress
    public let headerHash: [UInt8]
    public let validatorSetHash: [UInt8]

    public init(mesh: [UInt8], height: UInt64, poster: EthereumAddress, headerHash: [UInt8], validatorSetHash: [UInt8]) {
        self.mesh = mesh
        self.height = height
        self.poster = poster
        self.headerHash = headerHash
        self.validatorSetHash = validatorSetHash
    }
}
