import BPICodec

/// A 20-byte Ethereum account address: the last 20 bytes of Keccak-256 of the uncompressed public
/// key without its 0x04 prefix. Printed in EIP-55 mixed case.
public struct EthereumAddress: Sendable, Hashable, CustomStringConvertible {
    /// The 20 bytes.
    public let bytes: [UInt8]

    /// From 20 bytes.
    public init(bytes: [UInt8]) throws(EthereumError) {
        guard bytes.count == 20 else { throw .invalidAddress("\(bytes.count) bytes, not 20") }
        self.bytes = bytes
    }

    /// From 40 hex digits, with or without `0x`; a mixed-case address must carry a valid EIP-55 checksum.
    public init(hex text: String) throws(EthereumError) {
        let digits = text.hasPrefix("0x") || text.hasPrefix("0X") ? String(text.dropFirst(2)) : text
        guard digits.count == 40, let bytes = try? Hex.decode(digits.lowercased()) else {
            throw .invalidAddress("'\(text)' is not 40 hex digits")
        }
        try self.init(bytes: bytes)
        let mixed = digits != digits.lowercased() && digits != digits.uppercased()
        if mixed, checksummed != "0x" + digits {
            throw .invalidAddress("'\(text)' fails its EIP-55 checksum")
        }
    }

    /// The address of an uncompressed public key (65 bytes, 0x04 first).
    init(uncompressedPublicKey key: [UInt8]) {
        bytes = Array(Keccak256.hash(key.dropFirst()).suffix(20))
    }

    /// EIP-55: a hex digit is upper case where the matching nibble of Keccak-256(lower-case hex) ≥ 8.
    public var checksummed: String {
        let lower = Hex.encode(bytes)
        let hash = Keccak256.hash(Array(lower.utf8))
        var out = "0x"
        for (i, c) in lower.enumerated() {
            let nibble = (hash[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0x0F
            out.append(c.isLetter && nibble >= 8 ? Character(c.uppercased()) : c)
        }
        return out
    }

    public var description: String { checksummed }
}
