import BPIAnchor
import BPIEthereum
import BPINode
import BPIToolKit
import Foundation

/// Issue 18's anchor latency: a 4-validator devnet whose validator 0 anchors every 2nd header to
/// two py-evm L1s of `Tests/L1` (chain 31337: 250 ms blocks, 3 deep; chain 31338: 1 s blocks, 2
/// deep), first under normal fees, then under a rising fee spike (the base fee floor starts at
/// 1 gwei and triples every 2 s up to 729 gwei, below the 5,000 gwei fee cap: an anchor sent at
/// twice the base fee is priced out by the next step and re-priced). Per L1 and phase: finality → inclusion and finality → confirmation,
/// p50 / p95 over the anchors confirmed. Needs `.build/l1-venv` (scripts/setup); run from the
/// repository's root.
public enum AnchorBenchmarks {
    /// Anchors measured per L1 and phase.
    static let perPhase = 12

    public static func run(progress: @escaping @Sendable (String) -> Void) async -> [BenchmarkFigure] {
        do {
            return try await measure(progress: progress)
        } catch {
            return [.failed("anchor latency", target: "measured", error: "\(error)")]
        }
    }

    struct Sample {
        var inclusion: [Double] = []
        var confirmation: [Double] = []
    }

    static func measure(progress: @escaping @Sendable (String) -> Void) async throws(ToolError) -> [BenchmarkFigure] {
        progress("anchors: two py-evm L1s (250 ms and 1 s blocks) and the anchor contract on each")
        let l1s = [
            (name: "evm-a", chain: try L1Stub(chainID: 31337, blockTime: 0.25), depth: UInt64(3), blockMs: 250.0),
            (name: "evm-b", chain: try L1Stub(chainID: 31338, blockTime: 1.0), depth: UInt64(2), blockMs: 1000.0),
        ]
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "bpi-anchor-bench-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer {
            _ = try? DevnetTool.down(directory: directory.path)
            try? FileManager.default.removeItem(at: directory)
        }
        let deployer = directory.appendingPathComponent("deployer.key").path
        _ = try AnchorTool.createKey(out: deployer)
        var targets: [AnchorTarget] = []
        for l1 in l1s {
            let d = try await AnchorTool.deploy(rpc: l1.chain.url, keyFile: deployer, fundWei: 1_000_000_000_000_000_000)
            guard let contract = try? EthereumAddress(hex: d.contract) else { throw .io("bad contract address \(d.contract)") }
            targets.append(
                AnchorTarget(
                    name: l1.name, endpoint: l1.chain.url, chainID: d.chainID, contract: contract, confirmations: l1.depth,
                    feeCap: 5_000_000_000_000))
        }
        progress("anchors: a 4-validator devnet, validator 0 anchoring every 2nd header")
        let net = directory.appendingPathComponent("net").path
        var setup = DevnetTool.InitOptions(validators: 4, directory: net)
        setup.basePort = 0
        _ = try DevnetTool.initialize(setup)
        let layout = DevnetLayout(directory: net)
        var config = try layout.configs()[0]
        let home = layout.home(0)
        let poster = try AnchorTool.createKey(out: home.appendingPathComponent("anchor.key").path)
        do {
            try Data(AnchorSettings(every: 2, keyFile: "anchor.key", targets: targets).json.utf8).write(
                to: home.appendingPathComponent("anchors.json"))
            config.anchors = "anchors.json"
            try Data(config.toml.utf8).write(to: URL(fileURLWithPath: layout.configPath(0)))
        } catch {
            throw .io("cannot write validator 0's anchor settings: \(error)")
        }
        for l1 in l1s {
            do {
                _ = try await EthereumRPC(endpoint: l1.chain.url).call("test_fund", [poster, "0x56bc75e2d63100000"])  // 100 ETH
            } catch {
                throw .io("\(error)")
            }
        }
        try DevnetTool.up(directory: net)
        let api = layout.client(config)

