import Crypto

/// A BLS secret key: a scalar 0 < sk < r. Held in a class so the limbs are wiped when the last
/// reference goes; never printed.
public final class BLSSecretKey: @unchecked Sendable, CustomStringConvertible {
    // Immutable after init apart from the wipe in deinit.
    private var limbs: [UInt64]

    /// KeyGen (draft-irtf-cfrg-bls-signature-05 §2.3) from at least 32 bytes of keying material.
    public init(keyMaterial ikm: [UInt8], keyInfo: [UInt8] = []) throws(BLSError) {
        guard ikm.count >= 32 else { throw .keyMaterialTooShort(ikm.count) }
        var salt = Array("BLS-SIG-KEYGEN-SALT-".utf8)
        var sk: [UInt64] = [0, 0, 0, 0]
        while sk == [0, 0, 0, 0] {
            salt = Array(SHA256.hash(data: salt))
            let prk = HKDF<SHA256>.extract(inputKeyMaterial: SymmetricKey(data: ikm + [0]), salt: salt)
            let okm = HKDF<SHA256>.expand(pseudoRandomKey: prk, info: keyInfo + [0, 48], outputByteCount: 48)
            sk = Scalar.reduce(bigEndian: okm.withUnsafeBytes { Array($0) })
        }
        limbs = sk
    }

    /// A key from its 32-byte big-endian encoding; refuses 0 and values ≥ r.
    public init(bytes: [UInt8]) throws(BLSError) {
        guard bytes.count == 32 else { throw .invalidLength(what: "BLS secret key", expected: 32, found: bytes.count) }
        let l = Scalar.limbs(bigEndian: bytes)
        guard l != [0, 0, 0, 0], Scalar.isLess(l, GroupOrder.limbs) else { throw .invalidSecretKey }
        limbs = l
    }

    private init(limbs: [UInt64]) { self.limbs = limbs }

    /// The sum of secret keys mod r. A signature by the sum equals the aggregate of the
    /// individual signatures on the same message: simulators and test-chain generators use it to
    /// make a commit in one scalar multiplication. Nil if the sum is zero.
    public static func sum(_ keys: [BLSSecretKey]) -> BLSSecretKey? {
        let total = keys.reduce([UInt64](repeating: 0, count: 4)) { Scalar.addModR($0, $1.limbs) }
        return total == [0, 0, 0, 0] ? nil : BLSSecretKey(limbs: total)
    }

    /// A key from fresh OS randomness.
    public static func generate() -> BLSSecretKey {
        var rng = SystemRandomNumberGenerator()
        return try! BLSSecretKey(keyMaterial: (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) })
    }

    /// The 32-byte big-endian encoding (handle with care).
    public var bytes: [UInt8] { Scalar.bigEndian(limbs) }

    /// SkToPk: sk·G2.
    public var publicKey: BLSPublicKey { BLSPublicKey(unchecked: G2Point.generator.multipliedGLS(bySecret: limbs)) }

    /// sk·P for a point P (constant sequence of operations).
    func multiply<C>(_ p: JacobianPoint<C>) -> JacobianPoint<C> { p.multiplied(bySecret: limbs) }

    /// sk·P for a point P of G1 (GLV; constant sequence of operations): signatures and proofs of possession.
    func multiply(_ p: G1Point) -> G1Point { p.multipliedGLV(bySecret: limbs) }

    /// Sign: sk·H(message) under the signature DST.
    public func sign(_ message: [UInt8]) -> BLSSignature {
        BLSSignature(unchecked: multiply(try! SSWU.hashToG1(message, dst: BLS.signatureDST)))
    }

    /// PopProve: sk·H_pop(SkToPk(sk)).
    public func proveProofOfPossession() -> BLSSignature {
        BLSSignature(unchecked: multiply(try! SSWU.hashToG1(publicKey.compressed, dst: BLS.proofOfPossessionDST)))
    }

    deinit {
        for i in limbs.indices { limbs[i] = 0 }
        withExtendedLifetime(limbs) {}
    }

    /// Always `<redacted BLS secret key>`.
    public var description: String { "<redacted BLS secret key>" }
}

/// A BLS public key: a point of G2 in the prime-order subgroup, not the identity (KeyValidate).
public struct BLSPublicKey: Equatable, Sendable {
    /// The point.
    public let point: G2Point

    init(unchecked point: G2Point) { self.point = point }

    /// Decodes and validates (KeyValidate): on the curve, in the subgroup, not the identity.
    public init(compressed bytes: [UInt8]) throws(BLSError) {
        guard bytes.count == 96 else { throw .invalidLength(what: "BLS public key", expected: 96, found: bytes.count) }
        try self.init(validating: try G2Point(encoding: bytes))
    }

    /// Validates a point as a public key.
    public init(validating point: G2Point) throws(BLSError) {
        guard !point.isInfinity else { throw .identityPoint }
        guard point.isOnCurve else { throw .notOnCurve }
        guard point.isInSubgroup else { throw .notInSubgroup }
        self.point = point
    }

    /// The 96-byte compressed encoding.
    public var compressed: [UInt8] { point.compressed }
}

/// A BLS signature: a point of G1.
public struct BLSSignature: Equatable, Sendable {
    /// The point.
    public let point: G1Point

    init(unchecked point: G1Point) { self.point = point }

    /// Decodes and validates: on the curve and in the subgroup; the identity is refused.
    public init(compressed bytes: [UInt8]) throws(BLSError) {
        guard bytes.count == 48 else { throw .invalidLength(what: "BLS signature", expected: 48, found: bytes.count) }
        let p = try G1Point(encoding: bytes)
        guard !p.isInfinity else { throw .identityPoint }
        point = p
    }

    /// The 48-byte compressed encoding.
    public var compressed: [UInt8] { point.compressed }
}
