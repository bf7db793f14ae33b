import BPILightClientTool
import BPIToolKit
import BPITypes
import Foundation

/// `bpi testchain generate`'s files: the chain, and optionally a forked branch and the chain's
/// anchors, or evidence of every kind against it. Refuses to overwrite a chain unless `force`.
public enum TestChainWriter {
    /// Generates and writes; returns one line per file written.
    public static func write(
        _ options: TestChain.Options, out: String, forkOut: String?, anchorsOut: String?, anchorEvery: Int,
        evidenceOut: String? = nil, force: Bool, progress: (Int) -> Void
    ) throws(ToolError) -> [String] {
        for dir in [out] + (forkOut.map { [$0] } ?? []) {
            for name in ["genesis.json", "chain.cbor"] where !force {
                guard !FileManager.default.fileExists(atPath: URL(fileURLWithPath: dir).appendingPathComponent(name).path) else {
                    throw .badInput("\(dir) already holds \(name); pick another directory or pass --force to replace it")
                }
            }
        }
        var lines: [String] = []
        let genesis: Genesis
        let chain: ChainFile
        if let forkOut {
            let made = try TestChain.generateFork(options, progress: progress)
            (genesis, chain) = (made.genesis, made.honest)
            try LightClientTool.write(genesis: genesis, chain: made.fork, to: forkOut)
            lines.append(
                "wrote \(forkOut)/genesis.json and \(forkOut)/chain.cbor (a branch from height \(options.forkAt ?? 0), "
                    + "signed by \(options.byzantine) colluding validators and a split of the others)")
        } else if let evidenceOut {
            let envelopes: [EvidenceEnvelope]
            (genesis, chain, envelopes) = try TestChainEvidence.generate(options)
            do {
                try FileManager.default.createDirectory(atPath: evidenceOut, withIntermediateDirectories: true)
                for e in envelopes {
                    let path = URL(fileURLWithPath: evidenceOut).appendingPathComponent("\(e.kind.name).cbor").path
                    try Data(e.canonicalBytes()).write(to: URL(fileURLWithPath: path))
                    lines.append(
                        "wrote \(path) (\(e.kind.name) at height \(e.height): \(e.body.count) B body, "
                            + "\(e.canonicalBytes().count) B envelope; id \(e.id.hex))")
                }
            } catch {
                throw .io("cannot write the evidence to \(evidenceOut): \(error)")
            }
        } else {
            (genesis, chain) = try TestChain.generate(options, progress: progress)
        }
        try LightClientTool.write(genesis: genesis, chain: chain, to: out)
        lines.insert(
            "wrote \(out)/genesis.json and \(out)/chain.cbor (\(options.headers) headers, \(options.validators) validators)",
            at: 0)
        if let anchorsOut {
            let file = TestChain.anchors(of: chain, chainID: options.chainID, every: anchorEvery)
            try file.write(to: anchorsOut)
            lines.append(
                "wrote \(anchorsOut) (\(file.anchors.count) anchors of the chain in \(out), every \(anchorEvery) heights)")
        }
        return lines
    }
}
