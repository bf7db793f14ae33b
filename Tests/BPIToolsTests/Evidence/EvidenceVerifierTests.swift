import BPICodec
import BPIFrames
import BPIHash
import BPILightClient
import BPILightClientTool
import BPITestSupport
import BPIToolKit
import BPITools
import BPITypes
import Foundation
import Testing

/// Portable evidence checked from a genesis and finalized headers (SPEC §18.9) — here, and by the
/// standalone Python verifier written from the SPEC (`Tests/Oracles/evidence_verifier.py`), which
/// must agree on every item, valid or not.
@Suite("Evidence verifier")
struct EvidenceVerifierTests {
    /// A 4-validator chain whose header 3 carries equivocation evidence against validator 0 (at
    /// height 2), forked from height 6 by validators 0 and 1.
    static func chains() throws -> (Genesis, ChainFile, ChainFile) {
        var o = TestChain.Options(validators: 4, headers: 9, evidenceAt: [3])
        o.forkAt = 6
        o.byzantine = 2
        let made = try TestChain.generateFork(o)
        return (made.genesis, made.honest, made.fork)
    }

    static func envelopes(_ genesis: Genesis, _ honest: ChainFile, _ fork: ChainFile) throws -> (
        equivocation: EvidenceEnvelope, fork: EvidenceEnvelope
    ) {
        let e = try #require(honest.entries[2].evidence.first)
        let f = try #require(ForkEvidence(honest.entries[5].commit, fork.entries[5].commit))
        return (
            EvidenceEnvelope(kind: .equivocation, chainID: genesis.chainID, height: 2, body: e.canonicalBytes()),
            EvidenceEnvelope(kind: .fork, chainID: genesis.chainID, height: 6, body: f.canonicalBytes())
        )
    }

