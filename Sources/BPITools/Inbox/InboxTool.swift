import BPIAnchor
import BPICodec
import BPIEthereum
import BPIToolKit
import BPITypes
import Foundation

/// `bpi inbox` (docs/SPEC.md §18.10): the force-inclusion inbox on an L1 — its deployment, posting
/// a frame to it, and what it holds for a mesh.
public enum InboxTool {
    /// What a post made.
    public struct Posted: Codable, Sendable, Equatable {
        public var frame: String
        public var transaction: String
        public var l1Block: UInt64
        public var sequence: UInt64
    }

    /// One post the inbox holds.
    public struct Held: Codable, Sendable, Equatable {
        public var sequence: UInt64
        public var sender: String
        /// The frame's id when the post is a canonical frame (nil otherwise).
        public var frame: String?
        public var bytes: Int
        public var l1Block: UInt64
        public var depth: UInt64
    }

    /// Deploys `contracts/ForceInbox.vy`.
    public static func deploy(rpc: String, keyFile: String, fundWei: UInt64? = nil) async throws(ToolError)
        -> AnchorTool.Deployment
    {
        try await AnchorTool.deploy(rpc: rpc, keyFile: keyFile, fundWei: fundWei, bytecode: ForceInboxContract.creationBytecode)
    }

    /// Reads a frame file: canonical CBOR, or its hex.
    public static func readFrame(_ path: String) throws(ToolError) -> Frame {
        var bytes = try InputReader.readAll(path: path)
        if let text = String(bytes: bytes, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines),
            let decoded = try? Hex.decode(text)
        {
            bytes = decoded
        }
        do {
            return try Frame(canonicalBytes: bytes)
        } catch {
            throw .badInput("\(path): not a canonical frame: \(error)")
        }
    }

    /// Posts `frame` to the inbox `contract` for mesh `chainID` from the key's account and waits
    /// until it is mined.
    public static func submit(rpc endpoint: String, contract: String, keyFile: String, chainID: String, frame: Frame)
        async throws(ToolError) -> Posted
    {
        let bytes = frame.canonicalBytes()
        guard bytes.count <= ForceInboxContract.maxFrameBytes else {
            throw .badInput("the frame is \(bytes.count) bytes; the inbox takes at most \(ForceInboxContract.maxFrameBytes)")
        }
        let address: EthereumAddress
        do {
            address = try EthereumAddress(hex: contract)
        } catch {
            throw .badInput("--contract: \(error)")
        }
        let key = try AnchorTool.loadKey(keyFile)
        let mesh = AnchorLogContract.meshID(chainID: chainID)
        let gas = 60_000 + UInt64(bytes.count) * 900
        let (_, hash, receipt) = try await AnchorTool.transact(
            rpc: EthereumRPC(endpoint: endpoint), key: key, to: address,
            data: ForceInboxContract.submitCall(mesh: mesh, frame: bytes), gasLimit: gas, timeout: 60)
        guard let entry = receipt.logs.lazy.compactMap({ ForceInboxContract.decode(topics: $0.topics, data: $0.data) }).first
        else {
            throw .verificationFailed("the transaction 0x\(Hex.encode(hash)) logged no Forced event")
        }
        return Posted(
            frame: frame.id.description, transaction: "0x" + Hex.encode(hash), l1Block: receipt.blockNumber,
            sequence: entry.sequence)
    }

    /// The posts the inbox holds for mesh `chainID`, oldest first.
    public static func list(rpc endpoint: String, contract: String, chainID: String) async throws(ToolError) -> [Held] {
        let address: EthereumAddress
        do {
            address = try EthereumAddress(hex: contract)
        } catch {
            throw .badInput("--contract: \(error)")
        }
        let rpc = EthereumRPC(endpoint: endpoint)
        do {
            let head = try await rpc.blockNumber()
            let mesh = AnchorLogContract.meshID(chainID: chainID)
            let logs = try await rpc.logs(address: address, topics: [ForceInboxContract.forcedTopic, mesh], from: 0)
            return logs.compactMap { log -> Held? in
                guard let e = ForceInboxContract.decode(topics: log.topics, data: log.data) else { return nil }
                return Held(
                    sequence: e.sequence, sender: e.sender.checksummed,
                    frame: (try? Frame(canonicalBytes: e.frame))?.id.description, bytes: e.frame.count, l1Block: log.blockNumber,
                    depth: head >= log.blockNumber ? head - log.blockNumber + 1 : 0)
            }
        } catch {
            throw .io("\(error)")
        }
    }
}
