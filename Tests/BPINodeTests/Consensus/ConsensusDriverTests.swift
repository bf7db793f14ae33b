import BPICrypto
import BPIHash
import BPINet
import BPINode
import BPIRules
import BPITestSupport
import BPITypes
import Foundation
import Testing

/// The consensus driver without a network: several drivers over real block stores, wired by an
/// in-memory queue that carries out their effects. It shows the driver alone decides, stores,
/// resumes, changes rounds, refuses forgeries and records equivocation — the validator service
/// around it only moves bytes and timers.
@Suite("Consensus driver")
struct ConsensusDriverTests {
    /// `n` drivers of one genesis over fresh stores in one temporary folder.
    final class Mesh {
        let keys: [ValidatorKeys]
        let genesis: Genesis
        let directory: String
        var drivers: [ConsensusDriver]
        var configs: [NodeConfig]
        var queue: [(to: Int, input: DriverInput)] = []
        var timeouts: [(to: Int, height: UInt64, round: UInt64)] = []
        var reports: [[DriverReport]]
        /// Validators whose sends are lost.
        var silenced = Set<Int>()
        /// Validators that are down: what is sent to them is lost.
        var down = Set<Int>()
        /// Inputs delivered so far.
        var delivered = 0
        /// When set, every height after the first is proposed with the first height's frames again.
        var repeatFirstFrames = false
        /// The simulated services whose frames the heights carry, and the frames of each height.
        var services = TestServices(count: 2)
        var framesByHeight: [UInt64: [Frame]] = [:]
        /// A Byzantine rewrite of broadcast proposals (nil: leave them): the forged block goes out
        /// instead, with the proposer's PRE-PREPARE re-signed for it.
        var tamper: ((Block) -> Block?)?
        private var forgedHashes: [Hash32: Hash32] = [:]

        /// Height 1 registers the services; each later height carries two frames between them
        /// (the same for every proposer, so whichever block is decided carries them).
        func frames(for h: UInt64) -> [Frame] {
            if let known = framesByHeight[h] { return known }
            let tick = TestServices.genesisTick(genesis.hash)
            let frames =
                h == 1
                ? services.registrations(tick: tick)
                : repeatFirstFrames ? frames(for: 1) : services.frames(2, bytes: Int(h), tick: tick)
            framesByHeight[h] = frames
            return frames
        }

        init(n: Int) throws {
            keys = (0..<n).map { i in
                ValidatorKeys(identity: try! Ed25519PrivateKey(seed: [UInt8](repeating: UInt8(i + 1), count: 32)))
            }
            let set = try ValidatorSet(keys.enumerated().map { $1.info(metadata: "v\($0)") })
            genesis = Genesis(
                chainID: "driver-test", genesisTime: UInt64(Date().timeIntervalSince1970 * 1000) - 10_000, validatorSet: set)
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("bpi-driver-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let peers = (0..<n).map { PeerAddress(host: "127.0.0.1", port: 1 + $0) }
            configs = (0..<n).map { i in
                var c = NodeConfig(index: i, peers: peers, api: PeerAddress(host: "127.0.0.1", port: 100 + i))
                c.blockTimeMilliseconds = 0
                return c
            }
            drivers = []
            reports = Array(repeating: [], count: n)
            for i in 0..<n { drivers.append(try open(i)) }
        }

        deinit { try? FileManager.default.removeItem(atPath: directory) }

        func open(_ i: Int) throws -> ConsensusDriver {
            try ConsensusDriver(
                config: configs[i], genesis: genesis, keys: keys[i], store: try BlockStore(path: "\(directory)/v\(i).sqlite"))
        }

        var identities: Set<[UInt8]> { Set(keys.map { $0.identity.publicKey.bytes }) }

        func index(of peer: [UInt8]) -> Int { keys.firstIndex { $0.identity.publicKey.bytes == peer }! }

        /// The input a peer gets for `message` from validator `from` (nil: not the driver's).
        func input(_ message: WireMessage, from: Int) -> DriverInput? {
            let peer = keys[from].identity.publicKey.bytes
            switch message {
            case .consensus(let m): return .consensus(m, from: peer)
            case .proposal(let block): return .proposal(block)
            case .status(let h): return .status(height: h, from: peer)
            case .syncRequest(let start, let count): return .syncRequest(from: start, count: count, peer: peer)
            case .syncResponse(let blocks): return .syncResponse(blocks)
            case .frame: return nil
            }
        }

        func give(_ i: Int, _ event: DriverInput) {
            delivered += 1
            for effect in drivers[i].handle(event) {
                switch effect {
                case .broadcast(let message):
                    guard !silenced.contains(i), let delivery = input(rewrite(message, from: i), from: i) else { continue }
                    for j in drivers.indices where j != i { queue.append((j, delivery)) }
                case .send(let message, let peer, _):
                    guard !silenced.contains(i), let delivery = input(message, from: i) else { continue }
                    queue.append((index(of: peer), delivery))
                case .schedule(.startHeight(let h), _):
                    queue.append((i, .startHeight(h, connected: identities, frames: frames(for: h))))
                case .schedule(.timeout(let h, let r), _):
                    timeouts.append((i, h, r))
                case .report(let report): reports[i].append(report)
                case .stop(let error): Issue.record("validator \(i) stopped: \(error)")
                }
            }
        }

        /// `message` as `tamper` has validator `i` send it: a forged proposal, and its PRE-PREPARE
        /// signed again for the forged block.
        func rewrite(_ message: WireMessage, from i: Int) -> WireMessage {
            guard let tamper else { return message }
            switch message {
            case .proposal(let block):
                guard let forged = tamper(block) else { return message }
                forgedHashes[block.header.hash] = forged.header.hash
                return .proposal(forged)
            case .consensus(let m) where m.kind == .prePrepare:
                guard let value = forgedHashes[m.value] else { return message }
                return .consensus(
                    ConsensusMessage(
                        kind: m.kind, chainID: m.chainID, height: m.height, round: m.round, sender: m.sender, value: value,
                        payload: m.payload, signer: keys[i].identity))
            default: return message
            }
        }

        /// Delivers queued inputs in order; when none is left, fires the earliest-round pending
        /// timer of a height still being decided (time passes only when nothing else happens).
        func run(until done: () -> Bool, limit: Int = 50_000) {
            let stop = delivered + limit
            while !done() && delivered < stop {
                if !queue.isEmpty {
                    let (to, input) = queue.removeFirst()
                    if !down.contains(to) { give(to, input) }
                    continue
                }
                timeouts.removeAll { drivers[$0.to].height != $0.height }
                guard let next = timeouts.indices.min(by: { timeouts[$0].round < timeouts[$1].round }) else { break }
                let t = timeouts.remove(at: next)
                give(t.to, .timeout(height: t.height, round: t.round))
            }
        }

        func start() {
            for i in drivers.indices where !down.contains(i) {
                give(i, .startHeight(1, connected: identities, frames: frames(for: 1)))
            }
        }

        func storedHashes(at height: UInt64) throws -> Set<Hash32> {
            var hashes = Set<Hash32>()
            for i in drivers.indices {
                let store = try BlockStore(path: "\(directory)/v\(i).sqlite")
                if let block = try store.block(at: height) { hashes.insert(block.entry.header.hash) }
            }
            return hashes
        }
    }

