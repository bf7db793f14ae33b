import BPIConsensus
import BPICrypto
import BPIHash
import BPINode
import BPITools
import BPITypes
import Foundation
import GRDB
import Testing

/// The same contract for both sign-state stores: the node's SQLite one and the in-memory one the
/// simulator runs, so the simulator's crashes and restarts mean what they mean on a node.
@Suite("Sign-state stores")
struct SignStateStoreTests {
    let key = try! Ed25519PrivateKey(seed: [UInt8](repeating: 7, count: 32))
    let a = BLAKE3.hash([1]), b = BLAKE3.hash([2])

    func message(_ kind: MessageKind, height: UInt64 = 5, round: UInt64, value: Hash32, payload: [UInt8] = []) -> ConsensusMessage
    {
        ConsensusMessage(
            kind: kind, chainID: "bpi", height: height, round: round, sender: 0, value: value, payload: payload, signer: key)
    }

    /// A fresh store of each kind; the SQLite one also returns a way to reopen it (a restart).
    func stores() throws -> [(name: String, store: any SignStateStore, reopen: () throws -> any SignStateStore)] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bpi-sign-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/blocks.sqlite"
        let sqlite = ValidatorSignState(store: try BlockStore(path: path))
        let memory = InMemorySignStateStore()
        return [
            ("sqlite", sqlite, { ValidatorSignState(store: try BlockStore(path: path)) }),
            ("memory", memory, { memory }),
        ]
    }

    @Test(
        "the same bytes may be re-sent; any other message for the slot — another value or only another payload — is refused, also after a restart"
    )
    func guardComparesFullBytes() throws {
        for (name, store, reopen) in try stores() {
            let first = message(.roundChange, round: 1, value: .zero, payload: [0x81, 0xF6])
            #expect(try store.record(first, round: 1, prepared: nil) == .fresh, "\(name)")
            #expect(try store.record(first, round: 1, prepared: nil) == .resend, "\(name)")
            let otherPayload = message(.roundChange, round: 1, value: .zero, payload: [0x81, 0x00])
            #expect(try store.record(otherPayload, round: 1, prepared: nil) == .conflict(first), "\(name)")
            #expect(try reopen().record(message(.roundChange, round: 1, value: a), round: 1, prepared: nil) == .conflict(first))
            #expect(try store.record(message(.prepare, round: 1, value: a), round: 1, prepared: nil) == .fresh, "\(name)")
        }
    }

    @Test("the round entered only goes up and survives a restart; a later height forgets lower ones")
    func roundPersists() throws {
        for (name, store, reopen) in try stores() {
            _ = try store.record(message(.roundChange, round: 3, value: .zero), round: 3, prepared: nil)
            _ = try store.record(message(.prepare, round: 1, value: a), round: 1, prepared: nil)
            #expect(try reopen().load(height: 5)?.round == 3, "\(name)")
            #expect(try reopen().load(height: 5)?.signed.count == 2, "\(name)")
            _ = try store.record(message(.prepare, height: 6, round: 0, value: a), round: 0, prepared: nil)
            #expect(try reopen().load(height: 5) == nil, "\(name)")
            #expect(try reopen().load(height: 6)?.round == 0, "\(name)")
        }
    }

    @Test("a lock is replaced only by a higher-round one, and is kept with its block")
    func lockOnlyMovesUp() throws {
        let (_, chain) = try TestChain.generate(.init(validators: 4, headers: 1))
        let block = Block(header: chain.entries[0].header)
        let value = block.header.hash
        let high = PreparedCertificate(round: 2, value: value, prepares: [message(.prepare, round: 2, value: value)])
        let low = PreparedCertificate(round: 0, value: b, prepares: [message(.prepare, round: 0, value: b)])
        for (name, store, reopen) in try stores() {
            (store as? ValidatorSignState)?.stage(block)
            _ = try store.record(message(.commit, round: 2, value: value), round: 2, prepared: high)
            _ = try store.record(message(.commit, round: 0, value: b), round: 2, prepared: low)
            #expect(try reopen().load(height: 5)?.prepared == high, "\(name)")
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bpi-sign-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let blockStore = try BlockStore(path: dir + "/blocks.sqlite")
        let sqlite = ValidatorSignState(store: blockStore)
        #expect(throws: SignStateError.self, "a lock without its block is not recorded") {
            try sqlite.record(self.message(.commit, round: 2, value: value), round: 2, prepared: high)
        }
        sqlite.stage(block)
        _ = try sqlite.record(message(.commit, round: 2, value: value), round: 2, prepared: high)
        #expect(try blockStore.signState(height: 5)?.lockedBlock == block)
    }

    @Test("a store that cannot write throws (the validator then stops); nothing is recorded")
    func failingWrites() throws {
        let memory = InMemorySignStateStore()
        memory.failWrites = true
        #expect(throws: SignStateError.self) {
            try memory.record(self.message(.prepare, round: 0, value: self.a), round: 0, prepared: nil)
        }
        memory.failWrites = false
        #expect(try memory.load(height: 5) == nil)

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bpi-sign-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let sqlite = ValidatorSignState(store: try BlockStore(path: dir + "/blocks.sqlite"))
        // The table vanishes under the store (another process, a damaged file): the write fails.
        try DatabaseQueue(path: dir + "/blocks.sqlite").write { try $0.execute(sql: "DROP TABLE signed_messages") }
        #expect(throws: SignStateError.self) {
            try sqlite.record(self.message(.prepare, round: 0, value: self.a), round: 0, prepared: nil)
        }
    }
}
