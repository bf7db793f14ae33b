/// Which validators signed: bit i (byte i/8, bit i%8, least significant first) for validator i.
/// Exactly ⌈n/8⌉ bytes for a set of n, with every bit past n zero.
public struct SignerBitmap: Sendable, Equatable {
    /// The packed bits.
    public let bytes: [UInt8]

    /// Packs the signers of a set of `count` validators.
    public init(signers: [Int], count: Int) {
        var b = [UInt8](repeating: 0, count: (count + 7) / 8)
        for i in signers where i >= 0 && i < count { b[i / 8] |= 1 << UInt8(i % 8) }
        bytes = b
    }

    /// Wraps raw bytes (validated against a set size by `signers(count:)`).
    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// The signer indices for a set of `count`, or an error for a wrong length or stray bits.
    public func signers(count: Int) throws(TypesError) -> [Int] {
        guard bytes.count == (count + 7) / 8 else {
            throw .invalid("signer bitmap has \(bytes.count) bytes; a set of \(count) needs \((count + 7) / 8)")
        }
        var out: [Int] = []
        for (i, byte) in bytes.enumerated() {
            for bit in 0..<8 where byte & (1 << UInt8(bit)) != 0 {
                let index = i * 8 + bit
                guard index < count else { throw .invalid("signer bitmap has a bit set beyond validator \(count - 1)") }
                out.append(index)
            }
        }
        return out
    }
}
