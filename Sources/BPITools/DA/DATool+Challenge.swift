import BPICodec
import BPIDA
import BPIFrames
import BPIHash
import BPILightClient
import BPILightClientTool
import BPINode
import BPIPinner
import BPIToolKit
import BPITypes
import Foundation

/// `bpi da challenge|respond|fault` (docs/SPEC.md §15.8): a service challenges a storer for one
/// shard, the storer answers with the shard and its proof, and an unanswered challenge becomes
/// fault evidence a light client checks from the genesis.
extension DATool {
    /// What `challenge` did.
    public struct Challenged: Codable, Sendable {
        public var challengeID: String
        public var objectID: String
        public var chunk: UInt64
        public var shard: UInt64
        public var storer: String
        public var height: UInt64
        public var deadline: UInt64

        /// Lines for a person.
        public var text: String {
            "challenge \(challengeID)\nshard \(chunk)/\(shard) of object \(objectID)\nstorer \(storer)\n"
                + "finalized at height \(height); answer due by height \(deadline)"
        }
    }

    /// Challenges the storer of object `id` for shard `chunk`/`shard`: a da-challenge frame from
    /// service `service` to the object's storer, waited on until final.
    public static func challenge(
        id: String, chunk: UInt64, shard: UInt64, home: URL, service: String, passphrase: [UInt8], rpc: RPCClient,
        timeout: Double
    ) async throws(ToolError) -> Challenged {
        guard let objectID = Hash32(hex: id) else { throw .badInput("--id takes an object id (64 hex digits)") }
        let proof = try await rpc.getJSON("/v1/da/objects/\(objectID.hex)", as: DAObjectProof.self)
        guard let storer = proof.storer.flatMap(Hash32.init(hex:)) else {
            throw .verificationFailed("the node does not name object \(objectID)'s storer")
        }
        let challenge = DAChallenge(objectID: objectID, chunk: chunk, shard: shard)
        let (frame, height) = try await ServiceTool.submitFinalized(
            home: home, name: service, passphrase: passphrase, rpc: rpc, timeout: timeout, to: storer
        ) { s, tick in s.daChallenge(challenge, storer: storer, tick: tick) }
        return Challenged(
            challengeID: frame.id.hex, objectID: objectID.hex, chunk: chunk, shard: shard, storer: storer.hex, height: height,
            deadline: DAChallenge.deadline(challengedAt: height))
    }

    /// Where `respond` reads the challenged shards from.
    public enum ShardSource: Sendable {
        /// A directory `bpi da encode` wrote.
        case directory(String)
        /// A pinner's API.
        case pinner(RPCClient)
    }

    /// What `respond` did.
    public struct Responded: Codable, Sendable {
        /// Challenges answered: `id chunk/shard at height`.
        public var answered: [String]
        /// Challenges that could not be answered, and why.
        public var unanswered: [String]
    }

    /// Answers the open challenges naming service `service` (or only `only`): each challenged
    /// shard, read from `source` and checked, goes back to its challenger in a da-response frame,
    /// waited on until final.
    public static func respond(
        home: URL, service: String, passphrase: [UInt8], rpc: RPCClient, source: ShardSource, only: String?,
        timeout: Double
    ) async throws(ToolError) -> Responded {
        let (identity, _) = try ServiceTool.unlock(home: home, name: service, passphrase: passphrase)
        var open = try await rpc.getJSON("/v1/da/challenges?storer=\(identity.id.hex)", as: [DAChallengeView].self)
        if let only {
            guard Hash32(hex: only) != nil else { throw .badInput("--challenge takes a challenge id (64 hex digits)") }
            open = open.filter { $0.id == only.lowercased() }
            guard !open.isEmpty else { throw .verificationFailed("challenge \(only) is not open against \(service)") }
        }
        var report = Responded(answered: [], unanswered: [])
        for c in open {
            guard let challengeID = Hash32(hex: c.id), let challenger = Hash32(hex: c.challenger) else {
                report.unanswered.append("\(c.id): the node's view does not parse")
                continue
            }
            let response: DAResponse
            do {
                response = try await shard(for: c, challengeID: challengeID, from: source, rpc: rpc)
            } catch {
                report.unanswered.append("\(c.id) \(c.chunk)/\(c.shard): \(error)")
                continue
            }
            let (_, height) = try await ServiceTool.submitFinalized(
                home: home, name: service, passphrase: passphrase, rpc: rpc, timeout: timeout, to: challenger
            ) { s, tick in s.daResponse(response, challenger: challenger, tick: tick) }
            report.answered.append("\(c.id) \(c.chunk)/\(c.shard) at height \(height)")
        }
        return report
    }

