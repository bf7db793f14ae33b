import BPICodec

/// A participant's public claim that its box from a dealer did not open to a share matching the
/// dealer's commitment (docs/SPEC.md §16.2). The dealer must answer with a `DKGJustification`
/// revealing that share, or be disqualified.
public struct DKGComplaint: Sendable, Equatable, Hashable {
    /// The accused dealer.
    public let dealer: UInt32
    /// The participant complaining (the envelope's signer).
    public let complainer: UInt32

    /// Creates a complaint.
    public init(dealer: UInt32, complainer: UInt32) {
        self.dealer = dealer
        self.complainer = complainer
    }

    /// Throws unless both indices are in range and differ.
    public func validate(for parameters: ThresholdParameters) throws(ThresholdError) {
        try parameters.check(index: dealer)
        try parameters.check(index: complainer)
        guard dealer != complainer else { throw .invalidEncoding("participant \(dealer) complains about itself") }
    }
}

extension DKGComplaint: CBORCodable {
    /// `[1, dealer, complainer]`.
    public var cborFields: [CBOR] { [.unsigned(1), .unsigned(UInt64(dealer)), .unsigned(UInt64(complainer))] }

    /// Decodes.
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        guard try f.nextUInt("version") == 1 else { throw .schema("DKGComplaint.version: only version 1 is defined") }
        dealer = try DKGComplaint.index(&f, "dealer")
        complainer = try DKGComplaint.index(&f, "complainer")
    }

    /// A participant index field (1…maxParticipants).
    static func index(_ f: inout CBORFieldReader, _ name: String) throws(CBORError) -> UInt32 {
        let v = try f.nextUInt(name)
        guard v >= 1, v <= UInt64(ThresholdParameters.maxParticipants) else {
            throw .schema("\(name): \(v) is outside 1…\(ThresholdParameters.maxParticipants)")
        }
        return UInt32(v)
    }
}
