import BPICodec
import BPICrypto
import BPIFrames
import BPIHash
import BPINode
import BPIToolKit
import BPITypes
import Foundation

/// `bpi service register|rotate|show` (docs/CLI.md): a service's keys live in the keystore
/// (`<home>/keys/<name>.key`, the Ed25519 signing key, encrypted; the X25519 session secret is
/// derived from it) and what the chain confirmed in `<home>/services/<name>.json`. Registration and
/// rotation wait until the chain finalized them; a rotation's new key is written to disk (sealed)
/// before its frame is sent, so a crash between the two never loses the key the chain holds.
public enum ServiceTool {
    /// What `<home>/services/<name>.json` records.
    public struct Record: Codable, Sendable {
        /// The local name (the keystore's).
        public var name: String
        /// The SPIFFE ID.
        public var spiffeID: String
        /// The service id (hex).
        public var id: String
        /// The registration sequence the chain finalized.
        public var sequence: UInt64
        /// The height that finalized it.
        public var height: UInt64
    }

    static func directory(_ home: URL) -> URL { home.appendingPathComponent("services") }
    static func recordPath(_ home: URL, _ name: String) -> URL { directory(home).appendingPathComponent("\(name).json") }
    static func pendingKeyPath(_ home: URL, _ name: String) -> URL {
        directory(home).appendingPathComponent("\(name).rotation-pending.key")
    }

    /// The session secret of a service whose signing key is `key`: `derive_key("metanode/bpi/v1
    /// service session key", seed)`, so one sealed secret backs both.
    public static func identity(name: ServiceName, key: Ed25519PrivateKey) throws(ToolError) -> ServiceIdentity {
        let session = BLAKE3.deriveKey(context: "metanode/bpi/v1 service session key", material: key.seed.bytes)
        do {
            return try ServiceIdentity(name: name, signingSeed: key.seed.bytes, sessionSecret: session)
        } catch {
            throw .badInput("\(error)")
        }
    }

    /// The local record of `name`.
    public static func record(home: URL, name: String) throws(ToolError) -> Record {
        guard let data = FileManager.default.contents(atPath: recordPath(home, name).path) else {
            throw .badInput("no service named \(name) in \(directory(home).path): register it first (bpi service register)")
        }
        do {
            return try JSONDecoder().decode(Record.self, from: data)
        } catch {
            throw .badInput("\(recordPath(home, name).path): \(JSONProblem.describe(error))")
        }
    }

    static func save(_ record: Record, home: URL) throws(ToolError) {
        do {
            try FileManager.default.createDirectory(at: directory(home), withIntermediateDirectories: true)
            let data = ToolJSON.encode(record, pretty: true) ?? Data()
            try data.write(to: recordPath(home, record.name), options: .atomic)
        } catch {
            throw .io("cannot write \(recordPath(home, record.name).path): \(error)")
        }
    }

    /// Sends the frame `build` makes as the local service `name` (its chain resumed from the node
    /// first, with its last nonce to `destination`, itself by default) and waits until a header
    /// finalizes it: the frame and that height. What pinning an agreement, committing an object,
    /// challenging a storer and answering a challenge all are.
    public static func submitFinalized(
        home: URL, name: String, passphrase: [UInt8], rpc: RPCClient, timeout: Double, to destination: Hash32? = nil,
        _ build: (inout FrameSender, TickRef) -> Frame
    ) async throws(ToolError) -> (frame: Frame, height: UInt64) {
        let (identity, _) = try unlock(home: home, name: name, passphrase: passphrase)
        var client = ServiceClient(rpc: rpc, identity: identity)
        try await client.resume(to: [destination ?? client.id])
        let frame = try await client.submit(build)
        guard let height = try await ServiceClient.waitFinalized(frame.id, rpc: rpc, timeout: timeout).height else {
            throw .verificationFailed("the node reports frame \(frame.id) finalized without a height")
        }
        return (frame, height)
    }

    /// The unlocked identity of the local service `name`.
    public static func unlock(home: URL, name: String, passphrase: [UInt8]) throws(ToolError) -> (ServiceIdentity, Record) {
        let record = try record(home: home, name: name)
        let key: Ed25519PrivateKey
        do {
            key = try Keystore(home: home).unlock(name: name, passphrase: passphrase)
        } catch {
            throw .badInput("\(error)")
        }
        let serviceName: ServiceName
        do {
            serviceName = try ServiceName(record.spiffeID)
        } catch {
            throw .badInput("\(recordPath(home, name).path): \(error)")
        }
        return (try identity(name: serviceName, key: key), record)
    }

