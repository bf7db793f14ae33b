import BPICodec
import BPIHash
import BPILightClient
import BPILightClientTool
import BPIToolKit
import BPITools
import BPITypes
import Foundation
import Testing

/// Fork evidence (SPEC §18.8): two valid commits for different headers at one height name the
/// validators that signed both — more than a third of the power — and nothing else proves a fork.
@Suite("Fork evidence")
struct ForkEvidenceTests {
    /// The set trusted at height `h` of `chain`.
    static func set(at h: UInt64, genesis: Genesis, chain: ChainFile) throws -> ValidatorSet {
        var client = try LightClient(genesis: genesis)
        try client.verify(contentsOf: chain.entries.filter { $0.header.height < h })
        return client.nextSet.set
    }

    @Test(
        "n = 4, 7 and 10 with just over a third colluding: the evidence names exactly the colluders",
        arguments: [(4, 2), (7, 3), (10, 4)])
    func namesColluders(n: Int, k: Int) throws {
        let (genesis, honest, fork) = try AnchorRuleTests.forked(n, byzantine: k, at: 6, headers: 9)
        let evidence = try #require(ForkEvidence(honest.entries[5].commit, fork.entries[5].commit))
        let set = try Self.set(at: 6, genesis: genesis, chain: honest)
        let both = try evidence.verify(set: set, chainID: genesis.chainID)
        #expect(both == Array(0..<k))
        #expect(3 * both.count * 10 > Int(set.totalPower), "more than a third of the power")
        // One fork, one encoding, whichever commit comes first; it round-trips.
        #expect(ForkEvidence(fork.entries[5].commit, honest.entries[5].commit) == evidence)
        #expect(try ForkEvidence(canonicalBytes: evidence.canonicalBytes()) == evidence)
    }

    @Test("the check as a third party runs it: from genesis and the headers below the fork")
    func thirdParty() throws {
        let (genesis, honest, fork) = try AnchorRuleTests.forked()
        let evidence = try #require(ForkEvidence(honest.entries[4].commit, fork.entries[4].commit))
        let envelope = EvidenceEnvelope(kind: .fork, chainID: genesis.chainID, height: 5, body: evidence.canonicalBytes())
        let checked = try ForkCheck.check(evidence: envelope.canonicalBytes(), genesis: genesis, chain: honest)
        #expect(checked.refusal == nil && checked.signedBoth == [0, 1])
        // Bare evidence, another kind's envelope, another mesh or height: refused as input.
        for bad in [
            evidence.canonicalBytes(),
            EvidenceEnvelope(kind: .equivocation, chainID: genesis.chainID, height: 5, body: evidence.canonicalBytes())
                .canonicalBytes(),
            EvidenceEnvelope(kind: .fork, chainID: "another", height: 5, body: evidence.canonicalBytes()).canonicalBytes(),
            EvidenceEnvelope(kind: .fork, chainID: genesis.chainID, height: 6, body: evidence.canonicalBytes()).canonicalBytes(),
        ] {
            #expect(throws: ToolError.self) { try ForkCheck.check(evidence: bad, genesis: genesis, chain: honest) }
        }
        // A chain that stops before the fork cannot fix the set: refused as input, not as a verdict.
        #expect(throws: ToolError.self) {
            try ForkCheck.check(
                evidence: envelope.canonicalBytes(), genesis: genesis, chain: ChainFile(entries: Array(honest.entries.prefix(2))))
        }
    }

    @Test("not a fork: one header twice, two heights, a bad signature, a below-quorum commit, another chain or set")
    func refusals() throws {
        let (genesis, honest, fork) = try AnchorRuleTests.forked()
        let a = honest.entries[4].commit
        let b = fork.entries[4].commit
        let set = try Self.set(at: 5, genesis: genesis, chain: honest)
        #expect(ForkEvidence(a, a) == nil)
        #expect(ForkEvidence(a, honest.entries[5].commit) == nil)
        func refused(_ x: Commit, _ y: Commit, chainID: String = "bpi-testchain", set s: ValidatorSet? = nil) -> Bool {
            guard let e = ForkEvidence(x, y) else { return false }
            do {
                _ = try e.verify(set: s ?? set, chainID: chainID)
                return false
            } catch {
                return true
            }
        }
        var badSignature = b
        badSignature.aggregateSignature = a.aggregateSignature
        #expect(refused(a, badSignature))
        var belowQuorum = b
        belowQuorum.signers = SignerBitmap(signers: [0, 1], count: 4)
        #expect(refused(a, belowQuorum))
        var wrongBitmap = b
        wrongBitmap.signers = SignerBitmap(signers: [0, 1, 3], count: 4)
        #expect(refused(a, wrongBitmap), "the aggregate was made by 0, 1, 2")
        #expect(refused(a, b, chainID: "another-mesh"))
        let strangers = try TestChain.generate(TestChain.Options(validators: 4, headers: 1, seed: 99)).0.validatorSet
        #expect(refused(a, b, set: strangers), "certificates of another set prove nothing about this one")
        #expect(!refused(a, b), "the untouched pair is a fork")
    }

    @Test("the decoder refuses another version, commits out of canonical order, and trailing or truncated bytes")
    func decoding() throws {
        let (_, honest, fork) = try AnchorRuleTests.forked()
        let e = try #require(ForkEvidence(honest.entries[4].commit, fork.entries[4].commit))
        let swapped = CBOR.array([.unsigned(1), e.second.cbor, e.first.cbor])
        #expect(throws: CBORError.self) { try ForkEvidence(canonicalBytes: CBOREncoder.encode(swapped)) }
        let v2 = CBOR.array([.unsigned(2), e.first.cbor, e.second.cbor])
        #expect(throws: CBORError.self) { try ForkEvidence(canonicalBytes: CBOREncoder.encode(v2)) }
        let bytes = e.canonicalBytes()
        #expect(throws: CBORError.self) { try ForkEvidence(canonicalBytes: bytes + [0]) }
        #expect(throws: CBORError.self) { try ForkEvidence(canonicalBytes: Array(bytes.dropLast())) }
        // Minimal: version, then two commits of 32 + 1 + 1 + 1 + 48 bytes of content plus CBOR heads.
        #expect(bytes.count == 180, "\(bytes.count) bytes for 4 validators")
    }
}
