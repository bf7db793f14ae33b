import BPICodec
import BPICrypto
import BPIDockLock
import BPIHash
import BPITestSupport
import BPITypes
import Foundation
import Testing

/// Receipts, canonical event streams and witness logs: the encodings against an independent Python
/// implementation, replay from the witness alone, and every way a receipt or witness can lie.
@Suite struct ReceiptReplayTests {
    static let key = try! Ed25519PrivateKey(seed: [UInt8](repeating: 3, count: 32))
    static let executor = Hash32([UInt8](repeating: 0xE1, count: 32))!

    static func run(_ w: ExampleWorkload) throws -> RunResult { try DockLock.run(try WASMRuntimeTests.job(w)) }

    @Test func encodingsAndRootsMatchTheOracle() throws {
        let job = try WASMRuntimeTests.job(.entropy)
        let r = try DockLock.run(job)
        let receipt = r.receipt.signed(executor: Self.executor, key: Self.key)
        let hex: ([UInt8]) -> String = { Hex.encode($0) }
        let query: [String: Any] = [
            "module": hex(job.module), "inputs": job.inputs.map { [$0.name, hex($0.content)] },
            "seed": job.header.seed.hex, "timeMs": job.header.timeMs, "args": job.header.args, "env": job.header.env,
            "limits": [job.header.limits.fuel, job.header.limits.memoryPages, job.header.limits.outputBytes],
            "vrf": hex([UInt8](repeating: 0x5A, count: 64)),
            "events": r.events.map { [$0.seq, $0.kind.rawValue, $0.dataHash.hex, $0.value] as [Any] },
            "eventData": ["", "00ff", hex(Array("hello".utf8))],
            "witness": r.witness.map { [$0.kind.rawValue, $0.label, hex($0.data)] as [Any] },
            "outputs": [
                "stdout": hex(r.outputs.stdout), "stderr": hex(r.outputs.stderr),
                "files": r.outputs.files.mapValues { hex($0) },
            ] as [String: Any],
            "outcome": receipt.outcome.rawValue, "exitCode": receipt.exitCode, "fuelUsed": receipt.fuelUsed,
            "engine": receipt.engine, "executor": Self.executor.hex, "key": hex([UInt8](repeating: 3, count: 32)),
            "randomBytes": 100, "clockReads": [[0, 0], [1, 1], [0, 2], [3, 3]],
            "log": hex(WitnessLog.encode(r.witness)),
        ]
        let out = try Oracle.run("docklock_oracle.py", input: JSONSerialization.data(withJSONObject: query))
        let o = try #require(try JSONSerialization.jsonObject(with: out) as? [String: Any])
        #expect(o["header"] as? String == hex(job.header.canonicalBytes()))
        #expect(o["runID"] as? String == job.header.id.hex)
        #expect(o["inputRoot"] as? String == job.header.inputRoot.hex)
        #expect(
            o["derivedSeed"] as? String == RunSeed.derive(vrfOutput: [UInt8](repeating: 0x5A, count: 64), job: job.header).hex)
        #expect(o["cesRoot"] as? String == receipt.cesRoot.hex)
        #expect(
            o["eventDataHashes"] as? [String]
                == [[], [0, 0xFF], Array("hello".utf8)].map { RunEvent(seq: 0, kind: .write, data: $0, value: 0).dataHash.hex })
        #expect(o["witnessRoot"] as? String == receipt.witnessRoot.hex)
        #expect(o["outputHash"] as? String == receipt.outputHash.hex)
        #expect(o["receipt"] as? String == hex(receipt.canonicalBytes()))
        #expect(o["receiptID"] as? String == receipt.id.hex)
        var stream = RandomStream(seed: job.header.seed)
        #expect(o["random"] as? String == hex(stream.next(100)))
        #expect(
            (o["clock"] as? [NSNumber])?.map(\.uint64Value)
                == [(0, 0), (1, 1), (0, 2), (3, 3)].map { LogicalClock.reading(id: $0.0, index: $0.1, timeMs: job.header.timeMs) }
        )
        // Both ways: the oracle read the Swift log, and Swift reads the oracle's.
        let entries = try #require(o["logEntries"] as? [[Any]])
        #expect(entries.count == r.witness.count)
        #expect(entries.last?[2] as? String == hex(r.witness.last!.data))
        let theirs = try #require(o["log"] as? String)
        #expect(try WitnessLog.decode(Hex.decode(theirs)) == r.witness)
        #expect(try Receipt(canonicalBytes: receipt.canonicalBytes()) == receipt)
    }

    @Test func everyExampleReplaysFromItsWitnessAlone() throws {
        for w in ExampleWorkload.allCases where w != .compute {
            let r = try Self.run(w)
            let log = WitnessLog.encode(r.witness)
            let replay = try DockLock.replay(r.receipt, witness: log)
            #expect(replay.outputs == r.outputs, "\(w)")
            #expect(replay.events == r.events, "\(w)")
        }
    }

    @Test func aTamperedFieldIsCaughtByTheReplay() throws {
        let r = try Self.run(.entropy)
        let log = WitnessLog.encode(r.witness)
        let other = Hash32([UInt8](repeating: 9, count: 32))!
        var tampered: [(String, Receipt)] = []
        var x = r.receipt
        x.cesRoot = other
        tampered.append(("cesRoot", x))
        x = r.receipt
        x.outputHash = other
        tampered.append(("outputHash", x))
        x = r.receipt
        x.outcome = .trap
        tampered.append(("outcome", x))
        x = r.receipt
        x.exitCode = 1
        tampered.append(("exitCode", x))
        x = r.receipt
        x.fuelUsed += 1
        tampered.append(("fuelUsed", x))
        x = r.receipt
        x.eventCount -= 1
        tampered.append(("eventCount", x))
        for (field, receipt) in tampered {
            #expect(Self.mismatchedField { try DockLock.replay(receipt, witness: log) } == field)
        }
        // The header: another time changes what the clock reads, which the witness no longer holds.
        x = r.receipt
        x.runHeader.timeMs += 1
        #expect(throws: DockLockError.self) { try DockLock.replay(x, witness: log) }
        x = r.receipt
        x.engine = "wasmkit-9.9.9/docklock-1"
        #expect(throws: DockLockError.engineMismatch(receipt: x.engine, local: WASMRuntime().engine)) {
            try DockLock.replay(x, witness: log)
        }
    }

    /// The field a replay reports as different, or nil when it throws something else or nothing.
    static func mismatchedField(_ body: () throws -> RunResult) -> String? {
        do {
            _ = try body()
            return nil
        } catch let error as DockLockError {
            if case .receiptMismatch(let field, _, _) = error { return field }
            return nil
        } catch {
            return nil
        }
    }

    @Test func aWitnessThatDoesNotBelongOrReplaysDifferentlyIsRefused() throws {
        let r = try Self.run(.entropy)
        // Missing: no log at all, or a truncated one.
        #expect(throws: DockLockError.self) { try DockLock.replay(r.receipt, witness: []) }
        let log = WitnessLog.encode(r.witness)
        #expect(throws: DockLockError.self) { try DockLock.replay(r.receipt, witness: Array(log.dropLast(3))) }
        // A random value the seed does not give, with a receipt claiming that log: refused before running.
        var forged = r.witness
        let i = try #require(forged.lastIndex { $0.kind == .random })
        forged[i].data[0] ^= 1
        var claim = r.receipt
        claim.witnessRoot = WitnessEntry.root(forged)
        #expect(throws: DockLockError.self) { try DockLock.replay(claim, witness: WitnessLog.encode(forged)) }
        // A log short of one value, with a receipt claiming it: the replay asks for a value it lacks.
        let short = Array(r.witness.dropLast())
        claim.witnessRoot = WitnessEntry.root(short)
        #expect {
            try DockLock.replay(claim, witness: WitnessLog.encode(short))
        } throws: { error in
            guard case .replayDiverged? = error as? DockLockError else { return false }
            return true
        }
        // A log with a value too many: the replay does not use it up.
        let long = r.witness + [WitnessEntry(kind: .clock, label: "1", data: [0, 0, 0, 0, 0, 0, 0, 0])]
        claim.witnessRoot = WitnessEntry.root(long)
        #expect(throws: DockLockError.self) { try DockLock.replay(claim, witness: WitnessLog.encode(long)) }
        // Another input file under the same receipt: the input root no longer matches.
        var swapped = r.witness
        let j = try #require(swapped.firstIndex { $0.kind == .input })
        swapped[j].data = Array("changed\n".utf8)
        claim.witnessRoot = WitnessEntry.root(swapped)
        #expect(throws: DockLockError.witnessMismatch("its input files are not the ones the run header commits to")) {
            try DockLock.replay(claim, witness: WitnessLog.encode(swapped))
        }
    }

    @Test func aLogThatInflatesBeyondItsStatedLengthIsRefused() throws {
        let r = try Self.run(.wordcount)
        let log = WitnessLog.encode(r.witness)
        guard case .array(var fields) = try CBORDecoder.decode(log), case .unsigned(let n) = fields[1] else {
            Issue.record("not a log")
            return
        }
        for length in [n - 1, n + 1, UInt64(WitnessLog.maxRawBytes) + 1] {
            fields[1] = .unsigned(length)
            #expect(throws: DockLockError.self) { try WitnessLog.decode(try CBOREncoder.encode(.array(fields))) }
        }
    }

    @Test func signaturesBindEveryField() throws {
        let receipt = try Self.run(.wordcount).receipt.signed(executor: Self.executor, key: Self.key)
        #expect(receipt.isSigned(by: Self.key.publicKey))
        let other = try Ed25519PrivateKey(seed: [UInt8](repeating: 4, count: 32))
        #expect(!receipt.isSigned(by: other.publicKey))
        let h = Hash32([UInt8](repeating: 0xE2, count: 32))!
        let tampers: [(String, (inout Receipt) -> Void)] = [
            ("runtime", { $0.runHeader.runtime = .native }), ("agreementID", { $0.runHeader.agreementID = h }),
            ("moduleHash", { $0.runHeader.moduleHash = h }), ("inputRoot", { $0.runHeader.inputRoot = h }),
            ("seed", { $0.runHeader.seed = h }), ("timeMs", { $0.runHeader.timeMs += 1 }),
            ("args", { $0.runHeader.args.append("extra") }), ("env", { $0.runHeader.env.append("X=1") }),
            ("fuel", { $0.runHeader.limits.fuel += 1 }), ("memoryPages", { $0.runHeader.limits.memoryPages += 1 }),
            ("outputBytes", { $0.runHeader.limits.outputBytes += 1 }), ("engine", { $0.engine += "x" }),
            ("cesRoot", { $0.cesRoot = h }), ("witnessRoot", { $0.witnessRoot = h }), ("outputHash", { $0.outputHash = h }),
            ("outcome", { $0.outcome = .trap }), ("exitCode", { $0.exitCode += 1 }), ("fuelUsed", { $0.fuelUsed += 1 }),
            ("eventCount", { $0.eventCount += 1 }),
            (
                "policyResults",
                { $0.policyResults.append(PolicyResult(policyHash: h, hook: .post, verdict: .pass, reasonHash: h, fuelUsed: 1)) }
            ),
            ("executor", { $0.executor = h }),
        ]
        for (field, tamper) in tampers {
            var x = receipt
            tamper(&x)
            #expect(!x.isSigned(by: Self.key.publicKey), "a changed \(field) still verifies")
            #expect(x.id != receipt.id, "a changed \(field) keeps the receipt id")
        }
        var x = receipt
        // An unsigned receipt must not name an executor, and a signed one must.
        x = receipt
        x.signature = []
        #expect(throws: CBORError.self) { try Receipt(canonicalBytes: x.canonicalBytes()) }
    }

    @Test func reorderingDroppingOrInsertingAnEventChangesTheCESRoot() throws {
        let events = try Self.run(.wordcount).events
        let root = RunEvent.root(events)
        #expect(events.count >= 6)
        var swapped = events
        swapped.swapAt(1, 2)
        #expect(RunEvent.root(swapped) != root)
        #expect(RunEvent.root(Array(events.dropLast())) != root)
        var inserted = events
        inserted.insert(RunEvent(seq: 3, kind: .random, data: [1], value: 1), at: 3)
        #expect(RunEvent.root(inserted) != root)
        var renumbered = events
        renumbered[2].seq = 7
        #expect(RunEvent.root(renumbered) != root)
    }
}
