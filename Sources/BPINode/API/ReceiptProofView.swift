import BPICodec
import BPIHash
import BPITypes

/// What `GET /v1/receipts/{id}/proof` answers (docs/SPEC.md §13.5): the receipt, the height whose
/// header commits to it, and its Merkle inclusion proof (its id is the leaf) against that header's
/// `receiptsRoot` — check it against a header the light client verified (`bpi receipt verify`).
public struct ReceiptProofView: Codable, Sendable, Equatable {
    /// The receipt id, hex.
    public var id: String
    public var height: UInt64
    /// Its index among the block's receipts, and how many there are.
    public var index: Int
    public var count: Int
    /// The proof's sibling hashes, leaf level first.
    public var siblings: [String]
    public var receiptsRoot: String
    public var headerHash: String
    /// The canonical receipt, hex.
    public var receipt: String

    /// The proof of receipt `index` of `receipts`, the receipts of the block with `header`.
    public init(receipts: [Receipt], index: Int, header: Header) {
        self.init(ids: receipts.map(\.id), receipt: receipts[index], index: index, header: header)
    }

    /// The view of `proof`, the Merkle path of `receipt` (leaf `id`) in the block with `header`.
    public init(id: Hash32, receipt: Receipt, proof: MerkleProof, header: Header) {
        self.init(id: id, receiptHex: Hex.encode(receipt.canonicalBytes()), proof: proof, header: header, headerHash: header.hash)
    }

    /// The same, from what the caller already computed: the receipt's canonical hex and the
    /// header's hash (a registry page shares them across its receipts).
    public init(id: Hash32, receiptHex: String, proof: MerkleProof, header: Header, headerHash: Hash32) {
        self.id = id.hex
        height = header.height
        index = Int(proof.index)
        count = Int(proof.count)
        siblings = proof.siblings.map(\.hex)
        receiptsRoot = header.receiptsRoot.hex
        self.headerHash = headerHash.hex
        self.receipt = receiptHex
    }

    /// The proof of `receipt`, leaf `index` of `ids` (the ids of its block's receipts, in order).
    public init(ids: [Hash32], receipt: Receipt, index: Int, header: Header) {
        let proof =
            (try? MerkleTree(leafHashes: ids).proof(index: index))
            ?? MerkleProof(index: UInt64(index), count: UInt64(ids.count), siblings: [])
        id = ids[index].hex
        height = header.height
        self.index = index
        count = ids.count
        siblings = proof.siblings.map(\.hex)
        receiptsRoot = header.receiptsRoot.hex
        headerHash = header.hash.hex
        self.receipt = Hex.encode(receipt.canonicalBytes())
    }
}
