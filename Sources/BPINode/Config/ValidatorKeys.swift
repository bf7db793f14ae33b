import BPIBLS
import BPICrypto
import BPIHash
import BPITypes
import Foundation

/// A validator's secret keys. Only the Ed25519 identity seed is stored (an encrypted
/// `KeyFile`); the BLS and VRF keys are derived from it with BLAKE3's key derivation under
/// fixed contexts (docs/SPEC.md §2.1), so one passphrase-protected secret backs all three.
public struct ValidatorKeys: Sendable {
    /// Signs consensus messages and proves the Noise channel's identity.
    public let identity: Ed25519PrivateKey
    /// Signs commits.
    public let bls: BLSSecretKey
    /// Proves proposer randomness.
    public let vrf: ECVRF.SecretKey

    /// BLAKE3 `derive_key` context of the BLS key.
    public static let blsContext = "metanode/bpi/v1 validator bls key"
    /// BLAKE3 `derive_key` context of the VRF key.
    public static let vrfContext = "metanode/bpi/v1 validator vrf key"
    /// BLAKE3 `derive_key` context of the secret key generation derives dealings from (§16.5).
    public static let dkgContext = "metanode/bpi/v1 validator dkg key"
    /// The secret this validator's dealings are derived from (never printed).
    public let dkg: SecretBytes

    /// Derives the keys from an identity key.
    public init(identity: Ed25519PrivateKey) {
        self.identity = identity
        let seed = identity.seed.bytes
        bls = try! BLSSecretKey(keyMaterial: BLAKE3.deriveKey(context: Self.blsContext, material: seed))
        vrf = try! ECVRF.SecretKey(seed: BLAKE3.deriveKey(context: Self.vrfContext, material: seed))
        dkg = SecretBytes(BLAKE3.deriveKey(context: Self.dkgContext, material: seed))
    }

    /// The public entry of this validator in a validator set.
    public func info(votingPower: UInt64 = 10, metadata: String) -> ValidatorInfo {
        ValidatorInfo(
            identityKey: identity.publicKey.bytes, blsKey: bls.publicKey.compressed,
            blsProofOfPossession: bls.proveProofOfPossession().compressed, vrfKey: vrf.publicKey, votingPower: votingPower,
            metadata: metadata)
    }

    /// Name of the validator's key in its home's keystore.
    public static let keyName = "validator"

    /// Unlocks the key in `home`'s keystore with the passphrase from `passphrase`.
    public static func load(home: URL, passphrase source: PassphraseSource) throws(NodeError) -> ValidatorKeys {
        let passphrase: [UInt8]
        do {
            passphrase = try source.read()
        } catch {
            throw .keys("passphrase: \(error)")
        }
        do {
            let file = try Keystore(home: home).load(name: keyName)
            return ValidatorKeys(identity: try file.unlock(passphrase: passphrase))
        } catch {
            throw .keys("\(error)")
        }
    }

    /// The systemd credential `bpi node` looks for first: `$CREDENTIALS_DIRECTORY/bpi-passphrase`.
    public static let credentialName = "bpi-passphrase"

    /// Where `bpi node` reads the passphrase when told nothing: the systemd credential
    /// `bpi-passphrase` when the service has one, else `home/passphrase` (the devnet layout; the file
    /// must be mode 0600).
    public static func defaultPassphraseSource(home: URL) -> PassphraseSource {
        if let directory = ProcessInfo.processInfo.environment["CREDENTIALS_DIRECTORY"],
            FileManager.default.fileExists(atPath: URL(fileURLWithPath: directory).appendingPathComponent(credentialName).path)
        {
            return .credential(credentialName)
        }
        return .file(home.appendingPathComponent("passphrase").path, privateOnly: true)
    }
}
