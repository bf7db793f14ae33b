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

    /// Validates the store against the genesis in `chainDirectory`; returns the verified height.
    public static func validate(database: String, genesisPath: String) throws(ToolError) -> UInt64 {
        guard let data = FileManager.default.contents(atPath: genesisPath) else { throw .io("cannot read \(genesisPath)") }
        let genesis: Genesis
        do {
            genesis = try Genesis(json: data)
        } catch {
            throw .badInput(error.description)
        }
        let store = try ToolError.mapping { () throws(BlockStoreError) in try BlockStore(path: database) }
        return try ToolError.mapping { () throws(BlockStoreError) in try store.validate(genesisHash: genesis.hash) }
    }
}
