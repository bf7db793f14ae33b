import BPICodec

/// A zero-knowledge claim a run carries (docs/SPEC.md §14.8): "the statement of verifying key
/// `keyIndex` of the run's agreement holds for these public inputs", with its proof. Canonical CBOR
/// `[1, system, keyIndex, [input…], proof]`; for `groth16-bls12-381` each input is 32 big-endian
/// bytes and the proof 192 bytes. Decoding checks the shape; whether the proof holds is the
/// `ClaimVerifier`'s answer, asked by DockLock before the run and by every validator on replay.
public struct ZKClaim: Sendable, Equatable, Hashable {
    /// Format version (1).
    public var version: UInt64 = 1
    /// The proving system (`groth16-bls12-381`, the one verifier there is).
    public var system: String
    /// Which of the agreement's pinned verifying keys the claim is under.
    public var keyIndex: UInt64
    /// The public inputs, each 32 big-endian bytes.
    public var inputs: [[UInt8]]
    /// The proof bytes.
    public var proof: [UInt8]

    /// Most public inputs.
    public static let maxInputs = 64
    /// Largest proof.
    public static let maxProofBytes = 1_024

    /// A claim, checked for shape.
    public init(system: String, keyIndex: UInt64, inputs: [[UInt8]], proof: [UInt8]) throws(CBORError) {
        self.system = system
        self.keyIndex = keyIndex
        self.inputs = inputs
        self.proof = proof
        if let problem { throw .schema("ZKClaim.\(problem)") }
    }

    private var problem: String? {
        guard !system.isEmpty, system.utf8.count <= 64 else { return "system: 1–64 bytes" }
        guard (1...Self.maxInputs).contains(inputs.count) else { return "inputs: 1–\(Self.maxInputs)" }
        guard inputs.allSatisfy({ $0.count == 32 }) else { return "inputs: 32 bytes each" }
        guard (1...Self.maxProofBytes).contains(proof.count) else { return "proof: 1–\(Self.maxProofBytes) bytes" }
        guard keyIndex < UInt64(AgreementBundle.maxClaimKeys) else { return "keyIndex: below \(AgreementBundle.maxClaimKeys)" }
        return nil
    }
}

extension ZKClaim: CBORCodable {
    /// `[version, system, keyIndex, [input…], proof]`.
    public var cborFields: [CBOR] {
        [.unsigned(version), .text(system), .unsigned(keyIndex), .array(inputs.map { .bytes($0) }), .bytes(proof)]
    }

    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        version = try f.nextUInt("version")
        guard version == 1 else { throw .schema("ZKClaim.version: unsupported version \(version)") }
        system = try f.nextText("system")
        keyIndex = try f.nextUInt("keyIndex")
        var inputs: [[UInt8]] = []
        for item in try f.nextArrayItems("inputs", maxCount: Self.maxInputs) {
            guard case .bytes(let b) = item else { throw .schema("ZKClaim.inputs: byte strings") }
            inputs.append(b)
        }
        self.inputs = inputs
        proof = try f.nextBytes("proof")
        if let problem { throw .schema("ZKClaim.\(problem)") }
    }
}
