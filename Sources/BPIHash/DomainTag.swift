/// A one-byte domain-separation tag: every protocol hash is `H(tag ‖ bytes)`, so bytes hashed
/// for one purpose can never be mistaken for another. The registry is `docs/SPEC.md` §2; add new
/// tags there and here together, never reuse a value.
public struct DomainTag: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The tag byte.
    public let rawValue: UInt8

    /// Wraps a tag byte (prefer the named registry constants).
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// `0x00`: a Merkle leaf, `H(0x00 ‖ leaf)`.
    public static let merkleLeaf = DomainTag(rawValue: 0x00)
    /// `0x01`: a Merkle interior node, `H(0x01 ‖ left ‖ right)`.
    public static let merkleNode = DomainTag(rawValue: 0x01)
    /// `0x02`: a Merkle root bound to its leaf count, `H(0x02 ‖ u64be(n) ‖ top)`.
    public static let merkleRoot = DomainTag(rawValue: 0x02)
    /// `0x20`: a validator id, `H(0x20 ‖ Ed25519 public key)` (first 20 bytes).
    public static let validatorIdentity = DomainTag(rawValue: 0x20)
    /// `0x21`: what both keys of a key rotation sign, `0x21 ‖ canonical rotation body`.
    public static let keyRotation = DomainTag(rawValue: 0x21)

    /// The tag as `0xNN`.
    public var description: String {
        "0x" + String(rawValue, radix: 16, uppercase: false).leftPadded(to: 2)
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
