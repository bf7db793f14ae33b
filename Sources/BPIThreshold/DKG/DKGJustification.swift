import BPIBLS
import BPICodec

/// A dealer's public answer to a complaint: the complainer's share f(complainer) in the clear.
/// Anyone checks it against the dealer's commitment; a valid one resolves the complaint (and the
/// complainer uses this share), none or an invalid one disqualifies the dealer (SPEC §16.2).
public struct DKGJustification: Sendable, Equatable {
    /// The dealer answering (the envelope's signer).
    public let dealer: UInt32
    /// The participant that complained.
    public let complainer: UInt32
    /// f_dealer(complainer).
    public let share: Fr

    /// Creates a justification.
    public init(dealer: UInt32, complainer: UInt32, share: Fr) {
        self.dealer = dealer
        self.complainer = complainer
        self.share = share
    }

    /// The complaint this answers.
    public var complaint: DKGComplaint { DKGComplaint(dealer: dealer, complainer: complainer) }
}

extension DKGJustification: CBORCodable {
    /// `[1, dealer, complainer, share(32, big-endian, < r)]`.
    public var cborFields: [CBOR] {
        [.unsigned(1), .unsigned(UInt64(dealer)), .unsigned(UInt64(complainer)), .bytes(share.bigEndianBytes)]
    }

    /// Decodes; the share must be a canonical scalar.
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        guard try f.nextUInt("version") == 1 else { throw .schema("DKGJustification.version: only version 1 is defined") }
        dealer = try DKGComplaint.index(&f, "dealer")
        complainer = try DKGComplaint.index(&f, "complainer")
        guard let s = Fr(bigEndian: try f.nextBytes("share", count: 32)) else {
            throw .schema("DKGJustification.share: not below the group order")
        }
        share = s
    }
}
