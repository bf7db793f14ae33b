import BPIBLS
import BPICrypto

/// The dealer's side of key generation: draws the secret polynomial, publishes its commitment
/// with a sealed share for every participant, and answers complaints (docs/SPEC.md §16.2).
public struct DKGDealer: Sendable {
    /// The committee.
    public let parameters: ThresholdParameters
    /// This dealer's index.
    public let index: UInt32
    /// The secret polynomial (never leaves the dealer).
    let polynomial: SecretPolynomial
    /// The dealing's ephemeral X25519 secret when it is derived (nil: a fresh one per dealing).
    let ephemeralSecret: SecretBytes?

    /// A dealer with a fresh random polynomial of degree threshold − 1.
    public init(parameters: ThresholdParameters, index: UInt32) throws(ThresholdError) {
        try self.init(
            parameters: parameters, index: index, polynomial: SecretPolynomial(randomOfDegree: parameters.threshold - 1))
    }

    /// A dealer with a given polynomial (tests: known secrets).
    public init(parameters: ThresholdParameters, index: UInt32, polynomial: SecretPolynomial) throws(ThresholdError) {
        try parameters.check(index: index)
        guard polynomial.coefficients.count == parameters.threshold else {
            throw .invalidParameters(
                "the polynomial has degree \(polynomial.coefficients.count - 1), the threshold needs \(parameters.threshold - 1)")
        }
        self.parameters = parameters
        self.index = index
        self.polynomial = polynomial
        ephemeralSecret = nil
    }

    /// A dealer whose polynomial and ephemeral key are derived from a long-term secret and the
    /// session (docs/SPEC.md §16.5): coefficient k is HKDF-SHA256(ikm = secret, salt = session ‖
    /// u32be(k), info `metanode/bpi/v1/dkg-dealer`, 64 bytes) reduced mod r, the ephemeral X25519
    /// secret the same with salt session ‖ "ephemeral" (32 bytes). A validator that restarts —
    /// even between publishing its dealing and recording it — deals the very same bytes again,
    /// which the transcript takes as a harmless repeat, never as two dealings; and it can answer
    /// complaints without having stored anything.
    public init(parameters: ThresholdParameters, index: UInt32, derivingFrom secret: SecretBytes) throws(ThresholdError) {
        try parameters.check(index: index)
        func derive(_ salt: [UInt8], _ length: Int) -> [UInt8] {
            // Fixed, small lengths: HKDF cannot refuse them.
            try! HKDFSHA256.derive(
                inputKeyMaterial: secret.bytes, salt: parameters.session + salt, context: .dkgDealer, length: length)
        }
        let coefficients = (0..<parameters.threshold).map { k in
            Fr(wideBigEndian: derive((0..<4).map { UInt8(truncatingIfNeeded: UInt32(k) >> (24 - 8 * $0)) }, 64))
        }
        self.parameters = parameters
        self.index = index
        polynomial = SecretPolynomial(coefficients: coefficients)
        ephemeralSecret = SecretBytes(derive(Array("ephemeral".utf8), 32))
    }

    /// The dealing for participants whose X25519 keys are `recipientKeys` (index j at position
    /// j − 1). A key that is a low-order point gets an unopenable box of zeros.
    public func deal(recipientKeys: [[UInt8]]) throws(ThresholdError) -> DKGDealing {
        guard recipientKeys.count == parameters.n else {
            throw .invalidParameters("\(recipientKeys.count) recipient keys for \(parameters.n) participants")
        }
        let (ephemeralSecret, ephemeralKey): (SecretBytes, [UInt8])
        if let derived = self.ephemeralSecret, let key = try? X25519.publicKey(privateKey: derived.bytes) {
            (ephemeralSecret, ephemeralKey) = (derived, key)
        } else {
            (ephemeralSecret, ephemeralKey) = X25519.generate()
        }
        let boxes = recipientKeys.enumerated().map { (position, key) -> [UInt8] in
            let j = UInt32(position + 1)
            return DKGShareBox.seal(
                polynomial.share(for: j), dealer: index, recipient: j, recipientKey: key, ephemeralSecret: ephemeralSecret.bytes,
                ephemeralKey: ephemeralKey, session: parameters.session) ?? [UInt8](repeating: 0, count: DKGDealing.boxLength)
        }
        return DKGDealing(dealer: index, commitment: polynomial.commitment, ephemeralKey: ephemeralKey, boxes: boxes)
    }

    /// The public answer to a complaint against this dealer (nil for a complaint about another dealer).
    public func justify(_ complaint: DKGComplaint) -> DKGJustification? {
        guard complaint.dealer == index else { return nil }
        return DKGJustification(
            dealer: index, complainer: complaint.complainer, share: polynomial.share(for: complaint.complainer))
    }

    /// This dealer's share for participant `index` (its own share of its own polynomial, and tests).
    public func share(for index: UInt32) -> Fr { polynomial.share(for: index) }
}
