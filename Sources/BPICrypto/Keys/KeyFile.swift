import BPICodec
import BPIHash

/// An Ed25519 identity key at rest (docs/SPEC.md §5.1): public metadata in the clear, the seed
/// sealed with XChaCha20-Poly1305 under `HKDF(Argon2id(passphrase, salt), "metanode/bpi/v1/keystore")`,
/// with every public field bound as associated data so none can be altered unnoticed. A trailing
/// BLAKE3 checksum tells accidental corruption apart from a wrong passphrase.
public struct KeyFile: Sendable, Equatable {
    /// Format version (1).
    public var version: UInt64 = 1
    /// The key's name (its file is `<name>.key`).
    public var name: String
    /// How many rotations led to this key (0 for a new identity).
    public var sequence: UInt64
    /// The public key.
    public var publicKey: [UInt8]
    /// Argon2id parameters and salt.
    public var kdf: Argon2id
    /// Argon2id salt (16 bytes).
    public var salt: [UInt8]
    /// XChaCha20-Poly1305 nonce (24 bytes).
    public var nonce: [UInt8]
    /// The sealed 32-byte seed plus tag (48 bytes).
    public var sealedSeed: [UInt8]

    /// Seals `key` under `passphrase`.
    public init(name: String, sequence: UInt64, key: Ed25519PrivateKey, passphrase: [UInt8], kdf: Argon2id = .interactive)
        throws(CryptoError)
    {
        self.name = name
        self.sequence = sequence
        publicKey = key.publicKey.bytes
        self.kdf = kdf
        salt = Sodium.randomBytes(Argon2id.saltLength)
        nonce = Sodium.randomBytes(XChaCha20Poly1305.nonceLength)
        sealedSeed = []
        sealedSeed = try XChaCha20Poly1305.seal(
            key.seed.bytes, key: try encryptionKey(passphrase).bytes, nonce: nonce, associatedData: associatedData)
    }

    private func encryptionKey(_ passphrase: [UInt8]) throws(CryptoError) -> SecretBytes {
        let stretched = try kdf.derive(passphrase: passphrase, salt: salt)
        return SecretBytes(try HKDFSHA256.derive(inputKeyMaterial: stretched.bytes, context: .keystore))
    }

    /// The canonical encoding of the public fields: the AEAD's associated data.
    var associatedData: [UInt8] {
        (try? CBOREncoder.encode(.array(Array(checkedFields.prefix(7))))) ?? []
    }

    /// The private key, if `passphrase` opens the file and the seed matches the stored public key.
    public func unlock(passphrase: [UInt8]) throws(IdentityError) -> Ed25519PrivateKey {
        let seed: [UInt8]
        do {
            seed = try XChaCha20Poly1305.open(
                sealedSeed, key: try encryptionKey(passphrase).bytes, nonce: nonce, associatedData: associatedData)
        } catch .authenticationFailed {
            throw .wrongPassphrase(name: name)
        } catch {
            throw .corruptedKeyFile(name: name, reason: error.description)
        }
        guard let key = try? Ed25519PrivateKey(seed: seed), key.publicKey.bytes == publicKey else {
            throw .corruptedKeyFile(name: name, reason: "the sealed seed does not match the public key")
        }
        return key
    }

    /// The public key, validated.
    public func verifiedPublicKey() throws(IdentityError) -> Ed25519PublicKey {
        do {
            return try Ed25519PublicKey(bytes: publicKey)
        } catch {
            throw .corruptedKeyFile(name: name, reason: error.description)
        }
    }
}

extension KeyFile: CBORCodable {
    /// `[version, name, sequence, publicKey, opsLimit, memLimit, salt, nonce, sealedSeed, checksum]`,
    /// where `checksum = BLAKE3(canonical([the nine fields before it]))`.
    public var cborFields: [CBOR] {
        let fields = checkedFields
        return fields + [.bytes(Self.checksum(fields))]
    }

    private var checkedFields: [CBOR] {
        [
            .unsigned(version), .text(name), .unsigned(sequence), .bytes(publicKey),
            .unsigned(kdf.opsLimit), .unsigned(kdf.memLimit), .bytes(salt), .bytes(nonce), .bytes(sealedSeed),
        ]
    }

    private static func checksum(_ fields: [CBOR]) -> [UInt8] {
        BLAKE3.hash((try? CBOREncoder.encode(.array(fields))) ?? []).bytes
    }

    /// Decodes and checks lengths and the version.
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        version = try f.nextUInt("version")
        guard version == 1 else { throw .schema("KeyFile.version: unsupported version \(version)") }
        name = try f.nextText("name")
        sequence = try f.nextUInt("sequence")
        publicKey = try f.nextBytes("publicKey", count: 32)
        kdf = Argon2id(opsLimit: try f.nextUInt("opsLimit"), memLimit: try f.nextUInt("memLimit"))
        salt = try f.nextBytes("salt", count: Argon2id.saltLength)
        nonce = try f.nextBytes("nonce", count: XChaCha20Poly1305.nonceLength)
        sealedSeed = try f.nextBytes("sealedSeed", count: 48)
        guard try f.nextBytes("checksum", count: 32) == Self.checksum(checkedFields) else {
            throw .schema("KeyFile.checksum: does not match the contents (the file was altered or damaged)")
        }
    }
}
