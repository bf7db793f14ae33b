import BPICodec
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
        let result = try Subprocess.run(
            Oracle.python,
            [
                TestPaths.packageRoot.appendingPathComponent("Tests/Oracles/evidence_verifier.py").path, dir + "/genesis.json",
                dir + "/chain.cbor",
            ]
                + files)
        let lines = result.out.split(separator: "\n").map(String.init)
        #expect(result.status == 1 && lines.count == files.count, "\(result.out)\(result.err)")
        guard lines.count == files.count else { return }
        #expect(lines[0] == "ok \(equivocation.id.hex) equivocation 2 offenders=0")
        #expect(lines[1] == "ok \(forked.id.hex) fork 6 offenders=0,1")
        for (i, e) in bad.enumerated() {
            #expect(lines[i + 2].hasPrefix("bad \(e.id.hex) "), "\(lines[i + 2])")
        }
        // A kind it does not implement is said so, with its own status.
        let fault = EvidenceEnvelope(kind: .dataAvailabilityFault, chainID: genesis.chainID, height: 2, body: [0x80])
        try Data(fault.canonicalBytes()).write(to: URL(fileURLWithPath: dir + "/da.cbor"))
        let unsupported = try Subprocess.run(
            Oracle.python,
            [
                TestPaths.packageRoot.appendingPathComponent("Tests/Oracles/evidence_verifier.py").path, dir + "/genesis.json",
                dir + "/chain.cbor", dir + "/da.cbor",
            ])
        #expect(unsupported.status == 3 && unsupported.out.hasPrefix("unsupported"), "\(unsupported.out)")
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
