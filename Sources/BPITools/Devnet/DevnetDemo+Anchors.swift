import BPIAnchor
import BPIEthereum
import BPINode
import BPIToolKit
import Foundation

extension DevnetDemo {
    /// The anchoring part of `bpi demo --anchors` (docs/SPEC.md §18.6): two test L1s with the anchor
    /// contract, and validator 0 configured to anchor every 4th header to both.
    struct AnchorStep {
        let stubs: [(name: String, stub: L1Stub, contract: String)]
        let poster: String

        /// Before the validators start: the L1s, the contracts, validator 0's key, settings and funds.
        static func prepare(layout: DevnetLayout, log: @Sendable (String) -> Void) async throws(ToolError) -> AnchorStep {
            let specs: [(String, UInt64, Double, UInt64)] = [("evm-a", 31337, 0.25, 3), ("evm-b", 31338, 1.0, 2)]
            var stubs: [(name: String, stub: L1Stub, contract: String)] = []
            var targets: [AnchorTarget] = []
            let deployer = layout.home(0).appendingPathComponent("anchor-deployer.key").path
            _ = try AnchorTool.createKey(out: deployer)
            for (name, chainID, blockTime, depth) in specs {
                let stub = try L1Stub(chainID: chainID, blockTime: blockTime)
                let d = try await AnchorTool.deploy(rpc: stub.url, keyFile: deployer, fundWei: 1_000_000_000_000_000_000)
                guard let contract = try? EthereumAddress(hex: d.contract) else {
                    throw .io("bad contract address \(d.contract)")
                }
                stubs.append((name, stub, d.contract))
                targets.append(
                    AnchorTarget(name: name, endpoint: stub.url, chainID: chainID, contract: contract, confirmations: depth))
                log(
                    "anchors: L1 \(name) (py-evm, chain \(chainID), a block every \(blockTime) s) at \(stub.url); anchor contract \(d.contract)"
                )
            }
            let home = layout.home(0)
            let poster = try AnchorTool.createKey(out: home.appendingPathComponent("anchor.key").path)
            var config = try layout.configs()[0]
            do {
                try Data(AnchorSettings(every: 4, keyFile: "anchor.key", targets: targets).json.utf8).write(
                    to: home.appendingPathComponent("anchors.json"))
                config.anchors = "anchors.json"
                try Data(config.toml.utf8).write(to: URL(fileURLWithPath: layout.configPath(0)))
                for s in stubs {
                    _ = try await EthereumRPC(endpoint: s.stub.url).call("test_fund", [poster, "0xde0b6b3a7640000"])
                }
            } catch {
                throw .io("cannot set up validator 0's anchors: \(error)")
            }
            log("anchors: validator 0 posts every 4th finalized header to both, from \(poster)")
            return AnchorStep(stubs: stubs, poster: poster)
        }

        /// After the chain reached `height`: waits until both L1s confirm an anchor at or above
        /// `height − 8`, then checks every anchor each L1 holds against the headers the light client
        /// verified. Returns the confirmed height per L1 and the problems found.
        func check(
            height: UInt64, chainID: String, rpc: RPCClient, verifiedHeaders: [UInt64: String], deadline: Date,
            log: @Sendable (String) -> Void, interrupt: InterruptSignal?
        ) async throws(ToolError) -> (confirmed: [String: UInt64], problems: [String]) {
            let want = max(4, (height >= 8 ? height - 8 : 0) / 4 * 4)
            var confirmed: [String: UInt64] = [:]
            try await DevnetDemo.waitUntil(deadline, "anchors of height \(want) confirmed on both L1s", interrupt: interrupt) {
                guard let view = try? await AnchorTool.status(rpc: rpc) else { return false }
                for l1 in view.l1 { confirmed[l1.name] = l1.confirmedHeight }
                return view.l1.count == stubs.count && view.l1.allSatisfy { $0.confirmedHeight >= want }
            }
            var problems: [String] = []
            for s in stubs {
                let listed = try await AnchorTool.list(rpc: s.stub.url, contract: s.contract, chainID: chainID, posters: [poster])
                let heights = listed.map(\.height)
                if heights != Array(stride(from: 4, through: heights.last ?? 0, by: 4)) {
                    problems.append("anchors on \(s.name) are not every 4th height once: \(heights)")
                }
                for item in listed {
                    guard let verified = verifiedHeaders[item.height] else { continue }
                    if verified != item.headerHash {
                        problems.append("the anchor of height \(item.height) on \(s.name) is not the verified header")
                    }
                }
                log(
                    "anchors: \(s.name) holds \(listed.count) anchors (heights 4…\(heights.last ?? 0)), each the hash of the header the light client verified"
                )
            }
            return (confirmed, problems)
        }
    }

}
