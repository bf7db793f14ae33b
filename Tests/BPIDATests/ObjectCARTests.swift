import BPICodec
import BPIDA
import BPIHash
import BPITestSupport
import BPITypes
import Foundation
import Testing

/// CAR packaging (docs/SPEC.md §15.6): an object's CAR reads back to the same object and shards
/// under sha2-256 and BLAKE3 CIDs; independent IPLD libraries (multiformats, dag-cbor, libipld)
/// read it, recompute every CID, find the same root and the object; a changed leaf, a missing
/// block, a leaf replaced with a consistently hashed wrong shard, a second root, a non-canonical
/// node and a broken length are refused with their own errors.
@Suite struct ObjectCARTests {
    static func coded(seed: UInt64 = 39) throws -> (DAObject, [[[UInt8]]]) {
        var rng = SeededGenerator(seed: seed)
        let object = rng.bytes(600_000)
        let parameters = CodingParameters(k: 4, n: 6, chunkSize: 256 << 10)
        let chunks = try ObjectCoder(parameters).encode(object)
        let tree = try ShardTree(object: object, parameters: parameters, chunks: chunks)
        return (tree.object, chunks.map(\.shards))
    }

    @Test(arguments: [CID.HashFunction.sha256, .blake3])
    func roundTripAndAnIndependentReader(hash: CID.HashFunction) throws {
        let (object, shards) = try Self.coded()
        let (car, root) = ObjectCAR.write(object: object, shards: shards, hash: hash)
        let contents = try ObjectCAR.read(car)
        #expect(contents.root == root && contents.object == object && contents.shards == shards)
        #expect(contents.blocks == 1 + 3 * (1 + 2 * 6) && contents.headers.count == 18)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bpi-car-\(UUID().uuidString.prefix(8)).car")
        try Data(car).write(to: path)
        defer { try? FileManager.default.removeItem(at: path) }
        let answer = try JSONSerialization.jsonObject(with: try Oracle.run("car_oracle.py", [path.path])) as! [String: Any]
        #expect(answer["version"] as? Int == 1 && answer["roots"] as? [String] == [root.description])
        #expect(answer["allCIDsMatch"] as? Bool == true && answer["blocks"] as? Int == contents.blocks)
        #expect(answer["object"] as? String == Hex.encode(object.canonicalBytes()) && answer["shards"] as? Int == 18)
    }

    /// The CAR's sections: (offset of the length, section bytes).
    static func sections(_ car: [UInt8]) throws -> (header: [UInt8], blocks: [[UInt8]]) {
        var at = 0
        let n = Int(try Varint.read(car, at: &at))
        let header = Array(car[0..<at + n])
        at += n
        var blocks: [[UInt8]] = []
        while at < car.count {
            let start = at
            let len = Int(try Varint.read(car, at: &at))
            blocks.append(Array(car[start..<at + len]))
            at += len
        }
        return (header, blocks)
    }

    static func block(cid: CID, data: [UInt8]) -> [UInt8] {
        Varint.encode(UInt64(cid.bytes.count + data.count)) + cid.bytes + data
    }

