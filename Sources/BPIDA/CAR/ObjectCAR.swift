import BPICodec
import BPIHash
import BPITypes

/// An erasure-coded object as a CAR v1 file (docs/SPEC.md §15.6), for IPFS and Filecoin users:
///
///     root   object node  {"chunks": [link chunk node…], "object": bytes(canonical DAObject)}
///            chunk node   {"index": c, "shards": [link shard node…]}
///            shard node   {"data": link raw leaf, "header": bytes(canonical ShardHeader)}
///            raw leaf     the shard's bytes
///
/// Nodes are DAG-CBOR (codec 0x71), leaves raw (0x55), every CID sha2-256 (or BLAKE3) over the
/// block. The CAR's single root is the object node, which carries the object (its shard root) — so
/// the CAR set ties to a header's `daRoot` through the object's proof (§15.3).
public enum ObjectCAR {
    /// What a CAR holds once read and checked.
    public struct Contents: Sendable {
        public var root: CID
        public var object: DAObject
        /// The shard headers, chunk by chunk, shard by shard.
        public var headers: [ShardHeader]
        /// The shards, `shards[chunk][shard]`.
        public var shards: [[[UInt8]]]
        public var blocks: Int
    }

    /// The CAR of `object` whose shards are `shards[chunk][shard]`.
    public static func write(object: DAObject, shards: [[[UInt8]]], hash: CID.HashFunction = .sha256) -> (
        bytes: [UInt8], root: CID
    ) {
        var blocks: [(CID, [UInt8])] = []
        var chunkLinks: [DAGNode] = []
        for (c, chunk) in shards.enumerated() {
            var shardLinks: [DAGNode] = []
            for (s, bytes) in chunk.enumerated() {
                let leaf = CID(codec: CID.raw, hash: hash, of: bytes)
                let header = ShardHeader(object: object, chunk: UInt64(c), shard: UInt64(s), bytes: bytes)
                let node = DAGNode.map([("data", .link(leaf)), ("header", .bytes(header.canonicalBytes()))]).encoded()
                let cid = CID(codec: CID.dagCBOR, hash: hash, of: node)
                blocks.append((cid, node))
                blocks.append((leaf, bytes))
                shardLinks.append(.link(cid))
            }
            let node = DAGNode.map([("index", .unsigned(UInt64(c))), ("shards", .array(shardLinks))]).encoded()
            let cid = CID(codec: CID.dagCBOR, hash: hash, of: node)
            blocks.append((cid, node))
            chunkLinks.append(.link(cid))
        }
        let rootNode = DAGNode.map([("chunks", .array(chunkLinks)), ("object", .bytes(object.canonicalBytes()))]).encoded()
        let root = CID(codec: CID.dagCBOR, hash: hash, of: rootNode)
        let header = DAGNode.map([("roots", .array([.link(root)])), ("version", .unsigned(1))]).encoded()
        var out = Varint.encode(UInt64(header.count)) + header
        for (cid, data) in [(root, rootNode)] + blocks {
            let c = cid.bytes
            out += Varint.encode(UInt64(c.count + data.count)) + c + data
        }
        return (out, root)
    }