    /// Registers service `spiffeID` under the local name `name` (creating its key if needed) and
    /// waits until the chain finalized it.
    public static func register(
        home: URL, name: String, spiffeID: String, passphrase: [UInt8], rpc: RPCClient, timeout: Double
    ) async throws(ToolError) -> Record {
        let serviceName: ServiceName
        do {
            serviceName = try ServiceName(spiffeID)
            try Keystore.validate(name: name)
        } catch {
            throw .badInput("\(error)")
        }
        if FileManager.default.fileExists(atPath: recordPath(home, name).path) {
            throw .badInput("a service named \(name) is registered here already (\(recordPath(home, name).path))")
        }
        let keystore = Keystore(home: home)
        let key: Ed25519PrivateKey
        do {
            if (try? keystore.load(name: name)) != nil {
                // An existing key (a wrong passphrase is an error, never a reason to make another key).
                key = try keystore.unlock(name: name, passphrase: passphrase)
            } else {
                key = Ed25519PrivateKey.generate()
                try keystore.generate(name: name, passphrase: passphrase, key: key)
            }
        } catch {
            throw .badInput("\(error)")
        }
        var client = ServiceClient(rpc: rpc, identity: try identity(name: serviceName, key: key))
        if let known = try await ServiceClient.service(client.id, rpc: rpc), known.name != nil {
            throw .verificationFailed(
                "\(spiffeID) is registered on chain already (sequence \(known.sequence ?? 0)); it cannot be registered again")
        }
        try await client.resume()
        let frame = try await client.submit { s, tick in s.register(tick: tick) }
        let at = try await ServiceClient.waitFinalized(frame.id, rpc: rpc, timeout: timeout)
        let record = Record(name: name, spiffeID: spiffeID, id: client.id.description, sequence: 0, height: at.height ?? 0)
        try save(record, home: home)
        return record
    }

    /// Rotates the local service `name` to a new key (sequence + 1, signed by the old and the new
    /// key), waits until the chain finalized it, then installs the new key locally. The new key is
    /// sealed on disk before the frame is sent; a run interrupted after that resumes with it.
    public static func rotate(home: URL, name: String, passphrase: [UInt8], rpc: RPCClient, timeout: Double)
        async throws(ToolError) -> Record
    {
        var (current, record) = try unlock(home: home, name: name, passphrase: passphrase)
        let pendingPath = pendingKeyPath(home, name).path
        let next: Ed25519PrivateKey
        do {
            if let data = FileManager.default.contents(atPath: pendingPath) {
                next = try KeyFile(canonicalBytes: [UInt8](data)).unlock(passphrase: passphrase)
            } else {
                next = Ed25519PrivateKey.generate()
                let sealed = try KeyFile(name: name, sequence: record.sequence + 1, key: next, passphrase: passphrase)
                try Keystore.writeSecretFile(sealed.canonicalBytes(), path: pendingPath)
            }
        } catch {
            throw .io("the rotation's new key: \(error)")
        }
        let nextIdentity = try identity(name: current.name, key: next)
        let onChain = try await ServiceClient.service(current.id, rpc: rpc)
        if onChain?.signingKey != nextIdentity.signing.publicKey.description {
            var client = ServiceClient(rpc: rpc, identity: current)
            try await client.resume()
            let sequence = record.sequence + 1
            let frame = try await client.submit { s, tick in s.rotate(to: nextIdentity, sequence: sequence, tick: tick) }
            let at = try await ServiceClient.waitFinalized(frame.id, rpc: rpc, timeout: timeout)
            record.height = at.height ?? 0
        }
        do {
            _ = try Keystore(home: home).rotate(name: name, passphrase: passphrase, to: next)
        } catch {
            throw .io("the chain holds the new key, but it could not be installed (it stays in \(pendingPath)): \(error)")
        }
        try? FileManager.default.removeItem(atPath: pendingPath)
        record.sequence += 1
        try save(record, home: home)
        current = nextIdentity
        return record
    }

    /// A service id from a local name, a SPIFFE ID or 64 hex digits.
    public static func resolve(_ text: String, home: URL) throws(ToolError) -> Hash32 {
        if let id = Hash32(hex: text), text.count == 64 { return id }
        if text.hasPrefix("spiffe://") {
            do {
                return try ServiceName(text).id
            } catch {
                throw .badInput("\(error)")
            }
        }
        guard let id = Hash32(hex: try record(home: home, name: text).id) else {
            throw .badInput("\(recordPath(home, text).path) holds no valid id")
        }
        return id
    }

    /// What the node knows of a service, as text or JSON.
    public static func show(_ id: Hash32, rpc: RPCClient, json: Bool) async throws(ToolError) -> String {
        guard let view = try await ServiceClient.service(id, rpc: rpc) else {
            throw .verificationFailed("service \(id) is not registered at \(rpc.base.absoluteString)")
        }
        if json { return String(decoding: ToolJSON.encode(view) ?? Data(), as: UTF8.self) }
        return [
            "service: \(view.name ?? "(registration pending)")", "id: \(view.id)", "signing key: \(view.signingKey ?? "-")",
            "session key: \(view.sessionKey ?? "-")",
            "sequence: \(view.sequence.map(String.init) ?? "-") (finalized at height \(view.registeredAt.map(String.init) ?? "-"))",
            "nonce chain: \(view.finalizedChain) (with pending frames: \(view.pendingChain))",
        ].joined(separator: "\n")
    }
}
