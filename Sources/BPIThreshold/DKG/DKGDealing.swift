import BPIBLS
import BPICodec

/// A dealer's public message in key generation (docs/SPEC.md §16.2): the Feldman commitment to
/// its secret polynomial and, for every participant j, f(j) sealed to j's X25519 key under one
/// ephemeral key. Everything in it is public; only participant j can open box j.
public struct DKGDealing: Sendable, Equatable {
    /// The dealer's index (1…n).
    public let dealer: UInt32
    /// The commitment to the dealer's polynomial (threshold points).
    public let commitment: FeldmanCommitment
    /// The dealing's ephemeral X25519 public key (32 bytes).
    public let ephemeralKey: [UInt8]
    /// Box j − 1 holds f(j) for participant j (48 bytes each: 32 sealed + 16 tag).
    public let boxes: [[UInt8]]

    /// Bytes in each box.
    public static let boxLength = 32 + 16

    /// Creates a dealing (the dealer's side builds it with `DKGDealer`).
    public init(dealer: UInt32, commitment: FeldmanCommitment, ephemeralKey: [UInt8], boxes: [[UInt8]]) {
        self.dealer = dealer
        self.commitment = commitment
        self.ephemeralKey = ephemeralKey
        self.boxes = boxes
    }

    /// This dealing with participant `recipient`'s box replaced by `box` — what a faulty or
    /// Byzantine dealer sends (tests and devnet misbehaviour build it; the rules must survive it).
    public func replacingBox(of recipient: UInt32, with box: [UInt8]) -> DKGDealing {
        var boxes = self.boxes
        boxes[Int(recipient) - 1] = box
        return DKGDealing(dealer: dealer, commitment: commitment, ephemeralKey: ephemeralKey, boxes: boxes)
    }

    /// Throws unless the dealing fits the committee: dealer in range, one commitment point per
    /// threshold, one box per participant, lengths exact. Checked on receipt, before anything else
    /// looks at the dealing.
    public func validate(for parameters: ThresholdParameters) throws(ThresholdError) {
        try parameters.check(index: dealer)
        guard commitment.count == parameters.threshold else {
            throw .invalidEncoding(
                "dealing \(dealer) commits to \(commitment.count) coefficients, the threshold is \(parameters.threshold)")
        }
        guard boxes.count == parameters.n else {
            throw .invalidEncoding("dealing \(dealer) has \(boxes.count) boxes for \(parameters.n) participants")
        }
        guard ephemeralKey.count == 32 else { throw .invalidEncoding("dealing \(dealer)'s ephemeral key is not 32 bytes") }
        guard boxes.allSatisfy({ $0.count == Self.boxLength }) else {
            throw .invalidEncoding("dealing \(dealer) has a box that is not \(Self.boxLength) bytes")
        }
    }
}

extension DKGDealing: CBORCodable {
    /// `[1, dealer, [C_0 … C_{t−1}] (96 bytes each), ephemeralKey(32), [box_1 … box_n] (48 bytes each)]`.
    public var cborFields: [CBOR] {
        [
            .unsigned(1), .unsigned(UInt64(dealer)), .array(commitment.compressed.map { .bytes($0) }), .bytes(ephemeralKey),
            .array(boxes.map { .bytes($0) }),
        ]
    }

    /// Decodes; every commitment point must decode into the G2 subgroup.
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        guard try f.nextUInt("version") == 1 else { throw .schema("DKGDealing.version: only version 1 is defined") }
        let dealer = try f.nextUInt("dealer")
        guard dealer >= 1, dealer <= UInt64(ThresholdParameters.maxParticipants) else {
            throw .schema("DKGDealing.dealer: \(dealer) is outside 1…\(ThresholdParameters.maxParticipants)")
        }
        self.dealer = UInt32(dealer)
        var points: [[UInt8]] = []
        for item in try f.nextArrayItems("commitment", maxCount: ThresholdParameters.maxParticipants) {
            guard case .bytes(let b) = item, b.count == 96 else { throw .schema("DKGDealing.commitment: 96-byte points") }
            points.append(b)
        }
        do {
            commitment = try FeldmanCommitment(compressed: points)
        } catch {
            throw .schema("DKGDealing.commitment: \(error)")
        }
        ephemeralKey = try f.nextBytes("ephemeralKey", count: 32)
        var boxes: [[UInt8]] = []
        for item in try f.nextArrayItems("boxes", maxCount: ThresholdParameters.maxParticipants) {
            guard case .bytes(let b) = item, b.count == Self.boxLength else {
                throw .schema("DKGDealing.boxes: \(Self.boxLength)-byte boxes")
            }
            boxes.append(b)
        }
        self.boxes = boxes
    }
}
