import BPILightClient
import BPILightClientTool
import BPITestSupport
import BPITools
import BPITypes
import Foundation
import Testing

@Suite("Light client")
struct LightClientTests {
    @Test("a clean chain with set rotations and evidence verifies to the last height")
    func clean() throws {
        let (genesis, chain) = try TestChain.generate(.init(validators: 10, headers: 40, rotateEvery: 7, evidenceAt: [5, 30]))
        let report = try LightClientTool.verify(genesis: genesis, chain: chain)
        #expect(report.failure == nil, "\(String(describing: report.failure))")
        #expect(report.verifiedHeight == 40 && report.rotations == 5)
    }

    @Test(
        "from a trusted checkpoint (a header hash from elsewhere and the next set), the rest of the chain verifies as from genesis — across set rotations; a wrong hash or set is refused"
    )
    func checkpoint() throws {
        let (genesis, chain) = try TestChain.generate(.init(validators: 7, headers: 30, rotateEvery: 4))
        // The set signing each height, replayed from genesis as a node's store keeps it.
        var signing: [ValidatorSet] = [genesis.validatorSet]  // signing[h - 1] signs height h
        for entry in chain.entries { signing.append(entry.nextValidatorSet ?? signing.last!) }
        for h in [1, 4, 5, 17, 29] {
            let entry = chain.entries[h - 1]
            let client = try LightClient(
                genesis: genesis, checkpoint: entry, trustedHash: entry.header.hash, nextSet: signing[h])
            #expect(client.height == UInt64(h))
            let rest = ChainFile(entries: Array(chain.entries[h...]))
            let report = LightClientTool.verify(from: client, chain: rest)
            #expect(report.failure == nil && report.verifiedHeight == 30, "from \(h): \(String(describing: report.failure))")
        }
        let entry = chain.entries[9]
        #expect(throws: LightClientError.tamperedHeader(height: 10)) {
            try LightClient(genesis: genesis, checkpoint: entry, trustedHash: chain.entries[8].header.hash, nextSet: signing[10])
        }
        // A set that is not the one the header commits to (the set of an earlier height, before a rotation).
        #expect(throws: LightClientError.self) {
            try LightClient(genesis: genesis, checkpoint: entry, trustedHash: entry.header.hash, nextSet: genesis.validatorSet)
        }
        // A checkpoint cannot be used to skip checks after it: a forged later header is still refused.
        let forged = try TestChain.generate(.init(validators: 7, headers: 30, rotateEvery: 4, faults: [(.badSignature, 20)]))
        let start = try LightClient(
            genesis: forged.0, checkpoint: forged.1.entries[9], trustedHash: forged.1.entries[9].header.hash, nextSet: signing[10]
        )
        let report = LightClientTool.verify(from: start, chain: ChainFile(entries: Array(forged.1.entries[10...])))
        #expect(report.failure?.kind == "bad-signature" && report.verifiedHeight == 19)
    }

    @Test(
        "a header committed in a later round than it was proposed in (a QBFT re-proposal) verifies; a commit in an earlier one does not"
    )
    func reproposal() throws {
        var options = TestChain.Options(validators: 4, headers: 6)
        options.reproposedAt = [2, 5]
        let (genesis, chain) = try TestChain.generate(options)
        #expect(chain.entries[1].commit.round == 1 && chain.entries[1].header.round == 0)
        let report = try LightClientTool.verify(genesis: genesis, chain: chain)
        #expect(report.failure == nil && report.verifiedHeight == 6)

        var client = try LightClient(genesis: genesis)
        try client.verify(chain.entries[0])
        var earlier = chain.entries[1]
        earlier.header.round = 2
        earlier.commit.headerHash = earlier.header.hash
        #expect(throws: LightClientError.self) { try client.verify(earlier) }
    }

    /// The pipelined batches (a batch's signatures checked in the background while the next
    /// batch's structure is checked) must report exactly what one-by-one verification does: the
    /// first failure in height order, whichever batch or stage finds it, and the state before it.
    @Test(
        "batched, pipelined verification reports what one-by-one verification does: the first failure in height order, at batch edges and across stages",
        arguments: [
            [(TestChainFault.badSignature, UInt64(70))], [(.badPrevHash, 140)], [(.badSignature, 190)],
            [(.badSignature, 64), (.badSignature, 65)], [(.badSignature, 100), (.badPrevHash, 130)],
            [(.badPrevHash, 66), (.badSignature, 65)], [(.tamperedHeader, 129), (.belowQuorum, 128)],
        ])
    func pipelinedMatchesSingles(faults: [(TestChainFault, UInt64)]) throws {
        let (genesis, chain) = try TestChain.generate(.init(validators: 4, headers: 200, faults: faults))
        var batched = try LightClient(genesis: genesis)
        var batchedError: LightClientError?
        do { try batched.verify(contentsOf: chain.entries, batchSize: 64) } catch { batchedError = error }
        var single = try LightClient(genesis: genesis)
        var singleError: LightClientError?
        for entry in chain.entries {
            do { try single.verify(entry) } catch {
                singleError = error
                break
            }
        }
        #expect(
            batchedError != nil && batchedError == singleError,
            "\(String(describing: batchedError)) vs \(String(describing: singleError))")
        #expect(batched.height == single.height && batched.height == faults.map(\.1).min()! - 1)
    }

    /// A batch decodes its commits' signatures in the background: one that is not a point (or not
    /// in G1's subgroup) must still be reported as one-by-one verification reports it.
    @Test(
        "batched verification names an undecodable commit signature as one-by-one verification does", arguments: [1, 63, 64, 150])
    func undecodableSignatureInBatch(at index: Int) throws {
        let (genesis, generated) = try TestChain.generate(.init(validators: 4, headers: 200))
        var entries = generated.entries
        entries[index].commit.aggregateSignature = [0xA0] + [UInt8](repeating: 0x11, count: 47)
        var batched = try LightClient(genesis: genesis)
        var batchedError: LightClientError?
        do { try batched.verify(contentsOf: entries, batchSize: 64) } catch { batchedError = error }
        var single = try LightClient(genesis: genesis)
        var singleError: LightClientError?
        for entry in entries {
            do { try single.verify(entry) } catch {
                singleError = error
                break
            }
        }
        #expect(singleError == .badSignature(height: UInt64(index + 1)))
        #expect(batchedError == singleError)
        #expect(batched.height == UInt64(index) && single.height == UInt64(index))
    }

    @Test("every injected fault is refused, naming its kind and height", arguments: TestChainFault.allCases)
    func faults(kind: TestChainFault) throws {
        for (validators, height) in [(7, UInt64(14)), (8, 3)] {
            let (genesis, chain) = try TestChain.generate(
                .init(validators: validators, headers: 20, rotateEvery: 5, faults: [(kind, height)]))
            let report = try LightClientTool.verify(genesis: genesis, chain: chain)
            let failure = try #require(report.failure, "\(kind) at \(height) was accepted")
            #expect(failure.kind == kind.rawValue, "\(kind): got \(failure)")
            #expect(failure.height == height && report.verifiedHeight == height - 1)
            #expect(failure.description.contains("height \(height)"))
        }
    }

    @Test("a chain from another genesis, or with entries out of order, is refused")
    func wrongGenesis() throws {
        let (_, chain) = try TestChain.generate(.init(validators: 4, headers: 3))
        let (otherGenesis, _) = try TestChain.generate(.init(validators: 4, headers: 3, seed: 2))
        #expect(try LightClientTool.verify(genesis: otherGenesis, chain: chain).failure != nil)
        let (genesis, _) = try TestChain.generate(.init(validators: 4, headers: 3))
        var swapped = chain
        swapped.entries.swapAt(0, 1)
        #expect(try LightClientTool.verify(genesis: genesis, chain: swapped).failure?.kind == "bad-sequence")
    }
}