    /// The response to challenge `c`: the shard from `source`, checked against the committed object.
    static func shard(for c: DAChallengeView, challengeID: Hash32, from source: ShardSource, rpc: RPCClient)
        async throws(ToolError) -> DAResponse
    {
        let objectFile = try await rpc.getJSON("/v1/da/objects/\(c.objectID)", as: DAObjectProof.self)
        let object: DAObject
        do {
            object = try objectFile.parts().object
        } catch {
            throw .verificationFailed("the node's object proof: \(error.description)")
        }
        let response: DAResponse
        switch source {
        case .pinner(let pinner):
            let view = try await pinner.getJSON(
                ShardView.path(objectID: c.objectID, chunk: c.chunk, shard: c.shard), as: ShardView.self)
            do {
                let (bytes, header, proof) = try view.parts()
                response = DAResponse(challengeID: challengeID, header: header, shard: bytes, proof: proof)
            } catch {
                throw .verificationFailed("the pinner's shard: \(error)")
            }
        case .directory(let dir):
            let manifest = try readManifest(dir)
            let file = URL(fileURLWithPath: dir).appendingPathComponent("chunk-\(c.chunk)-shard-\(c.shard).bin").path
            let bytes = try InputReader.readAll(path: file)
            do {
                let (header, proof) = try manifest.tree().proof(chunk: Int(c.chunk), shard: Int(c.shard))
                response = DAResponse(challengeID: challengeID, header: header, shard: bytes, proof: proof)
            } catch {
                throw .badInput("\(dir): \(error)")
            }
        }
        let challenge = DAChallenge(objectID: object.id, chunk: c.chunk, shard: c.shard)
        if let why = response.refusal(challenge: challenge, object: object) {
            throw .verificationFailed("the shard does not check against the committed object: \(why)")
        }
        return response
    }

    /// What `fault` found.
    public struct FaultReport: Codable, Sendable {
        public var challengeID: String
        /// `open`, `answered` or `faulted`.
        public var status: String
        public var objectID: String
        public var chunk: UInt64
        public var shard: UInt64
        public var storer: String
        public var challenger: String
        public var height: UInt64
        public var deadline: UInt64
        /// The height whose block carries the evidence, when faulted.
        public var faultHeight: UInt64?
        /// Whether the evidence checked against headers verified from the genesis.
        public var verified: Bool
        /// Why it did not, when it did not.
        public var refusal: String?
    }

    /// Looks up challenge `id` on the node and, when it is faulted, verifies the chain from the
    /// genesis through the carrying height (the light client checks the evidence list against
    /// `evidenceRoot` and the challenge against its recent `framesRoot`) and the evidence's commit
    /// and challenge frames against the verified headers at their heights (`DAFaultCheck`).
    public static func fault(rpc: RPCClient, id: String, genesisPath: String?) async throws(ToolError) -> FaultReport {
        guard Hash32(hex: id) != nil else { throw .badInput("--challenge takes a challenge id (64 hex digits)") }
        let view = try await rpc.getJSON("/v1/da/challenges/\(id.lowercased())", as: DAChallengeView.self)
        var report = FaultReport(
            challengeID: view.id, status: view.status, objectID: view.objectID, chunk: view.chunk, shard: view.shard,
            storer: view.storer, challenger: view.challenger, height: view.height, deadline: view.deadline,
            faultHeight: view.faultHeight, verified: false, refusal: nil)
        guard view.status == "faulted", let at = view.faultHeight else { return report }
        let genesis = try await loadGenesis(path: genesisPath, rpc: rpc)
        let chain = ChainFile(entries: try await rpc.chain(through: at))
        let (_, carrying, refusal) = try LightClientTool.verifiedHeader(genesis: genesis, chain: chain, height: at)
        guard carrying != nil, let entry = chain.entries.first(where: { $0.header.height == at }) else {
            report.refusal = refusal ?? "height \(at) is not verified"
            return report
        }
        guard let fault = entry.daFaults.first(where: { $0.challengeID.hex == view.id }) else {
            report.refusal = "the verified block at height \(at) carries no fault for challenge \(view.id)"
            return report
        }
        let headers = Dictionary(chain.entries.map { ($0.header.height, $0.header) }, uniquingKeysWith: { a, _ in a })
        do {
            try DAFaultCheck.check(fault, carriedAt: at) { headers[$0] }
            report.verified = true
        } catch {
            report.refusal = error.description
        }
        return report
    }
}