    @Test("equivocation and fork envelopes verify and name their offenders; every alteration is refused")
    func verdicts() throws {
        let (genesis, honest, fork) = try Self.chains()
        let chain = try FinalizedChain(genesis: genesis, entries: honest.entries)
        let (equivocation, forked) = try Self.envelopes(genesis, honest, fork)
        #expect(try EvidenceVerifier.verify(equivocation, chain: chain).offenders == [0])
        let verdict = try EvidenceVerifier.verify(forked, chain: chain)
        #expect(verdict.offenders == [0, 1] && verdict.kind == "fork" && verdict.id == forked.id.hex)
        for (why, bad) in Self.altered(equivocation, forked) {
            #expect(throws: ToolError.self, "\(why)") { try EvidenceVerifier.verify(bad, chain: chain) }
        }
        // A chain that does not reach the evidence's height cannot judge it; nor can another mesh's.
        let short = try FinalizedChain(genesis: genesis, entries: Array(honest.entries.prefix(3)))
        #expect(throws: ToolError.self) { try EvidenceVerifier.verify(forked, chain: short) }
        #expect(throws: ToolError.self) {
            try FinalizedChain(genesis: genesis, entries: Array(fork.entries.dropFirst()))
        }
    }

    /// Envelopes that must prove nothing.
    static func altered(_ equivocation: EvidenceEnvelope, _ fork: EvidenceEnvelope) -> [(String, EvidenceEnvelope)] {
        func with(
            _ e: EvidenceEnvelope, kind: EvidenceKind? = nil, chainID: String? = nil, height: UInt64? = nil, body: [UInt8]? = nil
        )
            -> EvidenceEnvelope
        {
            EvidenceEnvelope(
                kind: kind ?? e.kind, chainID: chainID ?? e.chainID, height: height ?? e.height, body: body ?? e.body)
        }
        var flipped = equivocation.body
        flipped[flipped.count - 3] ^= 1
        var forged = fork.body
        forged[forged.count - 2] ^= 1
        return [
            ("another height", with(equivocation, height: 3)), ("another mesh", with(equivocation, chainID: "other")),
            ("a signature bit flipped", with(equivocation, body: flipped)),
            ("a fork's body as equivocation", with(fork, kind: .equivocation)),
            ("a fork at another height", with(fork, height: 5)), ("a forged aggregate", with(fork, body: forged)),
        ]
    }

    @Test("the standalone Python verifier agrees: same ids and offenders for the valid, a refusal for each altered one")
    func pythonAgrees() throws {
        let (genesis, honest, fork) = try Self.chains()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bpi-ev-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try LightClientTool.write(genesis: genesis, chain: honest, to: dir)
        let (equivocation, forked) = try Self.envelopes(genesis, honest, fork)
        let bad = Self.altered(equivocation, forked).map(\.1)
        var files: [String] = []
        for (i, e) in ([equivocation, forked] + bad).enumerated() {
            let path = dir + "/e\(i).cbor"
            try Data(e.canonicalBytes()).write(to: URL(fileURLWithPath: path))
            files.append(path)
        }
        let result = try Self.python(dir, files)
        let lines = result.out.split(separator: "\n").map(String.init)
        #expect(result.status == 1 && lines.count == files.count, "\(result.out)\(result.err)")
        guard lines.count == files.count else { return }
        #expect(lines[0] == "ok \(equivocation.id.hex) equivocation 2 offenders=0")
        #expect(lines[1] == "ok \(forked.id.hex) fork 6 offenders=0,1")
        for (i, e) in bad.enumerated() {
            #expect(lines[i + 2].hasPrefix("bad \(e.id.hex) "), "\(lines[i + 2])")
        }
        // A kind the SPEC does not define is said so, with its own status.
        let unknown = try CBOREncoder.encode(
            .array([.unsigned(1), .unsigned(8), .text(genesis.chainID), .unsigned(2), .bytes([0x80])]))
        try Data(unknown).write(to: URL(fileURLWithPath: dir + "/unknown.cbor"))
        let unsupported = try Self.python(dir, [dir + "/unknown.cbor"])
        #expect(unsupported.status == 3 && unsupported.out.hasPrefix("unsupported"), "\(unsupported.out)")
    }

    /// Runs the Python verifier on the genesis and chain in `dir` (with `options`, such as `--l1-rpc URL`).
    static func python(_ dir: String, _ files: [String], options: [String] = []) throws -> ProcessResult {
        try Subprocess.run(
            Oracle.python,
            [
                TestPaths.packageRoot.appendingPathComponent("Tests/Oracles/evidence_verifier.py").path, dir + "/genesis.json",
                dir + "/chain.cbor",
            ] + options + files)
    }

    /// The chain of `bpi testchain generate --evidence-out` (4 validators, 2 frames a block) and
    /// its six envelopes, one per kind.
    static func everyKind() throws -> (Genesis, ChainFile, [EvidenceEnvelope]) {
        try TestChainEvidence.generate(
            TestChain.Options(validators: 4, headers: TestChainEvidence.minimumHeaders, framesPerBlock: 2))
    }

    /// What each kind's item proves: offenders, or a DA fault's storer.
    static func expected(_ e: EvidenceEnvelope, _ v: EvidenceVerifier.Verdict) -> String {
        e.kind == .dataAvailabilityFault
            ? "storer=\(v.storer ?? "")" : "offenders=\(v.offenders.map(String.init).joined(separator: ","))"
    }

    @Test(
        "every kind: the test chain's six items verify from the genesis and name their offenders; a flip of any byte of any body proves nothing"
    )
    func everyKindVerifies() throws {
        let (genesis, chain, envelopes) = try Self.everyKind()
        let finalized = try FinalizedChain(genesis: genesis, entries: chain.entries)
        #expect(envelopes.map(\.kind) == EvidenceKind.allCases.filter { $0 != .missedAnchor }, "all but the L1-judged kind")
        var offenders: [EvidenceKind: [UInt64]] = [:]
        for e in envelopes {
            let v = try EvidenceVerifier.verify(e, chain: finalized)
            offenders[e.kind] = v.offenders
            #expect(v.id == e.id.hex && v.kind == e.kind.name && v.height == e.height)
            // Nothing in a body is unbound: any one byte changed, the item proves nothing.
            var accepted: [Int] = []
            for i in e.body.indices {
                var body = e.body
                body[i] ^= 1
                let bad = EvidenceEnvelope(kind: e.kind, chainID: e.chainID, height: e.height, body: body)
                if (try? EvidenceVerifier.verify(bad, chain: finalized)) != nil { accepted.append(i) }
            }
            #expect(accepted.isEmpty, "\(e.kind.name): flipping body bytes \(accepted) still verifies")
        }
        #expect(offenders[.equivocation] == [3] && offenders[.listEquivocation] == [1] && offenders[.badKeyShare] == [2])
        #expect(offenders[.fork] == [2, 3] && offenders[.dataAvailabilityFault] == [])
        #expect(offenders[.missedInclusion]?.count == 1)
        // The key must come from an epoch-key frame: pointing at another frame the chain carries
        // (the share itself, validator 0's inclusion list) proves nothing.
        let share = try #require(envelopes.first { $0.kind == .badKeyShare })
        let x = try BadKeyShareEvidence(canonicalBytes: share.body)
        let missed = try MissedInclusionEvidence(
            canonicalBytes: try #require(envelopes.first { $0.kind == .missedInclusion }).body)
        for (frame, height) in [(x.frame, x.height), (missed.list, missed.height - 1)] {
            let ids = chain.entries[Int(height) - 1].frames.map(\.id)
            var other = x
            other.keyFrame = frame
            other.keyHeight = height
            other.keyProof = try MerkleTree(leafHashes: ids).proof(index: try #require(ids.firstIndex(of: frame.id)))
            #expect(throws: ToolError.self) {
                try EvidenceVerifier.verify(
                    EvidenceEnvelope(
                        kind: .badKeyShare, chainID: share.chainID, height: share.height, body: other.canonicalBytes()),
                    chain: finalized)
            }
        }
    }

    @Test("every kind: the standalone Python verifier gives the same ids, offenders and refusals as the Swift one")
    func pythonAgreesOnEveryKind() throws {
        let (genesis, chain, envelopes) = try Self.everyKind()
        let finalized = try FinalizedChain(genesis: genesis, entries: chain.entries)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bpi-ev6-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try LightClientTool.write(genesis: genesis, chain: chain, to: dir)
        // Each valid item, then alterations of each: another height, another mesh, three flipped
        // body bytes (near the start, the middle and the end), and another kind's body.
        var cases: [EvidenceEnvelope] = envelopes
        for (k, e) in envelopes.enumerated() {
            func with(height: UInt64? = nil, chainID: String? = nil, body: [UInt8]? = nil, kind: EvidenceKind? = nil)
                -> EvidenceEnvelope
            {
                EvidenceEnvelope(
                    kind: kind ?? e.kind, chainID: chainID ?? e.chainID, height: height ?? e.height, body: body ?? e.body)
            }
            cases.append(with(height: e.height + 1))
            cases.append(with(chainID: "another-mesh"))
            for at in [e.body.count / 7, e.body.count / 2, e.body.count - 5] {
                var body = e.body
                body[at] ^= 0x10
                cases.append(with(body: body))
            }
            cases.append(with(kind: envelopes[(k + 1) % envelopes.count].kind))
        }
        var files: [String] = []
        for (i, e) in cases.enumerated() {
            files.append(dir + "/e\(i).cbor")
            try Data(e.canonicalBytes()).write(to: URL(fileURLWithPath: files[i]))
        }
        let result = try Self.python(dir, files)
        let lines = result.out.split(separator: "\n").map(String.init)
        #expect(result.status == 1 && lines.count == cases.count, "\(result.out)\(result.err)")
        guard lines.count == cases.count else { return }
        for (e, line) in zip(cases, lines) {
            if let v = try? EvidenceVerifier.verify(e, chain: finalized) {
                #expect(line == "ok \(e.id.hex) \(e.kind.name) \(e.height) \(Self.expected(e, v))")
            } else {
                #expect(line.hasPrefix("bad \(e.id.hex) "), "Swift refuses \(e.kind.name) at \(e.height); Python: \(line)")
            }
        }
        #expect(lines.prefix(envelopes.count).allSatisfy { $0.hasPrefix("ok ") }, "\(lines.prefix(6))")
        #expect(lines.dropFirst(envelopes.count).allSatisfy { $0.hasPrefix("bad ") }, "every alteration proves nothing")
    }

    @Test(
        "bpi testchain generate --evidence-out writes one envelope per kind, which bpi evidence verify accepts; too short a chain is refused"
    )
    func testchainEvidenceCommand() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bpi-evt-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let made = try BPIBinary.run([
            "testchain", "generate", "--validators", "4", "--headers", "\(TestChainEvidence.minimumHeaders)", "--out", dir,
            "--evidence-out", dir + "/evidence",
        ])
        #expect(made.status == 0, "\(made.err)")
        let files = EvidenceKind.allCases.filter { $0 != .missedAnchor }.map { dir + "/evidence/\($0.name).cbor" }
        let verified = try BPIBinary.run(
            ["evidence", "verify", "--genesis", dir + "/genesis.json", "--chain", dir + "/chain.cbor", "--json"] + files)
        #expect(verified.status == 0 && verified.out.contains("\"offenders\":[2,3]"), "\(verified.out)\(verified.err)")
        let short = try BPIBinary.run([
            "testchain", "generate", "--validators", "4", "--headers", "20", "--out", dir + "/short", "--evidence-out",
            dir + "/e2",
        ])
        #expect(short.status == 2 && short.err.contains("at least \(TestChainEvidence.minimumHeaders) headers"), "\(short.err)")
    }

    @Test("bpi evidence verify: 0 for valid envelopes, 1 when one proves nothing, 2 for a malformed file, 64 without headers")
    func command() throws {
        let (genesis, honest, fork) = try Self.chains()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bpi-evc-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try LightClientTool.write(genesis: genesis, chain: honest, to: dir)
        let (equivocation, forked) = try Self.envelopes(genesis, honest, fork)
        try Data(equivocation.canonicalBytes()).write(to: URL(fileURLWithPath: dir + "/a.cbor"))
        try Data(forked.canonicalBytes()).write(to: URL(fileURLWithPath: dir + "/b.cbor"))
        try Data(Self.altered(equivocation, forked)[2].1.canonicalBytes()).write(to: URL(fileURLWithPath: dir + "/c.cbor"))
        try Data("not cbor".utf8).write(to: URL(fileURLWithPath: dir + "/d.cbor"))
        let base = ["evidence", "verify", "--genesis", dir + "/genesis.json", "--chain", dir + "/chain.cbor"]
        let ok = try BPIBinary.run(base + [dir + "/a.cbor", dir + "/b.cbor", "--json"])
        #expect(
            ok.status == 0 && ok.out.contains("\"offenders\":[0,1]") && ok.out.contains("\"offenders\":[0]"), "\(ok.out)\(ok.err)"
        )
        let refused = try BPIBinary.run(base + [dir + "/a.cbor", dir + "/c.cbor"])
        #expect(refused.status == 1 && refused.out.contains("c.cbor: NOT VERIFIED"), "\(refused.out)\(refused.err)")
        #expect(try BPIBinary.run(base + [dir + "/d.cbor"]).status == 2)
        #expect(try BPIBinary.run(["evidence", "verify", "--genesis", dir + "/genesis.json", dir + "/a.cbor"]).status == 64)
    }
}
