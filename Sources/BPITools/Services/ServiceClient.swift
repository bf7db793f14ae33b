import BPICodec
import BPIFrames
import BPIHash
import BPINode
import BPIToolKit
import BPITypes
import Foundation

/// A service talking to one validator's API (docs/SPEC.md §12): it numbers, chains, signs and
/// submits its frames (`POST /v1/frames`), resumes its nonce chain from what the node holds, and
/// waits for frames to be finalized. Every frame of one sender goes to one node, in order, so the
/// node sees the sender's chain unbroken (gossip then carries it to the others in that order).
public struct ServiceClient: Sendable {
    /// The node's API.
    public let rpc: RPCClient
    /// The sending state.
    public private(set) var sender: FrameSender

    /// A client for `identity` at the start of its chain.
    public init(rpc: RPCClient, identity: ServiceIdentity) {
        self.rpc = rpc
        sender = FrameSender(identity: identity)
    }

    /// The service's id.
    public var id: Hash32 { sender.identity.id }

    /// What the node knows of service `id` (nil when it knows nothing).
    public static func service(_ id: Hash32, to destination: Hash32? = nil, rpc: RPCClient) async throws(ToolError)
        -> ServiceView?
    {
        let reply = try await rpc.exchange("/v1/services/\(id)" + (destination.map { "?to=\($0)" } ?? ""), method: "GET")
        if reply.status == 404 { return nil }
        guard reply.status == 200, let view = try? JSONDecoder().decode(ServiceView.self, from: reply.body) else {
            throw .verificationFailed(
                "GET /v1/services/\(id) answered \(reply.status): \(String(decoding: reply.body.prefix(200), as: UTF8.self))")
        }
        return view
    }

    /// Continues the service's nonce chain (and its nonces to `destinations`) from where the node
    /// has it, finalized frames and pending ones (a service that lost its state, or another run).
    public mutating func resume(to destinations: [Hash32] = []) async throws(ToolError) {
        var nonces = sender.nonces
        var chain = sender.chain
        for destination in destinations.isEmpty ? [id] : destinations {
            guard let view = try await Self.service(id, to: destination, rpc: rpc) else { return }
            if let value = Hash32(hex: view.pendingChain) { chain = value }
            nonces[destination] = view.lastNonce ?? 0
        }
        sender = FrameSender(identity: sender.identity, chain: chain, nonces: nonces)
    }

    /// Uses `identity` from now on (after a rotation is final), keeping the chain.
    public mutating func adopt(_ identity: ServiceIdentity) {
        sender = FrameSender(identity: identity, chain: sender.chain, nonces: sender.nonces)
    }

    /// The node's newest finalized tick.
    public static func tick(rpc: RPCClient) async throws(ToolError) -> TickRef {
        let status = try await rpc.getJSON("/v1/status", as: NodeStatus.self)
        guard let tick = status.tick?.ref else { throw .verificationFailed("the node's status names no Proof-of-History tick") }
        return tick
    }

    /// Builds the next frame with `make` (on a fresh tick) and submits it; the sending state moves
    /// on only if the node took it. Returns the frame.
    @discardableResult
    public mutating func submit(_ make: (inout FrameSender, TickRef) -> Frame) async throws(ToolError) -> Frame {
        let tick = try await Self.tick(rpc: rpc)
        var next = sender
        let frame = make(&next, tick)
        let reply = try await rpc.exchange("/v1/frames", method: "POST", body: Data(frame.canonicalBytes()))
        guard reply.status == 202 else {
            throw .verificationFailed(
                "the node refused the frame (\(reply.status)): \(String(decoding: reply.body.prefix(400), as: UTF8.self))")
        }
        sender = next
        return frame
    }

    /// Waits until the frame `id` is finalized at the node (polling every 100 ms, for at most `timeout` s).
    public static func waitFinalized(_ id: Hash32, rpc: RPCClient, timeout: Double = 30) async throws(ToolError)
        -> FrameLocationView
    {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let reply = try await rpc.exchange("/v1/frames/\(id)", method: "GET")
            if reply.status == 200, let view = try? JSONDecoder().decode(FrameLocationView.self, from: reply.body),
                view.status == "finalized"
            {
                return view
            }
            guard Date() < deadline else {
                throw .verificationFailed("frame \(id) was not finalized within \(Int(timeout)) s (last answer \(reply.status))")
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
    }

    /// The finalized frames to `destination` from height `from` on, in chain order (all pages).
    public static func frames(to destination: Hash32, from: UInt64 = 1, rpc: RPCClient) async throws(ToolError) -> [Frame] {
        var out: [Frame] = []
        var start = from
        let latest = try await rpc.getJSON("/v1/status", as: NodeStatus.self).height
        while start <= latest {
            let views = try await rpc.getJSON("/v1/frames?dst=\(destination)&from=\(start)&to=\(latest)", as: [FrameView].self)
            for view in views {
                do {
                    out.append(try Frame(canonicalBytes: try Hex.decode(view.frame)))
                } catch {
                    throw .verificationFailed("the node served a frame that does not decode: \(error)")
                }
            }
            start += 256
        }
        return out
    }
}
