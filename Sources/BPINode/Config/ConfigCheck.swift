import BPICodec
import BPICrypto
import BPITypes
import Foundation

/// `bpi config check --home D`: everything `bpi node` reads before it starts, checked without
/// starting it or unlocking the key — the config, the genesis, this validator's place in it, the
/// key file (its public key must be the genesis entry's), the API token file, and whether the
/// ports it would listen on are free.
public enum ConfigCheck {
    /// What was checked, for the report.
    public struct Summary: Codable, Sendable, Equatable {
        public var index: Int
        public var chainID: String
        public var validators: Int
        public var listen: String
        public var api: String
        public var identityKey: String
        /// Ports some other process holds now (a warning: the node could not start while they are held).
        public var portsInUse: [String]
    }

    /// Checks the validator home `home`; throws the first problem found.
    public static func run(home: URL) throws(NodeError) -> Summary {
        let config = try NodeConfig(path: home.appendingPathComponent("config.toml").path)
        let genesisURL = URL(fileURLWithPath: config.genesis, relativeTo: home)
        guard let data = FileManager.default.contents(atPath: genesisURL.path) else {
            throw .config("cannot read the genesis file \(genesisURL.path)")
        }
        let genesis: Genesis
        do {
            genesis = try Genesis(json: data)
        } catch {
            throw .config("\(genesisURL.path): \(error)")
        }
        let roster = try config.roster(genesis: genesis)
        let file: KeyFile
        do {
            file = try Keystore(home: home).load(name: ValidatorKeys.keyName)
        } catch {
            throw .keys("\(error)")
        }
        guard file.publicKey == roster[config.index] else {
            throw .notAValidator(
                "the key in \(home.path)/keys is not the identity of peer \(config.index) (validator \(config.index) in \(genesisURL.path), or standby_keys after them)"
            )
        }
        _ = try NodeRunner.apiToken(config, home: home)
        let busy = [config.peers[config.index], config.api].filter { !PortProbe.canBind(host: $0.host, port: $0.port) }.map(
            \.text)
        return Summary(
            index: config.index, chainID: genesis.chainID, validators: genesis.validatorSet.count,
            listen: config.peers[config.index].text, api: config.api.text, identityKey: Hex.encode(file.publicKey),
            portsInUse: busy)
    }
}
