/// An EIP-1559 (type 2) transaction before signing: what the anchor client sends to an L1
/// (docs/SPEC.md §18.3). The sender signs Keccak-256(0x02 ‖ rlp([chainId, nonce,
/// maxPriorityFeePerGas, maxFeePerGas, gasLimit, to, value, data, accessList])). Checked byte for
/// byte against `eth-account` (`Tests/Oracles/ethereum_oracle.py`).
public struct EIP1559Transaction: Sendable, Equatable {
    /// The type byte that prefixes the payload (EIP-2718).
    public static let type: UInt8 = 0x02

    public var chainID: UInt64
    public var nonce: UInt64
    /// The tip per gas offered to the block producer, in wei.
    public var maxPriorityFeePerGas: UInt64
    /// The most the sender pays per gas (base fee + tip), in wei.
    public var maxFeePerGas: UInt64
    public var gasLimit: UInt64
    /// The recipient; nil creates a contract from `data`.
    public var to: EthereumAddress?
    /// Wei sent along, 32 bytes big-endian.
    public var value: [UInt8]
    public var data: [UInt8]
    public var accessList: [AccessListEntry]

    public init(
        chainID: UInt64, nonce: UInt64, maxPriorityFeePerGas: UInt64, maxFeePerGas: UInt64, gasLimit: UInt64,
        to: EthereumAddress?, value: UInt64 = 0, data: [UInt8] = [], accessList: [AccessListEntry] = []
    ) {
        self.chainID = chainID
        self.nonce = nonce
        self.maxPriorityFeePerGas = maxPriorityFeePerGas
        self.maxFeePerGas = maxFeePerGas
        self.gasLimit = gasLimit
        self.to = to
        self.value = [UInt8](repeating: 0, count: 24) + (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * UInt64($0))) }
        self.data = data
        self.accessList = accessList
    }

    /// The nine payload fields, in order.
    var fields: [RLPItem] {
        [
            .uint(chainID), .uint(nonce), .uint(maxPriorityFeePerGas), .uint(maxFeePerGas), .uint(gasLimit),
            .bytes(to?.bytes ?? []), .uint(bigEndian: value), .bytes(data), .list(accessList.map(\.rlp)),
        ]
    }

    /// The digest the sender signs.
    public var signingHash: [UInt8] { Keccak256.hash([Self.type] + RLPItem.list(fields).encoded) }

    /// Signs with `key`.
    public func signed(with key: Secp256k1PrivateKey) throws(EthereumError) -> SignedEIP1559Transaction {
        SignedEIP1559Transaction(transaction: self, signature: try key.sign(digest: signingHash))
    }
}
