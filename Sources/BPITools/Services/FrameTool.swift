import BPICodec
import BPICrypto
import BPIFrames
import BPIHash
import BPILightClient
import BPILightClientTool
import BPINode
import BPIToolKit
import BPITypes
import Foundation

/// `bpi frame send|recv|prove|verify-proof` (docs/CLI.md). Sessions are kept per pair under
/// `<home>/services/<name>.sessions/<peer id>.session` (mode 0600: they hold session keys).
public enum FrameTool {
    static func sessionPath(_ home: URL, _ name: String, peer: Hash32) -> URL {
        ServiceTool.directory(home).appendingPathComponent("\(name).sessions").appendingPathComponent("\(peer).session")
    }

    static func loadSession(_ home: URL, _ name: String, peer: Hash32) throws(ToolError) -> ServiceSession? {
        guard let data = FileManager.default.contents(atPath: sessionPath(home, name, peer: peer).path) else { return nil }
        do {
            return try ServiceSession(exported: [UInt8](data))
        } catch {
            throw .badInput("\(sessionPath(home, name, peer: peer).path): \(error)")
        }
    }

    static func saveSession(_ session: ServiceSession, home: URL, name: String) throws(ToolError) {
        let path = sessionPath(home, name, peer: session.peer)
        do {
            try FileManager.default.createDirectory(at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? FileManager.default.removeItem(at: path)
            try Keystore.writeSecretFile(session.exported(), path: path.path)
        } catch let error as ToolError {
            throw error
        } catch {
            throw .io("cannot save the session to \(path.path): \(error)")
        }
    }

    /// What `send` did.
    public struct Sent: Sendable, Codable {
        public var id: String
        public var to: String
        public var nonce: UInt64
        public var sessionCreated: Bool
        public var height: UInt64?
    }

    /// Sends `data` from the local service `from` to `to` (a local name, SPIFFE ID or id) through
    /// an end-to-end session: the saved one, or a new one set up through the mesh when `to` is a
    /// local service too (this process answers the handshake for it).
    public static func send(
        home: URL, from: String, to: String, data: [UInt8], passphrase: [UInt8], rpc: RPCClient, wait: Bool, timeout: Double
    ) async throws(ToolError) -> Sent {
        guard data.count <= Frame.maxPayloadBytes - 4 - 24 - 16 else {
            throw .badInput("--data-file holds \(data.count) bytes; a frame carries at most \(Frame.maxPayloadBytes - 44)")
        }
        let (identity, _) = try ServiceTool.unlock(home: home, name: from, passphrase: passphrase)
        let peer = try ServiceTool.resolve(to, home: home)
        var client = ServiceClient(rpc: rpc, identity: identity)
        try await client.resume(to: [peer])
        var created = false
        var session: ServiceSession
        if let saved = try loadSession(home, from, peer: peer) {
            session = saved
        } else if FileManager.default.fileExists(atPath: ServiceTool.recordPath(home, to).path) {
            // Both services are here: this process answers the handshake for the destination.
            let (peerIdentity, _) = try ServiceTool.unlock(home: home, name: to, passphrase: passphrase)
            var responder = ServiceClient(rpc: rpc, identity: peerIdentity)
            try await responder.resume(to: [client.id])
            let (initiator, answering) = try await SessionSetup.connect(&client, &responder, timeout: timeout)
            try saveSession(answering, home: home, name: to)
            session = initiator
            created = true
        } else {
            // The destination answers for itself (its operator runs bpi frame recv): wait for it.
            let (pending, height) = try await SessionSetup.hello(from: &client, to: peer, timeout: timeout)
            session = try await SessionSetup.complete(pending, for: client, from: height, timeout: timeout)
            created = true
        }
        let frame = try await client.submit { s, tick in
            s.data(data, session: &session, tick: tick, now: UInt64(Date().timeIntervalSince1970 * 1e9))
        }
        try saveSession(session, home: home, name: from)
        var height: UInt64?
        if wait { height = try await ServiceClient.waitFinalized(frame.id, rpc: rpc, timeout: timeout).height }
        return Sent(
            id: frame.id.description, to: peer.description, nonce: frame.header.nonce, sessionCreated: created, height: height)
    }

    /// One received data frame.
    public struct Received: Sendable, Codable {
        public var id: String
        public var from: String
        public var nonce: UInt64
        /// The plaintext, UTF-8 when it is, else hex (`hex` says which).
        public var data: String
        public var hex: Bool
    }

    /// Decrypts, in order, the data frames finalized for the local service `name` that arrived
    /// after the last run (per-peer sessions advance; what was read is not read again), and
    /// answers the session handshakes other services opened with it.
    public static func receive(home: URL, name: String, passphrase: [UInt8], rpc: RPCClient) async throws(ToolError)
        -> (frames: [Received], answered: [String])
    {
        let (identity, _) = try ServiceTool.unlock(home: home, name: name, passphrase: passphrase)
        let cursorPath = ServiceTool.directory(home).appendingPathComponent("\(name).sessions").appendingPathComponent("cursor")
        let seen = Set(
            (FileManager.default.contents(atPath: cursorPath.path).map { String(decoding: $0, as: UTF8.self) } ?? "")
                .split(separator: "\n").map(String.init))
        var out: [Received] = []
        var sessions: [Hash32: ServiceSession] = [:]
        var newlySeen: [String] = []
        var answered: [String] = []
        var answering = ServiceClient(rpc: rpc, identity: identity)
        var resumed = false
        for frame in try await ServiceClient.frames(to: identity.id, rpc: rpc) {
            let id = frame.id.description
            guard !seen.contains(id) else { continue }
            let source = frame.header.source
            if frame.header.kind == .handshake {
                // A service opening a session with this one: answer it (an answer to a session this
                // service opened is not a first message and is passed over).
                newlySeen.append(id)
                if !resumed {
                    try await answering.resume(to: [source])
                    resumed = true
                }
                if let session = try? await SessionSetup.answer(frame, as: &answering, timeout: 60) {
                    sessions[source] = session
                    answered.append(source.description)
                }
                continue
            }
            guard frame.header.kind == .data else { continue }
            if sessions[source] == nil { sessions[source] = try loadSession(home, name, peer: source) }
            guard var session = sessions[source] else {
                throw .verificationFailed("a frame from \(source) arrived, but there is no session with it here")
            }
            let plaintext: [UInt8]
            do {
                plaintext = try session.open(frame.sealedPayload, header: frame.header)
            } catch {
                throw .verificationFailed("frame \(id) from \(source): \(error)")
            }
            sessions[source] = session
            let text = String(validating: plaintext, as: UTF8.self)
            out.append(
                Received(
                    id: id, from: source.description, nonce: frame.header.nonce, data: text ?? Hex.encode(plaintext),
                    hex: text == nil))
            newlySeen.append(id)
        }
        for session in sessions.values { try saveSession(session, home: home, name: name) }
        if !newlySeen.isEmpty {
            let all = (Array(seen) + newlySeen).joined(separator: "\n")
            do {
                try FileManager.default.createDirectory(
                    at: cursorPath.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(all.utf8).write(to: cursorPath, options: .atomic)
            } catch {
                throw .io("cannot record what was read in \(cursorPath.path): \(error)")
            }
        }
        return (out, answered)
    }

    /// The inclusion proof of frame `id` as the node serves it (JSON).
    public static func prove(id: Hash32, rpc: RPCClient) async throws(ToolError) -> FrameLocationView {
        let reply = try await rpc.exchange("/v1/frames/\(id)", method: "GET")
        guard reply.status == 200, let view = try? JSONDecoder().decode(FrameLocationView.self, from: reply.body) else {
            throw .verificationFailed("the node has no frame \(id) (\(reply.status))")
        }
        guard view.status == "finalized" else { throw .verificationFailed("frame \(id) is pending, not finalized yet") }
        return view
    }

    /// Reads a proof written by `prove` (JSON).
    public static func loadProof(_ path: String) throws(ToolError) -> FrameLocationView {
        let data = try InputReader.readAll(path: path)
        do {
            return try JSONDecoder().decode(FrameLocationView.self, from: Data(data))
        } catch {
            throw .badInput("\(path): \(JSONProblem.describe(error))")
        }
    }

    /// Checks a proof from `prove` against a header the light client verified from `genesis`
    /// (fetching the chain up to the proof's height from `rpc`). Throws `.badInput` for a
    /// malformed proof, `.verificationFailed` for one that does not hold.
    public static func verifyProof(_ proof: FrameLocationView, genesis: Genesis, rpc: RPCClient) async throws(ToolError)
        -> UInt64
    {
        guard let height = proof.height, let index = proof.index, let count = proof.count, let hex = proof.frame,
            let siblings = proof.siblings, let bytes = try? Hex.decode(hex)
        else { throw .badInput("the proof lacks height, index, count, siblings or frame") }
        let frame: Frame
        let path: [Hash32]
        do {
            frame = try Frame(canonicalBytes: bytes)
            path = try siblings.map { Hash32(bytes: try Hex.decode($0)) }
        } catch {
            throw .badInput("the proof's frame or siblings do not decode: \(error)")
        }
        let entries = try await rpc.chain(through: height)
        let report = try LightClientTool.verify(genesis: genesis, chain: ChainFile(entries: entries))
        if let failure = report.failure {
            throw .verificationFailed("the light client refused the chain: \(failure.description)")
        }
        guard report.verifiedHeight >= height, entries.count >= Int(height) else {
            throw .verificationFailed("the node served only \(report.verifiedHeight) of the \(height) headers the proof needs")
        }
        let header = entries[Int(height) - 1].header
        let root: Hash32
        do {
            root = try MerkleProof(index: UInt64(index), count: UInt64(count), siblings: path).root(forLeafHash: frame.id)
        } catch {
            throw .verificationFailed("the Merkle path does not apply: \(error)")
        }
        guard root == header.framesRoot else {
            throw .verificationFailed("the frame is not under header \(height)'s frames_root (the proof leads to \(root))")
        }
        return height
    }
}