    @Test("four drivers decide and store the same headers, with the frames they were given")
    func decides() throws {
        let mesh = try Mesh(n: 4)
        mesh.start()
        mesh.run { mesh.drivers.allSatisfy { $0.storedHeight >= 5 } }
        for h in UInt64(1)...5 {
            #expect(try mesh.storedHashes(at: h).count == 1, "height \(h)")
        }
        let finalized = mesh.reports.flatMap { $0 }.compactMap { report -> FinalizedBlock? in
            if case .finalized(let block, _, _) = report { return block }
            return nil
        }
        #expect(!finalized.isEmpty)
        #expect(finalized.allSatisfy { $0.frames == mesh.frames(for: $0.entry.header.height) && !$0.frames.isEmpty })
    }

    @Test("a driver reopened over its store resumes at its stored height and catches up from a peer")
    func resumesAndSyncs() throws {
        let mesh = try Mesh(n: 4)
        mesh.down = [3]
        mesh.start()
        mesh.drivers[3] = try mesh.open(3)  // 3 crashed at height 1: it sees nothing until restarted
        mesh.run { mesh.drivers[0...2].allSatisfy { $0.storedHeight >= 4 } }
        let before = mesh.drivers[0].storedHeight
        // A restart: a new driver over the same store of validator 0 resumes where it was.
        let reopened = try mesh.open(0)
        #expect(reopened.storedHeight == before)
        #expect(reopened.lastHash == mesh.drivers[0].lastHash)
        // Validator 3 comes back: a status from an ahead peer makes it fetch and verify the blocks.
        mesh.down = []
        mesh.give(3, .status(height: mesh.drivers[0].storedHeight, from: mesh.keys[0].identity.publicKey.bytes))
        mesh.run { mesh.drivers[3].storedHeight >= before }
        #expect(mesh.drivers[3].storedHeight >= before)
        #expect(mesh.reports[3].contains { if case .synced = $0 { return true } else { return false } })
        #expect(try mesh.storedHashes(at: before).count == 1)
    }

