import BPILightClient
import BPILightClientTool
import BPINode
import BPIToolKit
import BPITypes
import Foundation

/// `bpi store append|validate`: durable storage of finalized entries (the node's block store).
public enum StoreTool {
    /// Appends the entries of `chainDirectory`'s chain after the store's latest height, printing
    /// `stored H` only once height H is durable. Returns the final height.
    public static func append(database: String, chainDirectory: String, delayMilliseconds: Int = 0) throws(ToolError) -> UInt64 {
        let (genesis, chain) = try LightClientTool.load(
            genesisPath: chainDirectory + "/genesis.json", chainPath: chainDirectory + "/chain.cbor")
        let store = try ToolError.mapping { () throws(BlockStoreError) in try BlockStore(path: database) }
        var height = try ToolError.mapping { () throws(BlockStoreError) in try store.validate(genesisHash: genesis.hash) }
        for entry in chain.entries where entry.header.height > height {
            try ToolError.mapping { () throws(BlockStoreError) in try store.append(entry, genesisHash: genesis.hash) }
            height = entry.header.height
            FileHandle.standardOutput.write(Data("stored \(height)\n".utf8))  // unbuffered: reported only once durable
            if delayMilliseconds > 0 { usleep(UInt32(delayMilliseconds) * 1000) }
        }
        return height
    }

    /// Validates an existing store, opened read-only, from `genesisPath` with the light-client
    /// rules: every height present and linked, every header, commit (quorum, BLS aggregate),
    /// proposer proof, evidence and set change verified, and every block's payloads matching its
    /// `framesRoot`. Returns the verified height; a missing or unreadable store or genesis is
    /// `.io`/`.badInput` (exit 2), a chain that fails the rules `.verificationFailed` (exit 1).
    public static func validate(database: String, genesisPath: String) throws(ToolError) -> UInt64 {
        let genesis = try VerifyTool.loadGenesis(genesisPath)
        let store: BlockStore
        do {
            store = try BlockStore(readingExisting: database)
        } catch {
            throw .io(error.description)
        }
        let latest: UInt64
        do {
            latest = try store.validate(genesisHash: genesis.hash)
        } catch .corrupted(let why) {
            throw .verificationFailed("\(database): \(why)")
        } catch {
            throw .io(error.description)
        }
        var light = try ToolError.mapping { () throws(TypesError) in try LightClient(genesis: genesis) }
        var height: UInt64 = 1
        while height <= latest {
            let through = min(latest, height + 255)
            let blocks: [FinalizedBlock]
            do {
                blocks = try (height...through).map { h throws(BlockStoreError) in
                    guard let block = try store.block(at: h) else { throw .corrupted("height \(h) is missing") }
                    return block
                }
            } catch {
                throw .verificationFailed("\(database): \(error)")
            }
            for block in blocks where !block.framesMatchEntry {
                throw .verificationFailed(
                    "\(database): height \(block.entry.header.height): the stored frames do not match its envelopes (frames_root)"
                )
            }
            do {
                try light.verify(contentsOf: blocks.map(\.entry))
            } catch {
                throw .verificationFailed("\(database): the light client refused the stored chain: \(error)")
            }
            height = through + 1
        }
        return latest
    }
}
