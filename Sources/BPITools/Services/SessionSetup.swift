import BPICodec
import BPIFrames
import BPIHash
import BPIToolKit
import BPITypes
import Foundation

/// Sets up an end-to-end session between two services through the mesh (docs/SPEC.md §12.2),
/// when this process holds both services' keys (the demo, `bpi frame send` between local
/// services): the initiator's handshake frame is finalized, the responder reads it from the chain,
/// checks the initiator's key against the directory, answers with its own handshake frame, and the
/// initiator completes the session from that answer once it is finalized.
public enum SessionSetup {
    /// The session key the node's directory holds for `client`'s service.
    static func sessionKey(of client: ServiceClient, rpc: RPCClient) async throws(ToolError) -> [UInt8] {
        guard let view = try await ServiceClient.service(client.id, rpc: rpc),
            let key = view.sessionKey.flatMap({ try? Hex.decode($0) })
        else { throw .badInput("\(client.sender.identity.name) is not registered: register it first") }
        return key
    }

    /// The two ends of a new session: the initiator's (`from`) and the responder's (`to`).
    public static func connect(
        _ from: inout ServiceClient, _ to: inout ServiceClient, timeout: Double = 30, rekeyFrames: UInt64 = 1_000,
        rekeySeconds: Double = 600
    ) async throws(ToolError) -> (initiator: ServiceSession, responder: ServiceSession) {
        guard let peer = try await ServiceClient.service(to.id, rpc: from.rpc),
            let peerKey = peer.sessionKey.flatMap({ try? Hex.decode($0) })
        else { throw .badInput("\(to.sender.identity.name) is not registered: register it first") }
        let pending: PendingSession
        let hello: [UInt8]
        do {
            (pending, hello) = try PendingSession.initiate(
                me: from.id, sessionSecret: from.sender.identity.sessionSecret, peer: to.id, peerSessionKey: peerKey,
                rekeyFrames: rekeyFrames, rekeySeconds: rekeySeconds)
        } catch {
            throw .verificationFailed("session: \(error)")
        }
        let destination = to.id
        let first = try await from.submit { s, tick in s.frame(to: destination, kind: .handshake, payload: hello, tick: tick) }
        let at = try await ServiceClient.waitFinalized(first.id, rpc: from.rpc, timeout: timeout)
        // The responder reads the handshake from the chain, as a service on its own would.
        let seen = try await ServiceClient.frames(to: to.id, from: at.height ?? 1, rpc: to.rpc)
        guard let received = seen.first(where: { $0.id == first.id }) else {
            throw .verificationFailed("the handshake frame is not among the frames finalized for \(to.sender.identity.name)")
        }
        guard let initiator = try await ServiceClient.service(from.id, rpc: to.rpc),
            let initiatorKey = initiator.sessionKey.flatMap({ try? Hex.decode($0) })
        else { throw .badInput("\(from.sender.identity.name) is not registered: register it first") }
        let responder: ServiceSession
        let answer: [UInt8]
        do {
            (responder, answer) = try ServiceSession.respond(
                me: to.id, sessionSecret: to.sender.identity.sessionSecret, peer: from.id, peerSessionKey: initiatorKey,
                message: received.sealedPayload, rekeyFrames: rekeyFrames, rekeySeconds: rekeySeconds)
        } catch {
            throw .verificationFailed("session: \(error)")
        }
        let back = from.id
        let reply = try await to.submit { s, tick in s.frame(to: back, kind: .handshake, payload: answer, tick: tick) }
        _ = try await ServiceClient.waitFinalized(reply.id, rpc: to.rpc, timeout: timeout)
        do {
            return (try pending.finish(reply.sealedPayload), responder)
        } catch {
            throw .verificationFailed("session: \(error)")
        }
    }
}
