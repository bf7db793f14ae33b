/// A short-Weierstrass curve y² = x³ + b over a BLS field: G1 (over F_p) and G2 (over F_p²).
public protocol CurveParameters: Sendable {
    /// The coordinate field.
    associatedtype Field: BLSField
    /// The constant b.
    static var b: Field { get }
    /// The standard generator of the prime-order subgroup, affine.
    static var generator: (x: Field, y: Field) { get }
    /// Whether a point of the curve lies in the prime-order subgroup (fast endomorphism test).
    static func isInSubgroup(_ p: JacobianPoint<Self>) -> Bool
}

/// G1: y² = x³ + 4 over F_p.
public enum G1Curve: CurveParameters {
    public static let b = Fp(4)
    public static let generator = (
        x: Fp(hex: "17f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb"),
        y: Fp(hex: "08b3f481e3aaa0f1a09e30ed741d8ae4fcf5e095d5d00af600db18cb2c04b3edd03cc744a2888ae40caa232946c5e7e1")
    )
}

/// G2: y² = x³ + 4(1 + u) over F_p² (the M-type sextic twist).
public enum G2Curve: CurveParameters {
    public static let b = Fp2(Fp(4), Fp(4))
    public static let generator = (
        x: Fp2(
            Fp(hex: "024aa2b2f08f0a91260805272dc51051c6e47ad4fa403b02b4510b647ae3d1770bac0326a805bbefd48056c8c121bdb8"),
            Fp(hex: "13e02b6052719f607dacd3a088274f65596bd0d09920b61ab5da61bbdc7f5049334cf11213945d57e5ac7d055d042b7e")),
        y: Fp2(
            Fp(hex: "0ce5d527727d6e118cc9cdc6da2e351aadfd9baa8cbdd3a76d429a695160d12c923ac9cc3baca289e193548608b82801"),
            Fp(hex: "0606c4a02ea734cc32acd2b02bc28b99cb3e287e85a763af267492ab572e99ab3f370d275cec1da1aaa9075ff05f79be"))
    )
}

/// The order r of G1, G2 and G_T (255 bits), little-endian limbs.
public enum GroupOrder {
    public static let limbs: [UInt64] = [
        0xFFFF_FFFF_0000_0001, 0x53BD_A402_FFFE_5BFE, 0x3339_D808_09A1_D805, 0x73ED_A753_299D_7D48,
    ]
}