@Suite("lc-verify and bpi testchain")
struct LCVerifyCLITests {
    private var lcVerify: String {
        URL(fileURLWithPath: BPIBinary.path).deletingLastPathComponent().appendingPathComponent("lc-verify").path
    }

    @Test("the binaries accept the clean chain and exit with each fault's own status, naming the height")
    func binaries() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bpi-lc-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let gen = try BPIBinary.run([
            "testchain", "generate", "--validators", "5", "--headers", "12", "--rotate-every", "4", "--out", dir + "/clean",
        ])
        #expect(gen.status == 0, "\(gen.err)")
        let ok = try Subprocess.run(
            lcVerify, ["--genesis", dir + "/clean/genesis.json", "--chain", dir + "/clean/chain.cbor", "--json"])
        #expect(ok.status == 0 && ok.out.contains("\"verifiedHeight\":12"), "\(ok.out)\(ok.err)")
        let expected: [String: Int32] = [
            "bad-prev-hash": 11, "tampered-header": 12, "below-quorum": 13, "bad-bitmap": 14, "bad-signature": 15,
            "bad-set-hash": 16,
            "wrong-proposer": 17, "bad-rotation": 18, "bad-evidence": 19, "bad-frame-root": 20, "bad-poh-tick": 21,
            "poh-reordered": 22, "nc-gap": 23,
        ]
        #expect(Set(expected.keys) == Set(TestChainFault.allCases.map(\.rawValue)), "every fault kind has its status here")
        for (kind, status) in expected {
            let out = dir + "/" + kind
            #expect(
                try BPIBinary.run([
                    "testchain", "generate", "--validators", "5", "--headers", "12", "--out", out, "--fault", "\(kind)@9",
                ]).status == 0)
            let r = try Subprocess.run(lcVerify, ["--genesis", out + "/genesis.json", "--chain", out + "/chain.cbor"])
            #expect(r.status == status, "\(kind): \(r.status) \(r.err)")
            #expect(r.err.contains("height 9"), "\(kind): \(r.err)")
        }
        #expect(try Subprocess.run(lcVerify, ["--genesis", "/nonexistent", "--chain", "/nonexistent"]).status == 2)
        #expect(
            try BPIBinary.run([
                "testchain", "generate", "--validators", "5", "--headers", "3", "--out", dir + "/x", "--fault", "nonsense@2",
            ]).status == 2)
    }
}

