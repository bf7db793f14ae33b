import BPIHash
import BPILightClient
import BPIToolKit
import Foundation

/// A file of confirmed L1 anchors (docs/SPEC.md §18.7, docs/CLI.md): what `bpi anchor list --out`
/// reads from an L1's logs and `bpi testchain generate --anchors-out` writes, and what
/// `lc-verify --anchors` judges a chain against. Each entry says where the L1 holds it.
public struct AnchorFile: Codable, Sendable, Equatable {
    /// One anchor and its L1 inclusion data.
    public struct Entry: Codable, Sendable, Equatable {
        /// The mesh height, the header's hash and its validator set's hash (64 hex digits each).
        public var height: UInt64
        public var headerHash: String
        public var validatorSetHash: String
        /// The L1's name, its chain id, the anchor contract and the account that posted.
        public var l1: String
        public var l1ChainID: UInt64
        public var contract: String
        public var poster: String
        /// The L1 block that holds it, that block's hash and the transaction.
        public var l1Block: UInt64
        public var l1BlockHash: String
        public var transaction: String
        /// L1 blocks on top of it, counting its own, when it was read.
        public var depth: UInt64

        public init(
            height: UInt64, headerHash: String, validatorSetHash: String, l1: String, l1ChainID: UInt64, contract: String,
            poster: String, l1Block: UInt64, l1BlockHash: String, transaction: String, depth: UInt64
        ) {
            self.height = height
            self.headerHash = headerHash
            self.validatorSetHash = validatorSetHash
            self.l1 = l1
            self.l1ChainID = l1ChainID
            self.contract = contract
            self.poster = poster
            self.l1Block = l1Block
            self.l1BlockHash = l1BlockHash
            self.transaction = transaction
            self.depth = depth
        }

        /// The anchor as the light client holds it; nil when a hash is not 64 hex digits.
        public var anchor: L1Anchor? {
            guard let header = Hash32(hex: headerHash), let set = Hash32(hex: validatorSetHash) else { return nil }
            let source = "\(l1) (L1 chain \(l1ChainID)) block \(l1Block), transaction \(transaction), poster \(poster)"
            return L1Anchor(height: height, headerHash: header, validatorSetHash: set, source: source)
        }
    }

    /// The format's version.
    public static let currentVersion = 1
    public var version: Int
    /// The mesh's chain id (as in its genesis).
    public var chainID: String
    public var anchors: [Entry]

    public init(chainID: String, anchors: [Entry]) {
        version = Self.currentVersion
        self.chainID = chainID
        self.anchors = anchors
    }

    /// Reads a file.
    public static func read(_ path: String) throws(ToolError) -> AnchorFile {
        let bytes = try InputReader.readAll(path: path)
        do {
            let file = try JSONDecoder().decode(AnchorFile.self, from: Data(bytes))
            guard file.version == currentVersion else {
                throw ToolError.badInput("\(path): anchor file version \(file.version); this build reads \(currentVersion)")
            }
            return file
        } catch let error as ToolError {
            throw error
        } catch {
            throw .badInput("\(path): not an anchor file (bpi anchor list --out writes one): \(error)")
        }
    }

    /// Writes the file (sorted keys, indented).
    public func write(to path: String) throws(ToolError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            try encoder.encode(self).write(to: URL(fileURLWithPath: path))
        } catch {
            throw .io("cannot write \(path): \(error.localizedDescription)")
        }
    }

    /// The entries, refusing a file of another mesh.
    public func forMesh(_ expected: String) throws(ToolError) -> [Entry] {
        guard chainID == expected else {
            throw .badInput("the anchor file is for mesh \(chainID), the genesis names \(expected)")
        }
        return anchors
    }

    /// The anchors at least `depth` deep for mesh `chainID`, as a book. Refuses another mesh's
    /// file, a malformed hash, and anchors that disagree (`AnchorConflict`); returns how many
    /// entries were too shallow to count.
    public func book(chainID expected: String, depth: UInt64) throws(ToolError) -> (book: AnchorBook, shallow: Int) {
        guard chainID == expected else {
            throw .badInput("the anchor file is for mesh \(chainID), the genesis names \(expected)")
        }
        var confirmed: [L1Anchor] = []
        var shallow = 0
        for (i, entry) in anchors.enumerated() {
            guard let anchor = entry.anchor else {
                throw .badInput("anchor \(i): headerHash and validatorSetHash must be 64 hex digits each")
            }
            if entry.depth < depth {
                shallow += 1
                continue
            }
            confirmed.append(anchor)
        }
        do {
            return (try AnchorBook(confirmed), shallow)
        } catch {
            throw .badInput(error.description)
        }
    }
}
