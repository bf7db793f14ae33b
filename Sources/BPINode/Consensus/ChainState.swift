import BPIHash
import BPILightClient
import BPIRules
import BPITypes

/// The validator's verified, stored chain: the light client that checked every stored header (and
/// so holds the trusted validator set — the one source of the set for the service), and what the
/// next header must extend. A block joins it only after the light-client rules pass and the
/// store has it on disk.
struct ChainState: Sendable {
    private(set) var light: LightClient
    private(set) var seed: [UInt8]
    private(set) var lastHash: Hash32
    private(set) var lastTimestamp: UInt64
    let genesis: Genesis

    /// Replays `store`'s chain through a fresh light client, so a restarted node resumes verified.
    init(genesis: Genesis, store: BlockStore) throws(NodeError) {
        self.genesis = genesis
        do {
            var light = try LightClient(genesis: genesis)
            let latest = try store.latestHeight()
            let entries = try store.entries(from: 1, through: latest)
            guard entries.count == latest else {
                throw NodeError.startup("the store holds \(entries.count) of heights 1…\(latest): some are missing")
            }
            try light.verify(contentsOf: entries)
            self.light = light
            let last = entries.last?.header
            seed = last?.vrfOutput ?? genesis.hash.bytes
            lastHash = last?.hash ?? genesis.hash
            lastTimestamp = last?.timestamp ?? genesis.genesisTime
        } catch let error as NodeError {
            throw error
        } catch {
            throw .startup("the stored chain does not verify: \(error)")
        }
    }

    /// The latest stored height.
    var height: UInt64 { light.height }
    /// The height being decided.
    var next: UInt64 { light.height + 1 }
    /// The trusted validator set.
    var set: ValidatorSet { light.validatorSet }
    /// Changes with every set change (a cheap test of "is this still the same set?").
    var setVersion: Int { light.rotations }

    /// What a proposal for the next height must extend.
    var tip: ChainTip {
        ChainTip(chainID: genesis.chainID, height: light.height, hash: lastHash, timestamp: lastTimestamp, seed: seed, set: set)
    }

    /// Verifies `block` with the light-client rules (its payloads against `framesRoot` too), stores
    /// it in `store`, then extends the chain. Throws, leaving the chain as it was, if either fails.
    mutating func extend(with block: FinalizedBlock, store: BlockStore) throws(ChainStateError) {
        let header = block.entry.header
        guard header.framesRoot == Block.payloadsRoot(block.payloads) else { throw .payloadsMismatch(height: header.height) }
        var verifier = light
        do {
            try verifier.verify(block.entry)
        } catch {
            throw .refused(height: header.height, reason: "\(error)")
        }
        do {
            try store.append(block, genesisHash: genesis.hash)
        } catch {
            throw .notStored(height: header.height, reason: "\(error)")
        }
        light = verifier
        seed = header.vrfOutput
        lastHash = header.hash
        lastTimestamp = header.timestamp
    }
}

/// Why a finalized block did not join the chain.
enum ChainStateError: Error, CustomStringConvertible {
    /// The payloads do not hash to the header's `framesRoot`.
    case payloadsMismatch(height: UInt64)
    /// The light-client rules refused the header or its commit.
    case refused(height: UInt64, reason: String)
    /// The store could not write it.
    case notStored(height: UInt64, reason: String)

    var description: String {
        switch self {
        case .payloadsMismatch(let h): return "height \(h): payloads do not match frames_root"
        case .refused(let h, let why): return "height \(h): \(why)"
        case .notStored(let h, let why): return "height \(h) could not be stored: \(why)"
        }
    }
}
