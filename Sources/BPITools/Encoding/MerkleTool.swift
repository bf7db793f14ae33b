import BPICodec
import BPIHash
import BPIToolKit

/// `bpi merkle root|proof|verify`: Merkle trees over hex leaves, one per line.
public enum MerkleTool {
    /// Leaves from text: every line is one hex leaf, a blank line being the empty leaf; the newline
    /// after the last line is optional. Empty text is the empty tree.
    public static func parseLeaves(_ text: String) throws(ToolError) -> [[UInt8]] {
        var leaves: [[UInt8]] = []
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)  // "\r\n" is one Character
        if lines.last?.isEmpty == true { lines.removeLast() }
        for (number, line) in lines.enumerated() {
            let trimmed = line.trimmingCharacters()
            do {
                leaves.append(try Hex.decode(trimmed))
            } catch {
                throw .badInput("line \(number + 1): \(error)")
            }
        }
        return leaves
    }

    /// The proof of leaf `index` as JSON: `{"count":N,"index":I,"siblings":["hex",…]}`.
    public static func proofJSON(leaves: [[UInt8]], index: Int) throws(ToolError) -> String {
        do {
            return proofJSON(try MerkleTree(leaves: leaves).proof(index: index))
        } catch {
            throw .badInput(error.description)
        }
    }

    /// A proof in its JSON form.
    public static func proofJSON(_ proof: MerkleProof) -> String {
        CBORJSON.render(
            .map([
                CBORMapEntry(.text("index"), .unsigned(proof.index)),
                CBORMapEntry(.text("count"), .unsigned(proof.count)),
                CBORMapEntry(.text("siblings"), .array(proof.siblings.map { .text($0.hex) })),
            ]))
    }

    /// Parses the JSON form of a proof; unknown or missing fields are refused.
    public static func parseProof(json: String) throws(ToolError) -> MerkleProof {
        let value: CBOR
        do {
            value = try CBORJSON.parse(json)
        } catch {
            throw .badInput("proof: \(error.description)")
        }
        guard case .map(let entries) = value else { throw .badInput("proof: expected a JSON object") }
        var index: UInt64?
        var count: UInt64?
        var siblings: [Hash32]?
        for entry in entries {
            guard case .text(let key) = entry.key else { throw .badInput("proof: keys must be text") }
            switch (key, entry.value) {
            case ("index", .unsigned(let v)): index = v
            case ("count", .unsigned(let v)): count = v
            case ("siblings", .array(let items)):
                var list: [Hash32] = []
                for item in items {
                    guard case .text(let hex) = item, let h = Hash32(hex: hex) else {
                        throw .badInput("proof: each sibling must be 64 hex digits")
                    }
                    list.append(h)
                }
                siblings = list
            default: throw .badInput("proof: unexpected field \"\(key)\" or wrong type")
            }
        }
        guard let index, let count, let siblings else { throw .badInput("proof: needs index, count and siblings") }
        return MerkleProof(index: index, count: count, siblings: siblings)
    }

    /// Checks a proof (JSON) for `leafHex` against `rootHex`; throws `.verificationFailed` with the reason when it does not hold.
    public static func verify(rootHex: String, leafHex: String, proofJSON: String) throws(ToolError) {
        guard let root = Hash32(hex: rootHex) else { throw .badInput("--root must be 64 hex digits") }
        let leaf: [UInt8]
        do {
            leaf = try Hex.decode(leafHex)
        } catch {
            throw .badInput("--leaf: \(error)")
        }
        let proof = try parseProof(json: proofJSON)
        let computed: Hash32
        do {
            computed = try proof.root(forLeafHash: Merkle.leafHash(leaf))
        } catch {
            throw .verificationFailed("invalid: \(error)")
        }
        guard computed == root else { throw .verificationFailed("invalid: the proof yields root \(computed.hex)") }
    }
}

extension Substring {
    fileprivate func trimmingCharacters() -> Substring {
        var s = self
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return s
    }
}
