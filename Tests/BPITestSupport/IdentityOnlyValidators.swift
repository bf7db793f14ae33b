import BPICrypto
import BPITypes

/// Four validators with Ed25519 identities and equal power, for tests that never touch BLS or VRF
/// keys (those fields hold zero bytes).
public struct IdentityOnlyValidators {
    /// The identity keys (seeds 1, 2, 3, 4 repeated).
    public let keys = (0..<4).map { try! Ed25519PrivateKey(seed: [UInt8](repeating: UInt8($0 + 1), count: 32)) }

    /// The set of four with power 1 each.
    public var set: ValidatorSet {
        try! ValidatorSet(
            keys.enumerated().map { i, k in
                ValidatorInfo(
                    identityKey: k.publicKey.bytes, blsKey: [UInt8](repeating: 0, count: 96),
                    blsProofOfPossession: [UInt8](repeating: 0, count: 48),
                    vrfKey: [UInt8](repeating: 0, count: 32), votingPower: 1, metadata: "\(i)")
            })
    }

    /// The four validators.
    public init() {}
}