    /// Reads and checks a CAR: the header (version 1, one root), every block's bytes against its
    /// CID, the DAG from the root (every link present, the nodes of the shapes above), every shard
    /// against its header, and the headers against the object's shard root.
    public static func read(_ car: [UInt8]) throws(CARError) -> Contents {
        var offset = 0
        let headerLength = try Varint.read(car, at: &offset)
        guard headerLength <= UInt64(car.count - offset) else { throw .malformed("the header runs past the end") }
        let header = try DAGNode(decoding: Array(car[offset..<offset + Int(headerLength)]))
        offset += Int(headerLength)
        guard case .unsigned(1)? = header["version"] else { throw .malformed("not a CAR v1 header") }
        guard case .array(let roots)? = header["roots"], roots.count == 1, case .link(let root) = roots[0] else {
            throw .notAnObject("the CAR must have exactly one root (the object node)")
        }
        var blocks: [[UInt8]: [UInt8]] = [:]
        var count = 0
        while offset < car.count {
            let length = try Varint.read(car, at: &offset)
            guard length <= UInt64(car.count - offset) else { throw .malformed("block \(count) runs past the end") }
            let end = offset + Int(length)
            let section = Array(car[offset..<end])
            var at = 0
            let cid = try CID.read(section, at: &at)
            let data = Array(section[at...])
            guard cid.matches(data) else { throw .badBlock("block \(count) (\(cid)) does not hash to its CID") }
            blocks[cid.bytes] = data
            offset = end
            count += 1
        }
        func node(_ cid: CID, _ what: String) throws(CARError) -> DAGNode {
            guard cid.codec == CID.dagCBOR, let data = blocks[cid.bytes] else {
                throw .notAnObject("the \(what) node \(cid) is missing or not DAG-CBOR")
            }
            return try DAGNode(decoding: data)
        }
        let top = try node(root, "object")
        guard case .bytes(let objectBytes)? = top["object"], case .array(let chunkLinks)? = top["chunks"] else {
            throw .notAnObject("the root is not an object node")
        }
        let object: DAObject
        do {
            object = try DAObject(canonicalBytes: objectBytes)
        } catch {
            throw .notAnObject("the root's object is not a canonical DAObject: \(error)")
        }
        guard UInt64(chunkLinks.count) == object.chunkCount else {
            throw .notAnObject("the object has \(object.chunkCount) chunks, the root links \(chunkLinks.count)")
        }
        var headers: [ShardHeader] = []
        var shards: [[[UInt8]]] = []
        for (c, link) in chunkLinks.enumerated() {
            guard case .link(let chunkCID) = link else { throw .notAnObject("chunk \(c) is not a link") }
            let chunk = try node(chunkCID, "chunk \(c)")
            guard case .unsigned(UInt64(c))? = chunk["index"], case .array(let shardLinks)? = chunk["shards"],
                UInt64(shardLinks.count) == object.n
            else {
                throw .notAnObject("chunk node \(c) does not hold index \(c) and \(object.n) shards")
            }
            var bytesOfChunk: [[UInt8]] = []
            for (s, shardLink) in shardLinks.enumerated() {
                guard case .link(let shardCID) = shardLink else { throw .notAnObject("shard \(c)/\(s) is not a link") }
                let shardNode = try node(shardCID, "shard \(c)/\(s)")
                guard case .link(let leaf)? = shardNode["data"], case .bytes(let headerBytes)? = shardNode["header"],
                    leaf.codec == CID.raw, let data = blocks[leaf.bytes]
                else {
                    throw .notAnObject("shard \(c)/\(s): its node or its raw leaf is missing")
                }
                let header: ShardHeader
                do {
                    header = try ShardHeader(canonicalBytes: headerBytes)
                } catch {
                    throw .notAnObject("shard \(c)/\(s): the header is not canonical: \(error)")
                }
                guard header.objectID == object.id, header.chunkIndex == UInt64(c), header.shardIndex == UInt64(s),
                    header.k == object.k, header.n == object.n, header.size == object.shardSize(chunk: UInt64(c)),
                    UInt64(data.count) == header.size, ShardHeader.contentHash(data) == header.contentHash
                else {
                    throw .notAnObject("shard \(c)/\(s) does not check against its header and the object")
                }
                headers.append(header)
                bytesOfChunk.append(data)
            }
            shards.append(bytesOfChunk)
        }
        guard Merkle.root(leafHashes: headers.map(\.leafHash)) == object.shardRoot else {
            throw .notAnObject("the shard headers do not give the object's shard root")
        }
        return Contents(root: root, object: object, headers: headers, shards: shards, blocks: count)
    }
}