@Suite("Light client Proof-of-History replay")
struct LightClientPoHTests {
    @Test(
        "the PoH parameters are a genesis parameter: a chain with its own verifies; the same chain under a genesis claiming others does not"
    )
    func genesisParameters() throws {
        var o = TestChain.Options(validators: 4, headers: 12, framesPerBlock: 2)
        o.poh = PoHParameters(hashesPerTick: 1_000, ticksPerBlock: 8)
        let (genesis, chain) = try TestChain.generate(o)
        let report = try LightClientTool.verify(genesis: genesis, chain: chain)
        #expect(report.failure == nil && report.pohStats.records == 12 * (8 + 2) && report.pohStats.hashes >= 12 * 8_000)
        // The parameters are bound to the genesis hash (height 1's prev_hash)…
        var other = genesis
        other.poh = .standard
        #expect(other.hash != genesis.hash)
        #expect(try LightClientTool.verify(genesis: other, chain: chain).failure?.kind == "bad-prev-hash")
        // …and round-trip through genesis.json, which refuses out-of-range values.
        #expect(try Genesis(json: genesis.json()) == genesis)
        let text = String(decoding: genesis.json(), as: UTF8.self).replacingOccurrences(
            of: "\"ticksPerBlock\" : 8", with: "\"ticksPerBlock\" : 0")
        #expect(throws: TypesError.self) { try Genesis(json: Data(text.utf8)) }
        // A standard genesis keeps the three-item hash (chains written before the parameter existed).
        let standard = try TestChain.generate(.init(validators: 4, headers: 1)).0
        #expect(!String(decoding: standard.json(), as: UTF8.self).contains("poh"))
    }

