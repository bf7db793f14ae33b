import BPICodec
import BPICrypto
import BPITypes

/// The rules a receipt frame meets before it is ordered (docs/SPEC.md §13.5), beside the frame
/// rules every frame meets: its payload is one `ReceiptSubmission`; the executor is the sending
/// service, to itself, and signed the receipt with the key that signed the frame; the run is a
/// WASM run (native runs stay local: a validator cannot be required to host the native cage, and
/// their fuel is CPU time); and its fuel is within what a validator's replay may cost. Whether the
/// receipt replays from its witness is the validator's check (BPINode, BPIDockLock).
public enum ReceiptRules {
    /// Checks `frame` and returns the fuel its run allows.
    public static func check(_ frame: Frame, executorKey: Ed25519PublicKey) throws(FrameError) -> UInt64 {
        guard frame.header.source == frame.header.destination else {
            throw .badReceipt("a receipt frame goes from the executor to itself (src == dst)")
        }
        let submission: ReceiptSubmission
        do {
            submission = try ReceiptSubmission(canonicalBytes: frame.sealedPayload)
        } catch {
            throw .badReceipt("the payload is not a receipt submission: \(error)")
        }
        let receipt = submission.receipt
        guard receipt.isSigned, receipt.executor == frame.header.source else {
            throw .badReceipt("the receipt's executor is not the sending service")
        }
        guard receipt.isSigned(by: executorKey) else {
            throw .badReceipt("the receipt's signature does not verify under the executor's registered key")
        }
        guard receipt.runHeader.runtime == .wasm else {
            throw .badReceipt("only WASM receipts are ordered (native runs are verified locally: bpi receipt replay)")
        }
        let fuel = receipt.runHeader.limits.fuel
        guard fuel <= Receipt.maxChainFuel else {
            throw .badReceipt("the run allows \(fuel) fuel, more than the \(Receipt.maxChainFuel) a validator replays")
        }
        return fuel + Self.hookFuel(receipt)
    }

    /// What the receipt's agreement hooks may add to its replay: the most any agreement allows
    /// (`AgreementManifest.maxTotalFuel`) when it names one, counted against the block's budget.
    public static func hookFuel(_ receipt: Receipt) -> UInt64 {
        receipt.runHeader.agreementID == .zero ? 0 : AgreementManifest.maxTotalFuel
    }
}
