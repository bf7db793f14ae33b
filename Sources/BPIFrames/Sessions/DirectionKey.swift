import BPICrypto

/// One direction's key of a service session and its epoch (docs/SPEC.md §12.2). The first key is
/// `HKDF-SHA256(ikm = the Noise split key, salt = handshake hash, info = "metanode/bpi/v1/session")`;
/// each rekey replaces it by `HKDF-SHA256(ikm = key, salt = "", info = "metanode/bpi/v1/session-rekey")`
/// and erases the old one, so a later compromise does not open earlier payloads.
struct DirectionKey: Sendable {
    private(set) var key: [UInt8]
    private(set) var epoch: UInt32 = 0

    init(splitKey: [UInt8], handshakeHash: [UInt8]) {
        key = try! HKDFSHA256.derive(
            inputKeyMaterial: splitKey, salt: handshakeHash, info: Array(KDFContext.session.rawValue.utf8), length: 32)
    }

    /// A key restored from a session's saved state.
    init(key: [UInt8], epoch: UInt32) {
        self.key = key
        self.epoch = epoch
    }

    /// Moves to the next epoch's key, erasing the current one.
    mutating func advance() {
        let next = try! HKDFSHA256.derive(
            inputKeyMaterial: key, salt: [], info: Array(KDFContext.sessionRekey.rawValue.utf8), length: 32)
        key.withUnsafeMutableBytes { $0.initializeMemory(as: UInt8.self, repeating: 0) }
        key = next
        epoch += 1
    }
}
