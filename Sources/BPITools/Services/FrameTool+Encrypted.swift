import BPIBLS
import BPICodec
import BPIFrames
import BPIHash
import BPINode
import BPIThreshold
import BPIToolKit
import BPITypes
import Foundation

extension FrameTool {
    /// What `bpi frame send --encrypt` did.
    public struct SentEncrypted: Sendable, Codable {
        public var id: String
        public var to: String
        public var nonce: UInt64
        /// The key epoch and height the bytes are encrypted to.
        public var keyEpoch: UInt64
        public var targetHeight: UInt64
        /// Where it was finalized, and what it opened to (with `--wait`).
        public var height: UInt64?
        public var opening: String?
    }

    /// Sends `data` from the local service `from` to `to` as an encrypted frame (docs/SPEC.md
    /// §16.5): encrypted to the epoch key serving the next height and a target height `ahead`
    /// blocks past the node's latest, so no validator — the proposer included — can read it before
    /// that height is final. After that every validator opens it: this hides the bytes until their
    /// order is fixed, not from the validators forever (encrypt inside for that). With `wait`,
    /// waits until it is finalized and then until it opened.
    public static func sendEncrypted(
        home: URL, from: String, to: String, data: [UInt8], passphrase: [UInt8], rpc: RPCClient, ahead: UInt64, wait: Bool,
        timeout: Double
    ) async throws(ToolError) -> SentEncrypted {
        guard (1...64).contains(ahead) else { throw .badInput("--ahead must be 1…64 blocks, got \(ahead)") }
        let limit = Frame.maxPayloadBytes - IdentityCiphertext.overhead - 64
        guard data.count <= limit else {
            throw .badInput("--data-file holds \(data.count) bytes; an encrypted frame carries at most \(limit)")
        }
        let (identity, _) = try ServiceTool.unlock(home: home, name: from, passphrase: passphrase)
        let peer = try ServiceTool.resolve(to, home: home)
        let status = try await rpc.getJSON("/v1/status", as: NodeStatus.self)
        let epoch = try await rpc.getJSON("/v1/epoch", as: EpochView.self)
        guard let keyEpoch = epoch.servingEpoch, let keyHex = epoch.masterKey else {
            throw .verificationFailed(
                "no epoch key serves the next height yet: the first is decided at height \(epoch.generation?.decidingHeight ?? 3 * 8) and serves from height \(epoch.epochLength + 1) (bpi epoch show)"
            )
        }
        let masterKey: G2Point
        do {
            masterKey = try G2Point(encoding: try Hex.decode(keyHex))
        } catch {
            throw .verificationFailed("the node's master key is not a G2 point: \(error)")
        }
        guard !masterKey.isInfinity else { throw .verificationFailed("the node's master key is the identity") }
        // The target stays in the key epoch of the next height, so the key that serves it is the one shown.
        let next = epoch.height + 1
        let lastOfEpoch = (next - 1) / epoch.epochLength * epoch.epochLength + epoch.epochLength
        let target = min(epoch.height + ahead, lastOfEpoch)
        var client = ServiceClient(rpc: rpc, identity: identity)
        try await client.resume(to: [peer])
        let frame = try await client.submit { s, tick in
            // The master key is not the identity and the randomness is drawn non-zero: sealing cannot fail.
            try! s.encrypted(
                data, to: peer, keyEpoch: keyEpoch, targetHeight: max(target, next), masterKey: masterKey,
                chainID: status.chainID,
                tick: tick)
        }
        var sent = SentEncrypted(
            id: frame.id.description, to: peer.description, nonce: frame.header.nonce, keyEpoch: keyEpoch,
            targetHeight: max(target, next))
        guard wait else { return sent }
        sent.height = try await ServiceClient.waitFinalized(frame.id, rpc: rpc, timeout: timeout).height
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let reply = try await rpc.exchange("/v1/frames/\(frame.id)/opening", method: "GET")
            if reply.status == 200, let view = try? JSONDecoder().decode(OpeningView.self, from: reply.body),
                view.status != "waiting"
            {
                sent.opening = view.status
                return sent
            }
            guard Date() < deadline else {
                throw .verificationFailed("frame \(frame.id) was finalized but did not open within \(Int(timeout)) s")
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
    }

    /// The node's threshold state (`bpi epoch show`).
    public static func epoch(rpc: RPCClient) async throws(ToolError) -> EpochView {
        try await rpc.getJSON("/v1/epoch", as: EpochView.self)
    }
}
