import BPIBLS

/// The decryption key of one identity, s·H(id) in G1 — the master secret's BLS signature on
/// the identity. Any `threshold` key shares combine into it; anyone checks it against the master
/// key, and with it everyone opens every payload encrypted to that identity (SPEC §16.3).
public struct DecryptionKey: Sendable, Equatable {
    /// s·H(id).
    public let point: G1Point

    /// Wraps a point (decoding checks it with `init(compressed:)`).
    public init(point: G1Point) { self.point = point }

    /// Decodes a compressed G1 point other than the identity.
    public init(compressed bytes: [UInt8]) throws(ThresholdError) {
        guard bytes.count == 48, let p = try? G1Point(encoding: bytes), !p.isInfinity else {
            throw .invalidEncoding("a decryption key is a 48-byte compressed G1 point other than the identity")
        }
        point = p
    }

    /// The compressed encoding (48 bytes).
    public var compressed: [UInt8] { point.compressed }

    /// Whether this is the key of `identity` under `masterKey`: e(K, G2) = e(H(id), mpk).
    public func verifies(masterKey: G2Point, identity: EncryptionIdentity) -> Bool {
        !point.isInfinity && Pairing.productIsOne([(point, -G2Point.generator), (identity.point, masterKey)])
    }
}
