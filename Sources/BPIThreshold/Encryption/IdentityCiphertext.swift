import BPIBLS
import BPICodec

/// A payload encrypted to an identity (SPEC §16.3): the KEM's U = r·G2 and the AEAD output.
public struct IdentityCiphertext: Sendable, Equatable {
    /// U = r·G2, compressed (96 bytes; a G2 subgroup point other than the identity).
    public let u: [UInt8]
    /// XChaCha20-Poly1305 of the plaintext (plaintext length + 16).
    public let sealed: [UInt8]
    /// U as a point, decoded and checked once on construction.
    let uPoint: G2Point

    /// Bytes a ciphertext adds to its plaintext (U, the tag and the encoding's framing).
    public static let overhead = 96 + 16

    /// Creates a ciphertext, checking U.
    public init(u: [UInt8], sealed: [UInt8]) throws(ThresholdError) {
        guard u.count == 96, let p = try? G2Point(encoding: u), !p.isInfinity else {
            throw .invalidEncoding("the ciphertext's U is not a compressed G2 subgroup point other than the identity")
        }
        guard sealed.count >= 16 else { throw .invalidEncoding("the ciphertext is shorter than its tag") }
        self.u = u
        self.sealed = sealed
        uPoint = p
    }

    public static func == (a: IdentityCiphertext, b: IdentityCiphertext) -> Bool { a.u == b.u && a.sealed == b.sealed }
}

extension IdentityCiphertext: CBORCodable {
    /// `[1, U(96), sealed]`.
    public var cborFields: [CBOR] { [.unsigned(1), .bytes(u), .bytes(sealed)] }

    /// Decodes and checks U.
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        guard try f.nextUInt("version") == 1 else { throw .schema("IdentityCiphertext.version: only version 1 is defined") }
        let u = try f.nextBytes("u", count: 96)
        let sealed = try f.nextBytes("sealed")
        do {
            try self.init(u: u, sealed: sealed)
        } catch {
            throw .schema("IdentityCiphertext: \(error)")
        }
    }
}