    @Test(
        "a validator restarted after its PREPARE, its block lost with its memory, holds the others' PREPAREs until the block is back instead of halting"
    )
    func restartAfterPrepareWaitsForBlock() throws {
        let mesh = try Mesh(n: 4)
        mesh.start()
        let peer3 = mesh.keys[3].identity.publicKey.bytes
        // Run until validator 3's PREPARE of height 1 is on the wire.
        mesh.run {
            mesh.queue.contains { item in
                if case .consensus(let m, let from) = item.input { return from == peer3 && m.kind == .prepare }
                return false
            }
        }
        // It crashes: a new driver over its store (the PREPARE is in its sign state, the block
        // was only in memory), and the block is not re-sent to it.
        mesh.drivers[3] = try mesh.open(3)
        mesh.queue.removeAll { item in
            if case .proposal = item.input { return item.to == 3 }
            return false
        }
        mesh.give(3, .startHeight(1, connected: mesh.identities, frames: mesh.frames(for: 1)))
        // The others' PREPAREs reach it without the block: it must neither lock without the block
        // nor halt (`give` records a stop as an issue); it decides with the others and fetches the block.
        mesh.run { mesh.drivers.allSatisfy { $0.storedHeight >= 2 } }
        #expect(mesh.drivers.allSatisfy { $0.storedHeight >= 2 && $0.stopped == nil })
        #expect(try mesh.storedHashes(at: 1).count == 1)
    }

    @Test("when the round-0 proposer is silent, the others change round and decide")
    func roundChange() throws {
        let mesh = try Mesh(n: 4)
        // The proposer of height 1, round 0 (SPEC §7.6: the seed of height 1 is the genesis hash).
        let silent = ProposerSelection.order(
            seed: mesh.genesis.hash.bytes, height: 1, powers: mesh.genesis.validatorSet.validators.map(\.votingPower))[0]
        mesh.silenced = [silent]
        mesh.start()
        mesh.run { mesh.drivers.indices.filter { $0 != silent }.allSatisfy { mesh.drivers[$0].storedHeight >= 1 } }
        for i in mesh.drivers.indices where i != silent {
            #expect(mesh.drivers[i].storedHeight >= 1)
            #expect(mesh.reports[i].contains { if case .round(1, let r) = $0 { return r >= 1 } else { return false } })
        }
        #expect(try mesh.storedHashes(at: 1).count == 1)
    }

    @Test("a forged or copied signature is refused before anything sees it; equivocation becomes evidence once")
    func refusesForgeriesRecordsEvidence() throws {
        let mesh = try Mesh(n: 4)
        mesh.start()
        var driver = mesh.drivers[0]
        let peer = mesh.keys[2].identity.publicKey.bytes
        func prepare(_ value: UInt8, signer: Int = 2) -> ConsensusMessage {
            ConsensusMessage(
                kind: .prepare, chainID: "driver-test", height: 1, round: 0, sender: 2, value: BLAKE3.hash([value]), payload: [],
                signer: mesh.keys[signer].identity)
        }
        func count(_ reports: [DriverEffect], _ match: (DriverReport) -> Bool) -> Int {
            reports.filter { if case .report(let r) = $0 { return match(r) } else { return false } }.count
        }
        let isEvidence: (DriverReport) -> Bool = { if case .evidence = $0 { return true } else { return false } }
        let isRefused: (DriverReport) -> Bool = { if case .refused = $0 { return true } else { return false } }
        // Signed by validator 1 in validator 2's name.
        #expect(count(driver.handle(.consensus(prepare(7, signer: 1), from: peer)), isRefused) == 1)
        // A valid signature copied onto other content.
        var copied = prepare(8)
        copied.signature = prepare(9).signature
        #expect(count(driver.handle(.consensus(copied, from: peer)), isRefused) == 1)
        #expect(driver.evidenceCount == 0)
        // Two different PREPAREs signed by validator 2 for one slot: evidence, once.
        #expect(count(driver.handle(.consensus(prepare(1), from: peer)), isEvidence) == 0)
        #expect(count(driver.handle(.consensus(prepare(2), from: peer)), isEvidence) == 1)
        #expect(count(driver.handle(.consensus(prepare(3), from: peer)), isEvidence) == 0)
        #expect(driver.evidenceCount == 1)
        // Another chain's message and one far ahead are refused without a signature check.
        var foreign = prepare(4)
        foreign.chainID = "other"
        #expect(count(driver.handle(.consensus(foreign, from: peer)), isRefused) == 1)
        var far = prepare(5)
        far.height = UInt64.max
        #expect(count(driver.handle(.consensus(far, from: peer)), isRefused) == 1)
    }

    @Test("a proposal replaying frames finalized before is refused by every other validator")
    func replayedFramesRefused() throws {
        let mesh = try Mesh(n: 4)
        // Height 1 carries the registrations; every later height is proposed with them again.
        mesh.repeatFirstFrames = true
        mesh.start()
        mesh.run { mesh.drivers.allSatisfy { $0.storedHeight >= 1 } }
        mesh.run(until: { false }, limit: 3_000)
        let refusals = mesh.reports.flatMap { $0 }.filter {
            if case .refused("proposal", 2, let reason?) = $0 { return reason.contains("frames: registration refused") }
            return false
        }
        #expect(refusals.count >= 3, "\(refusals.count)")
        // Every proposal for height 2 replays them, so none is decided.
        #expect(mesh.drivers.allSatisfy { $0.storedHeight == 1 })
        for i in mesh.drivers.indices {
            let store = try BlockStore(path: "\(mesh.directory)/v\(i).sqlite")
            #expect(try store.block(at: 2) == nil)
        }
    }
}