    @Test("two processes generating the same chain write byte-identical files: headers, frames and tick lists")
    func deterministicAcrossProcesses() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bpi-det-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var files: [Data] = []
        for run in 0..<2 {
            let out = "\(dir)/\(run)"
            let gen = try BPIBinary.run([
                "testchain", "generate", "--validators", "4", "--headers", "20", "--frames-per-block", "5", "--out", out,
            ])
            #expect(gen.status == 0, "\(gen.err)")
            files.append(try Data(contentsOf: URL(fileURLWithPath: out + "/chain.cbor")))
        }
        #expect(files[0] == files[1] && files[0].count > 20 * 1_000)
        let chain = try ChainFile(canonicalBytes: [UInt8](files[0]))
        #expect(chain.entries.allSatisfy { $0.poh.count == 4 + 5 && $0.frames.count == 5 })
    }

    @Test(
        "frames are mixed into every header's ticks; --poh full, sample and off replay what they say, and only a replay finds a wrong tick end"
    )
    func replayModes() throws {
        let (genesis, clean) = try TestChain.generate(.init(validators: 4, headers: 30, framesPerBlock: 6))
        let full = try LightClientTool.verify(genesis: genesis, chain: clean)
        #expect(full.failure == nil && full.verifiedHeight == 30)
        // 4 clock ticks and 6 events per header, all replayed.
        #expect(full.pohStats.records == 30 * 10 && full.pohStats.replayed == 300 && full.pohStats.detectionProbability == 1)
        #expect(full.pohStats.hashes >= 30 * 1_024)
        let (_, bad) = try TestChain.generate(.init(validators: 4, headers: 30, faults: [(.badPoHTick, 17)], framesPerBlock: 6))
        // Replayed in full or with every record sampled, the bad end is found at its height.
        #expect(
            try LightClientTool.verify(genesis: genesis, chain: bad).failure
                == .badPoHTick(height: 17, "tick 9 does not replay to its recorded end"))
        let all = try LightClientTool.verify(genesis: genesis, chain: bad, poh: .sample(fraction: 1, seed: 5))
        #expect(all.failure?.kind == "bad-poh-tick" && all.failure?.height == 17)
        // Not replayed, it passes: the structure alone cannot tell (this is what the replay is for).
        let off = try LightClientTool.verify(genesis: genesis, chain: bad, poh: .off)
        #expect(off.failure == nil && off.pohStats.replayed == 0 && off.pohStats.records == 300)
        // A quarter sampled: about a quarter replayed, and the reported probability says so.
        let sampled = try LightClientTool.verify(genesis: genesis, chain: clean, poh: .sample(fraction: 0.25, seed: 9))
        #expect(sampled.failure == nil && sampled.pohStats.replayed == 30 * 3)
        #expect(abs(sampled.pohStats.detectionProbability - 0.3) < 1e-9)
        #expect(sampled.text.contains("caught with probability 0.300"), "\(sampled.text)")
        // Over many seeds a quarter-sample (3 of the 10 records) catches the one bad record about
        // 30 % of the time (binomial, 400 seeds: 120 ± 28 at 3 σ). From a checkpoint at height 16,
        // so that each run verifies one header.
        let checkpoint = bad.entries[15]
        let next = genesis.validatorSet
        let caught = (1...400).filter { seed in
            var client = try! LightClient(
                genesis: genesis, checkpoint: checkpoint, trustedHash: checkpoint.header.hash, nextSet: next)
            client.pohReplay = .sample(fraction: 0.25, seed: UInt64(seed))
            return (try? client.verify(bad.entries[16])) == nil
        }.count
        #expect((92...148).contains(caught), "caught \(caught) of 400")
    }
}

@Suite("Light client commit rules")
struct LightClientCommitTests {
    @Test("a bitmap flagging a validator who did not sign, or omitting one who did, fails the aggregate signature")
    func extraOrMissingSigner() throws {
        let (genesis, chain) = try TestChain.generate(.init(validators: 9, headers: 6))
        // Height 3: the generator leaves validator 3 (= 3 mod 9) out of the signers.
        var extra = chain
        var bits = extra.entries[2].commit.signers.bytes
        bits[0] |= 1 << 3
        extra.entries[2].commit.signers = SignerBitmap(bytes: bits)
        var failure = try LightClientTool.verify(genesis: genesis, chain: extra).failure
        #expect(failure?.kind == "bad-signature" && failure?.height == 3)
        var missing = chain
        bits = missing.entries[2].commit.signers.bytes
        bits[0] &= ~(1 << 4)
        missing.entries[2].commit.signers = SignerBitmap(bytes: bits)
        failure = try LightClientTool.verify(genesis: genesis, chain: missing).failure
        #expect(failure?.kind == "bad-signature" && failure?.height == 3)
        // The untouched chain verifies, batched and one by one.
        #expect(try LightClientTool.verify(genesis: genesis, chain: chain).failure == nil)
    }
}
