import BPIHash
import BPITypes

/// Whether a DockLock receipt is committed by a header (docs/SPEC.md §13.5): the receipt's id (the
/// Merkle leaf hash of its canonical bytes) with its inclusion proof hashes to the header's
/// `receiptsRoot`. Check it against a header this light client verified.
public enum ReceiptInclusion {
    /// Why a receipt is not shown to be included.
    public struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Throws unless `proof` takes `receipt` to `header.receiptsRoot`.
    public static func check(_ receipt: Receipt, proof: MerkleProof, header: Header) throws(Failure) {
        guard proof.count >= 1, proof.index < proof.count else {
            throw Failure(description: "the proof's index \(proof.index) is not below its count \(proof.count)")
        }
        guard proof.verify(leafHash: receipt.id, root: header.receiptsRoot) else {
            throw Failure(
                description:
                    "receipt \(receipt.id) with this proof does not hash to the receipts_root of height \(header.height)")
        }
    }
}
