import Crypto

/// A Noise SymmetricState (§5.2) with SHA-256: the chaining key, the handshake hash, and a cipher.
struct NoiseSymmetricState: Sendable {
    var chainingKey: [UInt8]
    var handshakeHash: [UInt8]
    var cipher = NoiseCipherState()

    init(protocolName: String) {
        let name = Array(protocolName.utf8)
        handshakeHash = name.count <= 32 ? name + [UInt8](repeating: 0, count: 32 - name.count) : Self.hash(name)
        chainingKey = handshakeHash
    }

    static func hash(_ data: [UInt8]) -> [UInt8] { Array(SHA256.hash(data: data)) }

    static func hmac(_ key: [UInt8], _ data: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: data, using: SymmetricKey(data: key)))
    }

    /// Noise's HKDF (§4.3) with two or three outputs.
    static func hkdf(_ chainingKey: [UInt8], _ ikm: [UInt8], outputs: Int) -> [[UInt8]] {
        let temp = hmac(chainingKey, ikm)
        var out: [[UInt8]] = []
        var previous: [UInt8] = []
        for i in 1...outputs {
            previous = hmac(temp, previous + [UInt8(i)])
            out.append(previous)
        }
        return out
    }

    mutating func mixKey(_ ikm: [UInt8]) {
        let o = Self.hkdf(chainingKey, ikm, outputs: 2)
        chainingKey = o[0]
        cipher = NoiseCipherState(key: o[1])
    }

    mutating func mixHash(_ data: [UInt8]) { handshakeHash = Self.hash(handshakeHash + data) }

    mutating func encryptAndHash(_ plaintext: [UInt8]) throws(NoiseError) -> [UInt8] {
        let ct = try cipher.encrypt(plaintext, ad: handshakeHash)
        mixHash(ct)
        return ct
    }

    mutating func decryptAndHash(_ ciphertext: [UInt8]) throws(NoiseError) -> [UInt8] {
        let pt = try cipher.decrypt(ciphertext, ad: handshakeHash)
        mixHash(ciphertext)
        return pt
    }

    /// Split (§5.2): the two transport keys, initiator → responder first.
    func splitKeys() -> ([UInt8], [UInt8]) {
        let o = Self.hkdf(chainingKey, [], outputs: 2)
        return (o[0], o[1])
    }
}
