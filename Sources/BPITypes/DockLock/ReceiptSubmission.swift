import BPICodec

/// What a receipt frame carries (docs/SPEC.md §13.5): `[receipt, witnessLog]` — the signed receipt
/// and its stored witness log, so every validator can replay it from the frame alone.
public struct ReceiptSubmission: Sendable, Equatable {
    /// The receipt, signed by the executor.
    public var receipt: Receipt
    /// The witness log (`WitnessLog` in BPIDockLock: `[version, rawLength, zlib(entries)]`).
    public var witnessLog: [UInt8]

    /// A submission.
    public init(receipt: Receipt, witnessLog: [UInt8]) {
        self.receipt = receipt
        self.witnessLog = witnessLog
    }
}

extension ReceiptSubmission: CBORCodable {
    /// `[receipt, witnessLog]`.
    public var cborFields: [CBOR] { [receipt.cbor, .bytes(witnessLog)] }

    /// Decodes a submission.
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        receipt = try f.next("receipt", as: Receipt.self)
        witnessLog = try f.nextBytes("witnessLog")
        guard !witnessLog.isEmpty else { throw .schema("ReceiptSubmission.witnessLog: a receipt travels with its witness") }
    }
}
