import BPICodec
import BPIDA
import BPIHash
import BPILightClient
import BPILightClientTool
import BPIPinner
import BPIToolKit
import BPITypes
import Foundation

/// `bpi da sample` (docs/SPEC.md §15.4): one validator's samples of a committed object, from a
/// pinner, each checked all the way to a header verified from genesis.
extension DATool {
    /// What sampling found.
    public struct SampleReport: Codable, Sendable {
        public var objectID: String
        public var height: UInt64
        public var validator: Int
        /// Distinct shards sampled per chunk, the honest samplers assumed, and log₂ P_miss of the plan
        /// (nil when a miss is impossible: s ≥ k samples of a chunk leave no room for k − 1 available shards).
        public var perChunk: Int
        public var samplers: Int
        public var log2Miss: Double?
        public var sampled: Int
        public var intact: Int
        /// Positions that failed (`chunk/shard: why`): each opens a challenge.
        public var failed: [String]
        /// The positions sampled, in schedule order.
        public var positions: [ShardPosition] = []
        /// The failed positions themselves.
        public var failedPositions: [ShardPosition] = []
        /// With a challenging service: the challenges opened, one per failed position
        /// (`id chunk/shard due by height`), or why one could not be.
        public var challenges: [String]?
    }

    /// The trusted genesis: the file at `path`, or the node's when there is none.
    static func loadGenesis(path: String?, rpc: RPCClient) async throws(ToolError) -> Genesis {
        do {
            let bytes: Data
            if let path {
                bytes = Data(try InputReader.readAll(path: path))
            } else {
                bytes = try await rpc.get("/v1/genesis")
            }
            return try Genesis(json: bytes)
        } catch let error as ToolError {
            throw error
        } catch {
            throw .badInput("the genesis does not load: \(error)")
        }
    }

    /// Verifies the chain from genesis up to the height that committed `id`, checks the object is
    /// under its `daRoot`, draws validator `validator`'s schedule from that header's VRF output and
    /// reads each sampled shard from `pinner`, checking it against the object.
    public static func sample(
        rpc: RPCClient, pinner: RPCClient, id: String, validator: Int, genesisPath: String?, perChunk: Int?
    ) async throws(ToolError) -> SampleReport {
        guard Hash32(hex: id) != nil else { throw .badInput("--id takes an object id (64 hex digits)") }
        let proofFile = try await rpc.getJSON("/v1/da/objects/\(id)", as: DAObjectProof.self)
        let parts: (object: DAObject, proof: MerkleProof)
        do {
            parts = try proofFile.parts()
        } catch {
            throw .verificationFailed("the node's object proof: \(error.description)")
        }
        let genesis = try await loadGenesis(path: genesisPath, rpc: rpc)
        let chain = ChainFile(entries: try await rpc.chain(through: proofFile.height))
        let (_, verified, refusal) = try LightClientTool.verifiedHeader(genesis: genesis, chain: chain, height: proofFile.height)
        guard let header = verified else { throw .verificationFailed(refusal ?? "the chain does not verify") }
        do {
            try DAInclusion.check(parts.object, proof: parts.proof, header: header)
        } catch {
            throw .verificationFailed(error.description)
        }
        // The set that signed the committing header.
        var set = genesis.validatorSet
        for entry in chain.entries where entry.header.height < header.height {
            if let next = entry.nextValidatorSet { set = next }
        }
        guard validator >= 0, validator < set.count else {
            throw .badInput("--validator must be an index of the \(set.count)-member set that signed height \(header.height)")
        }
        let object = parts.object
        var plan = SamplingPlan.minimal(k: Int(object.k), n: Int(object.n), validators: set.count)
        if let perChunk { plan.perChunk = perChunk }
        let schedule = SampleSchedule(
            object: object, vrfOutput: header.vrfOutput, identityKey: set.validators[validator].identityKey,
            perChunk: plan.perChunk)
        var failed: [String] = []
        var failedPositions: [ShardPosition] = []
        for position in schedule.positions {
            let before = failed.count
            defer { if failed.count > before { failedPositions.append(position) } }
            let path = ShardView.path(objectID: id, chunk: position.chunk, shard: position.shard)
            do {
                let view = try await pinner.getJSON(path, as: ShardView.self)
                let (bytes, shardHeader, shardProof) = try view.parts()
                guard shardHeader.chunkIndex == position.chunk, shardHeader.shardIndex == position.shard else {
                    failed.append("\(position): the pinner answered another shard")
                    continue
                }
                if let why = object.refusal(shard: bytes, header: shardHeader, proof: shardProof) {
                    failed.append("\(position): \(why)")
                }
            } catch {
                failed.append("\(position): \(error)")
            }
        }
        return SampleReport(
            objectID: object.id.hex, height: header.height, validator: validator, perChunk: plan.perChunk,
            samplers: plan.samplers, log2Miss: plan.log2Miss.isFinite ? plan.log2Miss : nil, sampled: schedule.positions.count,
            intact: schedule.positions.count - failed.count, failed: failed, positions: schedule.positions,
            failedPositions: failedPositions)
    }

    /// A registered service that opens a challenge for each failed sample (§15.8).
    public struct Challenger: Sendable {
        public var home: URL
        public var service: String
        public var passphrase: [UInt8]
        public var timeout: Double

        public init(home: URL, service: String, passphrase: [UInt8], timeout: Double) {
            self.home = home
            self.service = service
            self.passphrase = passphrase
            self.timeout = timeout
        }
    }

    /// Opens a challenge, as `challenger`, for every failed position of `report`; records each in
    /// `report.challenges`. A position that already has an open challenge is reported, not retried.
    public static func challengeFailures(_ report: inout SampleReport, rpc: RPCClient, as challenger: Challenger) async {
        var opened: [String] = []
        for position in report.failedPositions {
            do {
                let c = try await challenge(
                    id: report.objectID, chunk: position.chunk, shard: position.shard, home: challenger.home,
                    service: challenger.service, passphrase: challenger.passphrase, rpc: rpc, timeout: challenger.timeout)
                opened.append("\(c.challengeID) \(position) due by height \(c.deadline)")
            } catch {
                opened.append("\(position): not challenged: \(error)")
            }
        }
        report.challenges = opened
    }
}
