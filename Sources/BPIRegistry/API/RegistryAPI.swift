import BPICodec
import BPIHash
import BPINode
import BPITypes
import Foundation
import HTTPTypes
import Hummingbird

/// The registry's HTTP API (docs/SPEC.md §14.7): `GET /v1/registry/status`,
/// `GET /v1/registry/receipts/{id}` and `GET /v1/registry/receipts?agreement=&executor=&from=&to=&after=&limit=`
/// (cursor pagination in chain order). Every receipt answered carries its inclusion proof.
public enum RegistryAPI {
    /// The router over `store`, behind `auth`.
    public static func router(store: any RegistryStore, auth: RegistryAuth) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: auth)
        router.get("/v1/registry/status") { _, _ in
            json(RegistryStatusView(height: try await store.height(), receipts: try await store.count()))
        }
        router.get("/v1/registry/receipts/:id") { _, context in
            guard let text = context.parameters.get("id"), let id = Hash32(hex: text) else {
                throw HTTPError(.badRequest, message: "a receipt id is 64 hex digits")
            }
            guard let found = try await store.receipt(id: id) else {
                throw HTTPError(.notFound, message: "receipt \(id) is not indexed here (yet)")
            }
            var proofs = ProofCache()
            return json(try await view(found.receipt, at: found.at, store: store, proofs: &proofs))
        }
        router.get("/v1/registry/receipts") { request, _ in
            let q = request.uri.queryParameters
            func hash(_ name: String) throws -> Hash32? {
                guard let v = q[Substring(name)] else { return nil }
                guard let h = Hash32(hex: String(v)) else { throw HTTPError(.badRequest, message: "\(name) takes 64 hex digits") }
                return h
            }
            func number(_ name: String) throws -> UInt64? {
                guard let v = q[Substring(name)] else { return nil }
                guard let n = UInt64(v) else { throw HTTPError(.badRequest, message: "\(name) takes a non-negative integer") }
                return n
            }
            var query = ReceiptQuery(
                agreement: try hash("agreement"), executor: try hash("executor"), fromHeight: try number("from"),
                toHeight: try number("to"))
            if let after = q["after"] {
                guard let cursor = RegistryCursor(String(after)) else {
                    throw HTTPError(.badRequest, message: "after takes the cursor a previous page returned (HEIGHT-INDEX)")
                }
                query.after = cursor
            }
            if let limit = try number("limit") {
                guard (1...UInt64(ReceiptQuery.maxLimit)).contains(limit) else {
                    throw HTTPError(.badRequest, message: "limit takes 1…\(ReceiptQuery.maxLimit)")
                }
                query.limit = Int(limit)
            }
            let page = try await store.page(query)
            // Every block the page touches, read at once.
            var proofs = ProofCache()
            for (height, block) in try await store.blocks(Set(page.items.map(\.1.height))) {
                proofs.add(height, header: block.header, ids: block.ids)
            }
            var items: [RegistryReceiptView] = []
            for (receipt, at) in page.items {
                items.append(try await view(receipt, at: at, store: store, proofs: &proofs))
            }
            return json(RegistryPageView(items: items, next: page.next?.description))
        }
        return router
    }

    /// Blocks already read for one answer (a page often holds several receipts of one block).
    struct ProofCache {
        /// What the proofs of one block's receipts share, computed once per block.
        struct Block {
            let header: Header
            let headerHash: Hash32
            let ids: [Hash32]
            let tree: MerkleTree
        }
        var blocks: [UInt64: Block] = [:]

        @discardableResult
        mutating func add(_ height: UInt64, header: Header, ids: [Hash32]) -> Block {
            let block = Block(header: header, headerHash: header.hash, ids: ids, tree: MerkleTree(leafHashes: ids))
            blocks[height] = block
            return block
        }
    }

    static func view(_ receipt: Receipt, at: RegistryCursor, store: any RegistryStore, proofs: inout ProofCache) async throws
        -> RegistryReceiptView
    {
        let block: ProofCache.Block
        if let cached = proofs.blocks[at.height] {
            block = cached
        } else {
            guard let read = try await store.block(at.height) else {
                throw HTTPError(.internalServerError, message: "height \(at.height) is indexed without its entry")
            }
            block = proofs.add(at.height, header: read.header, ids: read.ids)
        }
        // The receipt is encoded and hashed once for its id, its view and its proof.
        let canonical = receipt.canonicalBytes()
        let id = Merkle.leafHash(canonical)
        guard at.index < block.ids.count, block.ids[at.index] == id else {
            throw HTTPError(.internalServerError, message: "the receipt index of height \(at.height) is inconsistent")
        }
        let view = ReceiptView(receipt, canonical: canonical, id: id, height: at.height)
        return RegistryReceiptView(
            receipt: view,
            proof: ReceiptProofView(
                id: id, receiptHex: view.receipt, proof: try block.tree.proof(index: at.index), header: block.header,
                headerHash: block.headerHash))
    }

    static func json<T: Encodable>(_ value: T) -> Response {
        let encoder = JSONEncoder()
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(data: data)))
    }
}
