/// One EIP-2930 access-list entry: an address and the storage keys a transaction declares it touches.
public struct AccessListEntry: Sendable, Equatable {
    public let address: EthereumAddress
    /// 32-byte storage keys.
    public let storageKeys: [[UInt8]]

    public init(address: EthereumAddress, storageKeys: [[UInt8]]) throws(EthereumError) {
        guard storageKeys.allSatisfy({ $0.count == 32 }) else {
            throw .invalidTransaction("access-list storage keys must be 32 bytes")
        }
        self.address = address
        self.storageKeys = storageKeys
    }

    var rlp: RLPItem { .list([.bytes(address.bytes), .list(storageKeys.map { .bytes($0) })]) }

    init(rlp item: RLPItem) throws(EthereumError) {
        do {
            let f = try item.list("access-list entry")
            guard f.count == 2 else { throw EthereumError.invalidTransaction("an access-list entry has 2 fields") }
            let keys = try f[1].list("storage keys").map { (k: RLPItem) throws(RLPError) -> [UInt8] in try k.bytes("storage key")
            }
            try self.init(address: EthereumAddress(bytes: try f[0].bytes("address")), storageKeys: keys)
        } catch let e as EthereumError {
            throw e
        } catch {
            throw .invalidTransaction("\(error)")
        }
    }
}
