import BPINet
import BPINode
import BPITestSupport
import BPITypes
import NIOCore
import Testing

@Suite("Node configuration (config.toml)")
struct NodeConfigTests {
    var config: NodeConfig {
        var c = NodeConfig(
            index: 1, peers: [PeerAddress(host: "127.0.0.1", port: 26_600), PeerAddress(host: "10.0.0.2", port: 26_601)],
            api: PeerAddress(host: "127.0.0.1", port: 26_701))
        c.blockTimeMilliseconds = 500
        c.dropRate = 0.05
        c.duplicateRate = 0.01
        c.reorderRate = 0.02
        c.maxDelayMilliseconds = 5
        c.byzantine = "replay"
        c.testControls = true
        c.inclusionLists = false
        c.genesis = "/tmp/a \"quoted\" path/genesis.json"
        return c
    }

    @Test("the TOML it writes reads back to the same configuration")
    func roundTrip() throws {
        #expect(try NodeConfig(toml: config.toml) == config)
        #expect(config.faultProfile?.duplicateRate == 0.01 && config.faultProfile?.maxDelay == .milliseconds(5))
        #expect(NodeConfig(index: 0, peers: config.peers, api: config.api).faultProfile == nil)
    }

    @Test("standby keys: written and read back, refused when not 32 bytes of hex, and the roster must match the peers")
    func standbyKeys() throws {
        var c = config
        c.standbyKeys = [[UInt8](repeating: 0xAB, count: 32)]
        #expect(try NodeConfig(toml: c.toml) == c)
        #expect(try NodeConfig(toml: config.toml).standbyKeys.isEmpty)
        for bad in ["[\"abcd\"]", "[\"\(String(repeating: "zz", count: 32))\"]", "\"ab\""] {
            let text = config.toml.replacingOccurrences(of: "standby_keys = []", with: "standby_keys = \(bad)")
            #expect(throws: NodeError.self, "\(bad)") { try NodeConfig(toml: text) }
        }
        // Two peers: a genesis set of one and one standby key make the roster; two genesis validators and a standby do not.
        let one = try Genesis(
            chainID: "c", genesisTime: 1,
            validatorSet: ValidatorSet([
                ValidatorInfo(
                    identityKey: [UInt8](repeating: 1, count: 32), blsKey: [UInt8](repeating: 0, count: 96),
                    blsProofOfPossession: [UInt8](repeating: 0, count: 48), vrfKey: [UInt8](repeating: 0, count: 32),
                    votingPower: 1, metadata: "")
            ]))
        #expect(try c.roster(genesis: one) == [[UInt8](repeating: 1, count: 32), [UInt8](repeating: 0xAB, count: 32)])
        c.standbyKeys.append([UInt8](repeating: 0xCD, count: 32))
        #expect(throws: NodeError.self) { try c.roster(genesis: one) }
        c.standbyKeys = [[UInt8](repeating: 1, count: 32)]
        #expect(throws: NodeError.self) { try c.roster(genesis: one) }  // a key twice
    }

    @Test("comments, blank lines, underscores in integers and trailing commas are read")
    func tomlSubset() throws {
        let text = """
            # a devnet validator
            index = 0   # first
            peers = ["127.0.0.1:1000", "127.0.0.1:1001",]

            api = "127.0.0.1:2000" # api
            block_time_ms = 1_000
            drop_rate = 0
            test_controls = true
            """
        let c = try NodeConfig(toml: text)
        #expect(c.index == 0 && c.peers.count == 2 && c.blockTimeMilliseconds == 1_000 && c.dropRate == 0 && c.testControls)
    }

    @Test(
        "bad configurations are refused with a message naming the problem",
        arguments: [
            ("peers = [\"a:1\"]\napi = \"a:2\"", "index is missing"),
            ("index = 0\napi = \"a:2\"", "peers"),
            ("index = 2\npeers = [\"a:1\"]\napi = \"a:2\"", "not below"),
            ("index = 0\npeers = [\"a\"]\napi = \"a:2\"", "host:port"),
            ("index = 0\npeers = [\"a:1\"]\napi = \"a:2\"\ncolour = \"red\"", "unknown key colour"),
            ("index = 0\nindex = 1", "set twice"),
            ("index = 0\npeers = [\"a:1\"]\napi = \"a:2\"\ndrop_rate = 1.5", "drop_rate"),
            ("index = 0\npeers = [\"a:1\"]\napi = \"a:2\"\nbyzantine = \"evil\"", "byzantine"),
            ("index = \"zero\"", "index"),
            ("index = 0\npeers = [\"a:1\"]\napi = \"a:2\"\ntest_controls = 1", "test_controls"),
            ("index = 0\npeers = [\"a:1\"]\napi = \"a:2\"\ninclusion_lists = \"no\"", "inclusion_lists"),
            ("api = \"unterminated", "line 1"),
            ("just words", "line 1"),
        ])
    func refusals(text: String, expected: String) {
        do {
            _ = try NodeConfig(toml: text)
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.description.contains(expected), "\(error.description)")
        }
    }

    @Test("2,000 random mutations of a valid file never crash the parser")
    func mutations() {
        var rng = SeededGenerator(seed: 11)
        let base = Array(config.toml.utf8)
        for _ in 0..<2_000 {
            var bytes = base
            for _ in 0..<3 { bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0x20...0x7E, using: &rng) }
            _ = try? NodeConfig(toml: String(decoding: bytes, as: UTF8.self))
        }
    }
}
