/// A signed EIP-1559 transaction: its raw bytes `0x02 ‖ rlp([… nine fields, yParity, r, s])` are
/// what `eth_sendRawTransaction` takes, and their Keccak-256 is the transaction hash.
public struct SignedEIP1559Transaction: Sendable, Equatable {
    public let transaction: EIP1559Transaction
    public let signature: Secp256k1Signature

    init(transaction: EIP1559Transaction, signature: Secp256k1Signature) {
        self.transaction = transaction
        self.signature = signature
    }

    /// The raw bytes.
    public var raw: [UInt8] {
        let s = signature
        return [EIP1559Transaction.type]
            + RLPItem.list(
                transaction.fields + [.uint(UInt64(s.yParity)), .uint(bigEndian: s.r), .uint(bigEndian: s.s)]
            ).encoded
    }

    /// The transaction hash.
    public var hash: [UInt8] { Keccak256.hash(raw) }

    /// The sender, recovered from the signature.
    public func sender() throws(EthereumError) -> EthereumAddress {
        try signature.recoverAddress(digest: transaction.signingHash)
    }

    /// Decodes raw bytes strictly: type 2, twelve canonical fields, a recipient of 0 or 20 bytes,
    /// a signature in range (low s).
    public init(raw: [UInt8]) throws(EthereumError) {
        guard raw.first == EIP1559Transaction.type else { throw .invalidTransaction("not a type-2 transaction") }
        do {
            let f = try RLPItem(decoding: Array(raw.dropFirst())).list("transaction")
            guard f.count == 12 else { throw EthereumError.invalidTransaction("\(f.count) fields, not 12") }
            let to = try f[5].bytes("to")
            guard to.isEmpty || to.count == 20 else { throw EthereumError.invalidTransaction("'to' is \(to.count) bytes") }
            var tx = EIP1559Transaction(
                chainID: try f[0].uint64("chainId"), nonce: try f[1].uint64("nonce"),
                maxPriorityFeePerGas: try f[2].uint64("maxPriorityFeePerGas"), maxFeePerGas: try f[3].uint64("maxFeePerGas"),
                gasLimit: try f[4].uint64("gasLimit"), to: to.isEmpty ? nil : try EthereumAddress(bytes: to),
                data: try f[7].bytes("data"),
                accessList: try f[8].list("accessList").map { (e: RLPItem) throws(EthereumError) in try AccessListEntry(rlp: e) })
            tx.value = try f[6].uint256("value")
            let parity = try f[9].uint64("yParity")
            guard parity <= 1 else { throw EthereumError.invalidSignature("y-parity \(parity)") }
            let r = try f[10].uint256("r")
            let s = try f[11].uint256("s")
            self.init(transaction: tx, signature: try Secp256k1Signature(r: r, s: s, yParity: UInt8(parity)))
        } catch let e as EthereumError {
            throw e
        } catch {
            throw .invalidTransaction("\(error)")
        }
    }
}
