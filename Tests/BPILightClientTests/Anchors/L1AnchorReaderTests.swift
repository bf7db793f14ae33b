import BPIAnchor
import BPIEthereum
import BPILightClientTool
import BPITestSupport
import BPITools
import BPITypes
import Foundation
import Testing

/// The light client's anchors read from a real EVM L1 (the py-evm stub, SPEC §18.7): a deep-reorg
/// simulation. More than a third of the validators sign a second branch; the honest chain's
/// anchors, posted by the anchor poster and read back over JSON-RPC by `lc-verify --l1-rpc` (and by
/// `bpi anchor list --out` for `--anchors`), refuse that branch. An anchor from a poster the user
/// did not name counts for nothing.
@Suite("Light client anchors from an L1", .serialized)
struct L1AnchorReaderTests {
    /// Posts `requests` from `key` and mines until each is `confirmations` deep.
    static func post(
        _ requests: [AnchorRequest], key: Secp256k1PrivateKey, l1: L1TestChain, contract: EthereumAddress
    ) async throws {
        let target = AnchorTarget(
            name: "evm-a", endpoint: l1.url, chainID: l1.chainID, contract: contract, confirmations: 2, patience: 1)
        let poster = AnchorPoster(target: target, key: key, chainID: "bpi-testchain", save: { _ in })
        for r in requests { try await poster.enqueue(r) }
        let rpc = EthereumRPC(endpoint: l1.url)
        var confirmed = 0
        for round in 0..<40 where confirmed < requests.count {
            let events = await poster.step(now: 1_000 + UInt64(round))
            confirmed += events.filter { if case .confirmed = $0 { true } else { false } }.count
            _ = try await rpc.call("test_mine", [1])
        }
        #expect(confirmed == requests.count, "\(confirmed) of \(requests.count) anchors confirmed")
    }

    static func request(_ entry: ChainEntry) -> AnchorRequest {
        AnchorRequest(
            height: entry.header.height, headerHash: entry.header.hash.bytes,
            validatorSetHash: entry.header.validatorSetHash.bytes, finalizedAt: 1_000)
    }

    @Test(
        "anchors posted to the L1 refuse the fork through lc-verify --l1-rpc and through bpi anchor list --out; untrusted posters do not count"
    )
    func deepReorgSimulation() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bpi-l1lc-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let gen = try BPIBinary.run([
            "testchain", "generate", "--validators", "4", "--headers", "16", "--out", dir + "/honest", "--fork-at", "6",
            "--byzantine", "2", "--fork-out", dir + "/fork",
        ])
        #expect(gen.status == 0, "\(gen.err)")
        let (_, honest) = try LightClientTool.load(
            genesisPath: dir + "/honest/genesis.json", chainPath: dir + "/honest/chain.cbor")
        let (_, fork) = try LightClientTool.load(genesisPath: dir + "/fork/genesis.json", chainPath: dir + "/fork/chain.cbor")

        let l1 = try await L1TestChain(chainID: 31337, blockTime: 0.25)
        #expect(try BPIBinary.run(["anchor", "key", "--out", dir + "/trusted.key"]).status == 0)
        let deploy = try BPIBinary.run([
            "anchor", "deploy", "--rpc", l1.url, "--key", dir + "/trusted.key", "--fund-wei", "1000000000000000000", "--json",
        ])
        try #require(deploy.status == 0, "\(deploy.err)")
        let deployed = try JSONSerialization.jsonObject(with: Data(deploy.out.utf8)) as? [String: Any]
        let contract = try EthereumAddress(hex: try #require(deployed?["contract"] as? String))
        let trusted = try AnchorKeyFile.load(dir + "/trusted.key")
        // The honest chain's every 4th header, by the trusted poster…
        try await Self.post(
            honest.entries.filter { $0.header.height % 4 == 0 }.map(Self.request), key: trusted, l1: l1, contract: contract)
        // …and the fork's header at 8 by an account nobody named.
        let stranger = Secp256k1PrivateKey.generate()
        _ = try await EthereumRPC(endpoint: l1.url).call("test_fund", [stranger.address.checksummed, "0xde0b6b3a7640000"])
        try await Self.post([Self.request(fork.entries[7])], key: stranger, l1: l1, contract: contract)

        let lc = URL(fileURLWithPath: BPIBinary.path).deletingLastPathComponent().appendingPathComponent("lc-verify").path
        let l1Args = ["--genesis", dir + "/honest/genesis.json", "--l1-rpc", l1.url, "--anchor-contract", contract.checksummed]
        func verify(_ chain: String, posters: [EthereumAddress], _ extra: [String] = []) throws -> ProcessResult {
            try Subprocess.run(
                lc,
                l1Args + ["--chain", dir + "/\(chain)/chain.cbor"] + posters.flatMap { ["--anchor-poster", $0.checksummed] }
                    + extra)
        }
        let good = try verify("honest", posters: [trusted.address], ["--anchor-depth", "2", "--json"])
        #expect(
            good.status == 0 && good.out.contains("\"anchorsMatched\":4") && good.out.contains("\"anchoredHeight\":16"),
            "\(good.out)\(good.err)")
        let bad = try verify("fork", posters: [trusted.address])
        #expect(bad.status == 24 && bad.err.contains("height 8: contradicts a confirmed anchor"), "\(bad.err)")
        #expect(
            bad.err.contains(l1.url) && bad.err.contains(trusted.address.checksummed), "names where the anchor is: \(bad.err)")
        // Trusting the stranger instead turns the honest chain away: whom to trust is the user's choice.
        #expect(try verify("honest", posters: [stranger.address]).status == 24)
        // Trusting both: the anchors disagree at 8, and nothing is judged by them.
        let both = try verify("honest", posters: [trusted.address, stranger.address])
        #expect(both.status == 2 && both.err.contains("the anchors disagree at height 8"), "\(both.err)")
        // Deeper than the L1 holds them: none counts, and both branches pass on commits alone.
        #expect(try verify("fork", posters: [trusted.address], ["--anchor-depth", "1000"]).status == 0)

        // The same through a file: bpi anchor list --out, then lc-verify --anchors (and --fork).
        let list = try BPIBinary.run([
            "anchor", "list", "--rpc", l1.url, "--contract", contract.checksummed, "--chain-id", "bpi-testchain", "--poster",
            trusted.address.checksummed, "--l1", "evm-a", "--out", dir + "/anchors.json", "--depth", "2",
        ])
        #expect(list.status == 0 && list.err.contains("4 of 4 anchors"), "\(list.out)\(list.err)")
        let file = try Subprocess.run(
            lc,
            [
                "--genesis", dir + "/honest/genesis.json", "--chain", dir + "/fork/chain.cbor", "--fork",
                dir + "/honest/chain.cbor",
                "--anchors", dir + "/anchors.json",
            ])
        #expect(file.status == 24 && file.out.contains("verdict: the other branch is anchored past the fork"), "\(file.out)")
        #expect(file.out.contains("validators that signed both: 0, 1"))
    }
}