    @Test func everyKindOfDamageIsRefused() throws {
        let (object, shards) = try Self.coded()
        let (car, _) = ObjectCAR.write(object: object, shards: shards)
        let (header, blocks) = try Self.sections(car)
        // A changed byte in a leaf: the block no longer hashes to its CID.
        var flipped = car
        flipped[car.count - 10] ^= 1
        #expect(throws: CARError.self) { try ObjectCAR.read(flipped) }
        do { _ = try ObjectCAR.read(flipped) } catch {
            guard case .badBlock = error else {
                Issue.record("\(error)")
                return
            }
        }
        // A missing block (the last leaf).
        let missing = header + blocks.dropLast().flatMap { $0 }
        do {
            _ = try ObjectCAR.read(missing)
            Issue.record("a CAR missing a leaf was accepted")
        } catch {
            guard case .notAnObject = error else {
                Issue.record("\(error)")
                return
            }
        }
        // A leaf replaced by other bytes under their own (correct) CID, the shard node relinked:
        // every block hashes right, but the shard is not the one its header names.
        let other = [UInt8](repeating: 7, count: shards[0][0].count)
        let leaf = CID(codec: CID.raw, hash: .sha256, of: other)
        let node = DAGNode.map([
            ("data", .link(leaf)),
            ("header", .bytes(ShardHeader(object: object, chunk: 0, shard: 0, bytes: shards[0][0]).canonicalBytes())),
        ]).encoded()
        let forged = CID(codec: CID.dagCBOR, hash: .sha256, of: node)
        let oldNode = DAGNode.map([
            ("data", .link(CID(codec: CID.raw, hash: .sha256, of: shards[0][0]))),
            ("header", .bytes(ShardHeader(object: object, chunk: 0, shard: 0, bytes: shards[0][0]).canonicalBytes())),
        ]).encoded()
        let oldCID = CID(codec: CID.dagCBOR, hash: .sha256, of: oldNode)
        // Rewrite chunk 0's node to link the forged shard node, and the root to link that chunk node.
        let chunk0Old = DAGNode.map([
            ("index", .unsigned(0)),
            (
                "shards",
                .array(
                    (0..<6).map { s in
                        .link(
                            CID(
                                codec: CID.dagCBOR, hash: .sha256,
                                of: DAGNode.map([
                                    ("data", .link(CID(codec: CID.raw, hash: .sha256, of: shards[0][s]))),
                                    (
                                        "header",
                                        .bytes(
                                            ShardHeader(object: object, chunk: 0, shard: UInt64(s), bytes: shards[0][s])
                                                .canonicalBytes())
                                    ),
                                ]).encoded()))
                    })
            ),
        ])
        guard case .map(let entries) = chunk0Old, case .array(var links) = entries[1].1 else { return }
        #expect(links[0] == .link(oldCID))
        links[0] = .link(forged)
        let chunk0 = DAGNode.map([("index", .unsigned(0)), ("shards", .array(links))]).encoded()
        let chunk0CID = CID(codec: CID.dagCBOR, hash: .sha256, of: chunk0)
        let rootNode = try DAGNode(decoding: try Self.blockData(blocks[0]))
        guard case .map(let rootEntries) = rootNode, case .array(var chunkLinks) = rootEntries[0].1 else { return }
        chunkLinks[0] = .link(chunk0CID)
        let newRoot = DAGNode.map([("chunks", .array(chunkLinks)), rootEntries[1]]).encoded()
        let newRootCID = CID(codec: CID.dagCBOR, hash: .sha256, of: newRoot)
        let newHeader = DAGNode.map([("roots", .array([.link(newRootCID)])), ("version", .unsigned(1))]).encoded()
        let relinked =
            Varint.encode(UInt64(newHeader.count)) + newHeader + Self.block(cid: newRootCID, data: newRoot)
            + Self.block(cid: chunk0CID, data: chunk0) + Self.block(cid: forged, data: node) + Self.block(cid: leaf, data: other)
            + blocks.dropFirst().flatMap { $0 }
        do {
            _ = try ObjectCAR.read(relinked)
            Issue.record("a CAR with a consistently hashed wrong shard was accepted")
        } catch {
            guard case .notAnObject(let why) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(why.contains("0/0"))
        }
        // Two roots.
        let twoRoots = DAGNode.map([("roots", .array([.link(newRootCID), .link(newRootCID)])), ("version", .unsigned(1))])
            .encoded()
        #expect(throws: CARError.self) {
            try ObjectCAR.read(Varint.encode(UInt64(twoRoots.count)) + twoRoots + blocks.flatMap { $0 })
        }
        // A non-canonical node: the header's map keys in the wrong order.
        let canonical = Self.data(header)
        var swapped: [UInt8] = [0xA2]
        swapped += DAGNode.text("version").encoded() + DAGNode.unsigned(1).encoded()
        swapped += DAGNode.text("roots").encoded() + Array(canonical[(1 + 6)..<(canonical.count - 9)])
        #expect(throws: CARError.self) {
            try ObjectCAR.read(Varint.encode(UInt64(swapped.count)) + swapped + blocks.flatMap { $0 })
        }
        // A length past the end, a non-minimal varint, empty input.
        #expect(throws: CARError.self) { try ObjectCAR.read([0xFF, 0x01] + car) }
        #expect(throws: CARError.self) { try ObjectCAR.read([0x80, 0x00]) }
        #expect(throws: CARError.self) { try ObjectCAR.read([]) }
    }

    /// A block section's data after its length and CID.
    static func blockData(_ section: [UInt8]) throws -> [UInt8] {
        var at = 0
        _ = try Varint.read(section, at: &at)
        _ = try CID.read(section, at: &at)
        return Array(section[at...])
    }

    /// A section's data after its length varint (for the header: the DAG-CBOR bytes).
    static func data(_ section: [UInt8]) -> [UInt8] {
        var at = 0
        _ = try? Varint.read(section, at: &at)
        return Array(section[at...])
    }

    @Test func varintsAndNodesAreCanonical() throws {
        for v: UInt64 in [0, 1, 127, 128, 300, 16_383, 16_384, UInt64(UInt32.max), .max] {
            let e = Varint.encode(v)
            var at = 0
            #expect(try Varint.read(e, at: &at) == v && at == e.count)
        }
        var at = 0
        #expect(throws: CARError.self) { try Varint.read([0x81, 0x00], at: &at) }
        let node = DAGNode.map([("zz", .unsigned(1)), ("a", .bytes([1])), ("bb", .text("x"))])
        let bytes = node.encoded()
        #expect(try DAGNode(decoding: bytes) == node)
        // Keys sorted by length, then bytes: "a", "bb", "zz".
        #expect(bytes.starts(with: [0xA3, 0x61, 0x61]))
        #expect(throws: CARError.self) { try DAGNode(decoding: [0x18, 0x05]) }  // 5 in two bytes
        #expect(throws: CARError.self) { try DAGNode(decoding: [0xF9, 0x3C, 0x00]) }  // a float
    }
}