        /// Waits until every L1 confirmed `perPhase` anchors of heights above `from`; their latencies.
        func phase(after from: UInt64, _ label: String) async throws(ToolError) -> [String: Sample] {
            progress("anchors: \(label): waiting for \(perPhase) confirmed anchors on each L1")
            var samples: [String: Sample] = [:]
            try await DevnetDemo.waitUntil(Date().addingTimeInterval(180), "\(perPhase) anchors confirmed on each L1 (\(label))")
            {
                guard let view = try? await AnchorTool.status(rpc: api) else { return false }
                samples = [:]
                for l1 in view.l1 {
                    let mine = l1.confirmed.filter { $0.height > from }
                    samples[l1.name] = Sample(
                        inclusion: mine.map { Double($0.inclusionMs) }, confirmation: mine.map { Double($0.confirmationMs) })
                }
                return view.l1.count == l1s.count && samples.values.allSatisfy { $0.confirmation.count >= perPhase }
            }
            return samples
        }
        func height() async -> UInt64 { (try? await api.getJSON("/v1/status", as: NodeStatus.self).height) ?? 0 }

        try await DevnetDemo.waitUntil(Date().addingTimeInterval(60), "the devnet to finalize height 4") { await height() >= 4 }
        let normal = try await phase(after: await height(), "normal fees")
        let urls = l1s.map(\.chain.url)
        let rising = Task {
            var floor: UInt64 = 1_000_000_000
            while !Task.isCancelled, floor <= 1_000_000_000_000 {
                for url in urls { _ = try? await EthereumRPC(endpoint: url).call("test_setGasSpike", [floor]) }
                floor *= 3
                try? await Task.sleep(for: .seconds(2))
            }
        }
        defer { rising.cancel() }
        let spiked = try await phase(after: await height(), "a rising fee spike")
        rising.cancel()
        for url in urls { _ = try? await EthereumRPC(endpoint: url).call("test_setGasSpike", [0]) }
        let view = try await AnchorTool.status(rpc: api)
        var figures: [BenchmarkFigure] = []
        for l1 in l1s {
            for (label, samples) in [("normal fees", normal), ("rising fee spike", spiked)] {
                let s = samples[l1.name] ?? Sample()
                let inc = Percentiles(s.inclusion)
                let conf = Percentiles(s.confirmation)
                let what = "anchor \(l1.name) (\(Int(l1.blockMs)) ms blocks, \(l1.depth) deep), \(label)"
                figures.append(
                    BenchmarkFigure(name: "\(what): finality → inclusion p50", value: inc.at(0.5) ?? 0, unit: "ms"))
                figures.append(
                    BenchmarkFigure(name: "\(what): finality → inclusion p95", value: inc.at(0.95) ?? 0, unit: "ms"))
                figures.append(
                    BenchmarkFigure(name: "\(what): finality → confirmation p50", value: conf.at(0.5) ?? 0, unit: "ms"))
                // On time: confirmed within the depth plus two blocks (one to be sent, one of slack) after
                // finality; under the rising spike, plus two re-pricing rounds (each waits `patience`
                // blocks): the floor triples every 2 s, so an anchor can be priced out twice.
                let patience = Double(targets.first?.patience ?? 2)
                let blocks = Double(l1.depth) + 2 + (label == "normal fees" ? 0 : 2 * patience)
                let bound = blocks * l1.blockMs + 500
                let p95 = conf.at(0.95) ?? .infinity
                figures.append(
                    BenchmarkFigure(
                        name: "\(what): finality → confirmation p95", value: p95, unit: "ms",
                        target: "≤ \(Int(bound)) ms (\(Int(blocks)) L1 blocks + 0.5 s)", met: p95 <= bound))
            }
            let l = view.l1.first { $0.name == l1.name }
            figures.append(
                BenchmarkFigure(
                    name: "anchor \(l1.name): anchors re-priced during the rising spike", value: Double(l?.repriced ?? 0),
                    unit: ""))
        }
        return figures
    }
}
