import BPICodec
import BPIToolKit
import BPITypes

/// Portable evidence (docs/SPEC.md §18.9, §18.11): each kind's size and the time to verify one
/// item against a finalized chain, on the chain of `bpi testchain generate --evidence-out` (4
/// validators, 2 frames a block). A missed anchor's figure is its check with the L1 window already
/// read (the L1 round trips depend on the L1 node, not on us).
enum EvidenceBenchmarks {
    static let target = "≤ 20 ms"

    static func run(progress: (String) -> Void) -> [BenchmarkFigure] {
        progress("evidence: one item of each kind, verified from the finalized chain")
        var o = TestChain.Options(validators: 4, headers: TestChainEvidence.minimumHeaders, framesPerBlock: 2)
        o.seed = 7
        guard let (genesis, chain, envelopes) = try? TestChainEvidence.generate(o),
            let finalized = try? FinalizedChain(genesis: genesis, entries: chain.entries)
        else { return [.failed("evidence: verification", target: target, error: "the evidence test chain does not build")] }
        var figures: [BenchmarkFigure] = []
        func time(_ name: String, bytes: Int, _ check: () -> Bool) {
            var samples: [Double] = []
            for _ in 0..<15 {
                let start = Stopwatch.now()
                guard check() else {
                    figures.append(.failed(name, target: target, error: "the item does not verify"))
                    return
                }
                samples.append(Double(Stopwatch.now() - start) / 1e6)
            }
            let median = samples.sorted()[samples.count / 2]
            figures.append(
                BenchmarkFigure(
                    name: "\(name) (\(bytes) B envelope)", value: median, unit: "ms", target: target, met: median <= 20))
        }
        for e in envelopes {
            time("evidence \(e.kind.name): verify one item", bytes: e.canonicalBytes().count) {
                (try? EvidenceVerifier.verify(e, chain: finalized)) != nil
            }
        }
        // A missed anchor of height 8 pledged by validator 1, with its L1 window as an L1 would answer.
        let header = chain.entries[7].header
        let pledge = AnchorPledge(
            chainID: genesis.chainID, l1ChainID: 1, contract: [UInt8](repeating: 1, count: 20),
            poster: [UInt8](repeating: 2, count: 20),
            every: 4, fromHeight: 4, deadlineSeconds: 60, l1FromBlock: 0,
            signer: TestChain.validatorIdentity(seed: o.seed, index: 1))
        let x = MissedAnchorEvidence(pledge: pledge, height: 8, l1Block: 10, l1BlockHash: [UInt8](repeating: 3, count: 32))
        let e = EvidenceEnvelope(kind: .missedAnchor, chainID: genesis.chainID, height: 8, body: x.canonicalBytes())
        let deadline = pledge.deadline(headerTimestamp: header.timestamp)
        let window = MissedAnchorEvidence.L1Window(
            chainID: 1, blockHash: x.l1BlockHash, blockTimestamp: deadline, nextTimestamp: deadline + 1, head: 20,
            anchored: [[UInt8](repeating: 4, count: 32)])
        time("evidence missed-anchor: verify one item, its L1 window read", bytes: e.canonicalBytes().count) {
            (try? EvidenceVerifier.verify(e, chain: finalized, l1: .init(windows: [e.id: window], depth: 2))) != nil
        }
        return figures
    }
}
