import BPIConsensus
import BPIHash
import BPILightClientTool
import BPINode
import BPITestSupport
import BPITools
import BPITypes
import Foundation
import GRDB
import Testing

@Suite("Block store")
struct BlockStoreTests {
    func tempDir() -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bpi-store-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test("entries append in order, read back byte for byte, and out-of-order or unlinked entries are refused")
    func appendAndRead() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (genesis, chain) = try TestChain.generate(.init(validators: 4, headers: 10, rotateEvery: 4))
        let store = try BlockStore(path: dir + "/blocks.sqlite")
        #expect(throws: BlockStoreError.self) { try store.append(chain.entries[1], genesisHash: genesis.hash) }
        for entry in chain.entries { try store.append(entry, genesisHash: genesis.hash) }
        #expect(try store.latestHeight() == 10)
        #expect(try store.entry(at: 7) == chain.entries[6])
        #expect(try store.entry(at: 11) == nil)
        #expect(throws: BlockStoreError.self) { try store.append(chain.entries[9], genesisHash: genesis.hash) }
        // Reopened, it is the same chain.
        #expect(try BlockStore(path: dir + "/blocks.sqlite").validate(genesisHash: genesis.hash) == 10)
        #expect(throws: BlockStoreError.self) {
            try BlockStore(path: dir + "/blocks.sqlite").validate(genesisHash: BLAKE3.hash([0]))
        }
    }

    @Test("kill -9 at random moments loses no entry the writer reported stored, and a restart resumes")
    func crashSafety() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (genesis, chain) = try TestChain.generate(.init(validators: 4, headers: 120))
        try LightClientTool.write(genesis: genesis, chain: chain, to: dir + "/chain")
        let db = dir + "/blocks.sqlite"
        var rng = SeededGenerator(seed: 9)
        var reported: UInt64 = 0
        for round in 0..<4 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: BPIBinary.path)
            process.arguments = ["store", "append", "--db", db, "--chain", dir + "/chain", "--delay-ms", "2"]
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            let killAfter = Int.random(in: 3...25, using: &rng)
            var lines = 0
            var pending = ""
            while lines < killAfter {
                let data = out.fileHandleForReading.availableData
                if data.isEmpty { break }
                pending += String(decoding: data, as: UTF8.self)
                while let newline = pending.firstIndex(of: "\n") {
                    let line = pending[..<newline]
                    pending = String(pending[pending.index(after: newline)...])
                    if line.hasPrefix("stored "), let h = UInt64(line.dropFirst(7)) {
                        reported = max(reported, h)
                        lines += 1
                    }
                }
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let stored = try BlockStore(path: db).validate(genesisHash: genesis.hash)
            #expect(stored >= reported, "round \(round): reported \(reported), found \(stored)")
            for h in stride(from: 1, through: stored, by: 17) {
                #expect(try BlockStore(path: db).entry(at: h) == chain.entries[Int(h) - 1])
            }
        }
        // A final uninterrupted run resumes from disk and completes the chain.
        let finish = try BPIBinary.run(["store", "append", "--db", db, "--chain", dir + "/chain"])
        #expect(finish.status == 0)
        #expect(!finish.out.contains("stored 1\n") || reported == 0)
        #expect(try BlockStore(path: db).validate(genesisHash: genesis.hash) == 120)
        let validate = try BPIBinary.run(["store", "validate", "--db", db, "--genesis", dir + "/chain/genesis.json"])
        #expect(validate.out == "valid through height 120\n")
    }

    @Test(
        "store validate opens read-only, refuses a missing file (exit 2) without creating it, and applies the light-client rules: a bad signature or another genesis is exit 1 naming the height"
    )
    func validateCommand() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let good = try TestChain.generate(.init(validators: 4, headers: 12))
        let forged = try TestChain.generate(.init(validators: 4, headers: 12, faults: [(.badSignature, 7)]))
        try Data(good.0.json()).write(to: URL(fileURLWithPath: dir + "/genesis.json"))
        try Data(forged.0.json()).write(to: URL(fileURLWithPath: dir + "/forged-genesis.json"))
        let other = try TestChain.generate(.init(validators: 4, headers: 1, seed: 9, chainID: "another-chain"))
        try Data(other.0.json()).write(to: URL(fileURLWithPath: dir + "/other-genesis.json"))
        let goodStore = try BlockStore(path: dir + "/good.sqlite")
        for entry in good.1.entries { try goodStore.append(entry, genesisHash: good.0.hash) }
        // Links are fine, so the store takes it; only the light-client rules see the forged commit.
        let forgedStore = try BlockStore(path: dir + "/forged.sqlite")
        for entry in forged.1.entries { try forgedStore.append(entry, genesisHash: forged.0.hash) }

        let ok = try BPIBinary.run(["store", "validate", "--db", dir + "/good.sqlite", "--genesis", dir + "/genesis.json"])
        #expect(ok.status == 0 && ok.out == "valid through height 12\n", "\(ok.err)")
        let bad = try BPIBinary.run([
            "store", "validate", "--db", dir + "/forged.sqlite", "--genesis", dir + "/forged-genesis.json",
        ])
        #expect(bad.status == 1)
        #expect(bad.err.hasPrefix("bpi: ") && bad.err.contains("height 7"), "\(bad.err)")
        let otherGenesis = try BPIBinary.run([
            "store", "validate", "--db", dir + "/good.sqlite", "--genesis", dir + "/other-genesis.json",
        ])
        #expect(otherGenesis.status == 1)
        #expect(otherGenesis.err.contains("does not start from this genesis"), "\(otherGenesis.err)")
        let missing = try BPIBinary.run(["store", "validate", "--db", dir + "/none.sqlite", "--genesis", dir + "/genesis.json"])
        #expect(missing.status == 2)
        #expect(missing.err.contains("no store at"), "\(missing.err)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/none.sqlite"))
        // Read-only: the store's files are not modified by a validation.
        let before = try FileManager.default.attributesOfItem(atPath: dir + "/good.sqlite")[.modificationDate] as? Date
        _ = try BPIBinary.run(["store", "validate", "--db", dir + "/good.sqlite", "--genesis", dir + "/genesis.json"])
        let after = try FileManager.default.attributesOfItem(atPath: dir + "/good.sqlite")[.modificationDate] as? Date
        #expect(before == after)
    }

    @Test(
        "the set signing each height comes from the recorded set changes; a store from before Proof-of-History is refused when it holds blocks and upgraded when empty"
    )
    func validatorSetsAndIndexes() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (genesis, chain) = try TestChain.generate(.init(validators: 5, headers: 12, rotateEvery: 3))
        let path = dir + "/blocks.sqlite"
        let store = try BlockStore(path: path)
        for entry in chain.entries { try store.append(entry, genesisHash: genesis.hash) }
        var expected = genesis.validatorSet  // the set signing height h, replayed like a light client
        var sets: [ValidatorSet] = []
        for entry in chain.entries {
            sets.append(expected)
            expected = entry.nextValidatorSet ?? expected
        }
        sets.append(expected)  // height 13: signed by the set the last header names
        func check(_ store: BlockStore) throws {
            for h in 1...13 {
                #expect(
                    try store.validatorSet(signing: UInt64(h), genesisSet: genesis.validatorSet) == sets[h - 1], "height \(h)")
            }
        }
        try check(store)
        #expect(sets.contains { $0 != genesis.validatorSet }, "the chain must rotate for this test to mean anything")
        try check(try BlockStore(path: path))
        // As if written by an older release: its chain was finalized without tick lists.
        for version in [0, 1, 2] {
            try DatabaseQueue(path: path).write { db in try db.execute(sql: "PRAGMA user_version = \(version)") }
            #expect {
                _ = try BlockStore(path: path)
            } throws: { error in
                guard case BlockStoreError.outdated(let why) = error else { return false }
                return why.contains("Proof-of-History") && why.contains("bpi init")
            }
        }
        let empty = dir + "/empty.sqlite"
        try DatabaseQueue(path: empty).write { db in
            try db.execute(
                sql: "CREATE TABLE blocks (height INTEGER PRIMARY KEY NOT NULL, hash BLOB NOT NULL, entry BLOB NOT NULL)")
        }
        _ = try BlockStore(path: empty)
        #expect(try DatabaseQueue(path: empty).read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") } == 3)
    }

    @Test("a block's frames are stored with it in one transaction, read back in order and found by id")
    func frames() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (genesis, chain) = try TestChain.generate(.init(validators: 4, headers: 3))
        let store = try BlockStore(path: dir + "/blocks.sqlite")
        var services = TestServices(count: 2)
        let frames = services.frames(3, tick: TestServices.genesisTick(genesis.hash))
        try store.append(FinalizedBlock(entry: chain.entries[0], frames: frames), genesisHash: genesis.hash)
        try store.append(chain.entries[1], genesisHash: genesis.hash)
        #expect(try store.block(at: 1) == FinalizedBlock(entry: chain.entries[0], frames: frames))
        #expect(try store.block(at: 2)?.frames == [])
        #expect(try store.block(at: 3) == nil)
        #expect(try store.finalizedFrame(id: frames[2].id)?.height == 1 && store.finalizedFrame(id: frames[2].id)?.index == 2)
        #expect(try store.finalizedFrame(id: BLAKE3.hash([1])) == nil)
    }

    @Test("evidence is recorded once and survives a reopen")
    func evidence() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (_, chain) = try TestChain.generate(.init(validators: 4, headers: 3, evidenceAt: [2]))
        let evidence = try #require(chain.entries[1].evidence.first)
        let store = try BlockStore(path: dir + "/blocks.sqlite")
        #expect(try store.recordEvidence(evidence, seenAt: 5))
        #expect(try !store.recordEvidence(evidence, seenAt: 6))
        #expect(try BlockStore(path: dir + "/blocks.sqlite").evidence() == [evidence])
    }

    @Test("heights beyond SQLite's signed 64-bit integers are answered or refused, never trapped on (found by schemathesis)")
    func hugeHeights() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try BlockStore(path: dir + "/blocks.sqlite")
        #expect(try store.entry(at: .max) == nil)
        #expect(try store.block(at: UInt64(Int64.max) + 1) == nil)
        #expect(throws: SignStateError.self) { try store.signState(height: .max) }
    }
}
