import BPICodec

/// A Groth16 verifying key over BLS12-381 (docs/SPEC.md §14.8): canonical CBOR
/// `[1, "groth16-bls12-381", α ∈ G1, β ∈ G2, γ ∈ G2, δ ∈ G2, [IC₀ … ICₗ] ∈ G1]`, every point in the
/// compressed ZCash encoding (48 / 96 bytes), on the curve, in the prime-order subgroup; α, β, γ, δ
/// not the identity; ℓ (the number of public inputs) 1…`maxInputs`. Decoding also prepares what
/// every verification reuses: the Miller loop of (α, β) and the line coefficients of γ and δ.
public struct Groth16VerifyingKey: Sendable, Equatable {
    public let alpha: G1Point
    public let beta: G2Point
    public let gamma: G2Point
    public let delta: G2Point
    /// IC₀ … ICₗ: the public-input commitments (ℓ + 1 points).
    public let ic: [G1Point]

    /// The proving system's name in the encoding.
    public static let system = "groth16-bls12-381"
    /// Most public inputs a key may take.
    public static let maxInputs = 64

    let alphaBetaMiller: Fp12
    let gammaPrepared: Pairing.PreparedG2
    let deltaPrepared: Pairing.PreparedG2

    /// The number of public inputs ℓ.
    public var inputCount: Int { ic.count - 1 }

    /// A key from its points (checked as decoding checks them).
    public init(alpha: G1Point, beta: G2Point, gamma: G2Point, delta: G2Point, ic: [G1Point]) throws(Groth16Error) {
        guard !alpha.isInfinity, !beta.isInfinity, !gamma.isInfinity, !delta.isInfinity else {
            throw .malformedKey("α, β, γ and δ must not be the identity")
        }
        guard (2...Self.maxInputs + 1).contains(ic.count) else {
            throw .malformedKey("IC holds 2…\(Self.maxInputs + 1) points (1…\(Self.maxInputs) public inputs), found \(ic.count)")
        }
        self.alpha = alpha
        self.beta = beta
        self.gamma = gamma
        self.delta = delta
        self.ic = ic
        alphaBetaMiller = Pairing.millerLoop([(alpha, beta)])
        gammaPrepared = Pairing.PreparedG2(gamma)
        deltaPrepared = Pairing.PreparedG2(delta)
    }

    /// Decodes the canonical encoding, refusing anything else.
    public init(canonicalBytes bytes: [UInt8]) throws(Groth16Error) {
        let items: [CBOR]
        do {
            guard case .array(let a) = try CBORDecoder.decode(bytes) else { throw CBORError.schema("not an array") }
            items = a
        } catch {
            throw .malformedKey("not canonical CBOR: \(error)")
        }
        guard items.count == 7, items[0] == .unsigned(1), items[1] == .text(Self.system) else {
            throw .malformedKey("expected [1, \"\(Self.system)\", α, β, γ, δ, [IC…]]")
        }
        func g1(_ item: CBOR, _ name: String) throws(Groth16Error) -> G1Point {
            guard case .bytes(let b) = item, b.count == 48 else { throw .malformedKey("\(name): 48 bytes (compressed G1)") }
            do { return try G1Point(encoding: b) } catch { throw .malformedKey("\(name): \(error)") }
        }
        func g2(_ item: CBOR, _ name: String) throws(Groth16Error) -> G2Point {
            guard case .bytes(let b) = item, b.count == 96 else { throw .malformedKey("\(name): 96 bytes (compressed G2)") }
            do { return try G2Point(encoding: b) } catch { throw .malformedKey("\(name): \(error)") }
        }
        guard case .array(let icItems) = items[6], icItems.count <= Self.maxInputs + 1 else {
            throw .malformedKey("IC: an array of at most \(Self.maxInputs + 1) points")
        }
        var ic: [G1Point] = []
        for (i, item) in icItems.enumerated() { ic.append(try g1(item, "IC[\(i)]")) }
        try self.init(
            alpha: try g1(items[2], "α"), beta: try g2(items[3], "β"), gamma: try g2(items[4], "γ"), delta: try g2(items[5], "δ"),
            ic: ic)
        guard canonicalBytes() == bytes else { throw .malformedKey("not the canonical encoding") }
    }

    /// The canonical encoding.
    public func canonicalBytes() -> [UInt8] {
        do {
            return try CBOREncoder.encode(
                .array([
                    .unsigned(1), .text(Self.system), .bytes(alpha.compressed), .bytes(beta.compressed),
                    .bytes(gamma.compressed), .bytes(delta.compressed), .array(ic.map { .bytes($0.compressed) }),
                ]))
        } catch {
            // Arrays, integers, text and bytes always encode; only maps with duplicate keys can fail.
            preconditionFailure("a Groth16 key did not encode: \(error)")
        }
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.alpha == b.alpha && a.beta == b.beta && a.gamma == b.gamma && a.delta == b.delta && a.ic == b.ic
    }
}
