import BPICodec
import BPIFrames
import BPIHash
import BPIToolKit
import BPITypes
import Foundation

/// Sets up end-to-end sessions between services through the mesh (docs/SPEC.md §12.2): the
/// initiator's handshake frame (`hello`) is finalized, the responder reads it from the chain,
/// checks the initiator's key against the directory and answers with its own handshake frame
/// (`answer`), and the initiator completes the session from that answer once it is finalized
/// (`complete`). `connect` runs all three when one process holds both services' keys.
public enum SessionSetup {
    /// The session key the node's directory holds for service `id`.
    static func sessionKey(of id: Hash32, name: String, rpc: RPCClient) async throws(ToolError) -> [UInt8] {
        guard let view = try await ServiceClient.service(id, rpc: rpc), let key = view.sessionKey.flatMap({ try? Hex.decode($0) })
        else { throw .badInput("\(name) is not registered: register it first") }
        return key
    }

    /// Sends the initiator's first message to `peer` and waits until it is finalized. Returns the
    /// pending session and the height that finalized the hello.
    public static func hello(
        from client: inout ServiceClient, to peer: Hash32, timeout: Double, rekeyFrames: UInt64 = 1_000,
        rekeySeconds: Double = 600
    ) async throws(ToolError) -> (PendingSession, height: UInt64) {
        let peerKey = try await sessionKey(of: peer, name: peer.description, rpc: client.rpc)
        let pending: PendingSession
        let message: [UInt8]
        do {
            (pending, message) = try PendingSession.initiate(
                me: client.id, sessionSecret: client.sender.identity.sessionSecret, peer: peer, peerSessionKey: peerKey,
                rekeyFrames: rekeyFrames, rekeySeconds: rekeySeconds)
        } catch {
            throw .verificationFailed("session: \(error)")
        }
        let frame = try await client.submit { s, tick in s.frame(to: peer, kind: .handshake, payload: message, tick: tick) }
        let at = try await ServiceClient.waitFinalized(frame.id, rpc: client.rpc, timeout: timeout)
        return (pending, at.height ?? 1)
    }

    /// The responder's side: answers the finalized handshake frame `hello` (sent to `client`'s
    /// service), after checking that it proves the key the directory holds for its sender, and
    /// waits until the answer is finalized.
    public static func answer(
        _ hello: Frame, as client: inout ServiceClient, timeout: Double, rekeyFrames: UInt64 = 1_000, rekeySeconds: Double = 600
    ) async throws(ToolError) -> ServiceSession {
        let initiator = hello.header.source
        let initiatorKey = try await sessionKey(of: initiator, name: initiator.description, rpc: client.rpc)
        let session: ServiceSession
        let answer: [UInt8]
        do {
            (session, answer) = try ServiceSession.respond(
                me: client.id, sessionSecret: client.sender.identity.sessionSecret, peer: initiator, peerSessionKey: initiatorKey,
                message: hello.sealedPayload, rekeyFrames: rekeyFrames, rekeySeconds: rekeySeconds)
        } catch {
            throw .verificationFailed("session: \(error)")
        }
        let reply = try await client.submit { s, tick in s.frame(to: initiator, kind: .handshake, payload: answer, tick: tick) }
        _ = try await ServiceClient.waitFinalized(reply.id, rpc: client.rpc, timeout: timeout)
        return session
    }

    /// The initiator completes `pending` with the peer's answer: the first finalized handshake frame
    /// from the peer to `client`'s service, from `height` on, that completes it (polling for at
    /// most `timeout` seconds while the peer has not answered).
    public static func complete(
        _ pending: PendingSession, for client: ServiceClient, from height: UInt64, timeout: Double
    ) async throws(ToolError) -> ServiceSession {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            for frame in try await ServiceClient.frames(to: client.id, from: height, rpc: client.rpc)
            where frame.header.kind == .handshake && frame.header.source == pending.peer {
                if let session = try? pending.finish(frame.sealedPayload) { return session }
            }
            guard Date() < deadline else {
                throw .verificationFailed(
                    "\(pending.peer) did not answer the session handshake within \(Int(timeout)) s (its operator answers with bpi frame recv)"
                )
            }
            try? await Task.sleep(for: .milliseconds(200))
        }
    }

    /// Both ends of a new session when this process holds both services' keys: the initiator's
    /// (`from`) and the responder's (`to`).
    public static func connect(
        _ from: inout ServiceClient, _ to: inout ServiceClient, timeout: Double = 30, rekeyFrames: UInt64 = 1_000,
        rekeySeconds: Double = 600
    ) async throws(ToolError) -> (initiator: ServiceSession, responder: ServiceSession) {
        let (pending, height) = try await hello(
            from: &from, to: to.id, timeout: timeout, rekeyFrames: rekeyFrames, rekeySeconds: rekeySeconds)
        guard
            let received = try await ServiceClient.frames(to: to.id, from: height, rpc: to.rpc).first(where: {
                $0.header.kind == .handshake && $0.header.source == from.id
            })
        else { throw .verificationFailed("the handshake frame is not among the frames finalized for \(to.sender.identity.name)") }
        let responder = try await answer(
            received, as: &to, timeout: timeout, rekeyFrames: rekeyFrames, rekeySeconds: rekeySeconds)
        return (try await complete(pending, for: from, from: height, timeout: timeout), responder)
    }
}
