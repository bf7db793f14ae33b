import BPITypes
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// Runs one validator from its home folder (`bpi node --home D/v0`): reads `config.toml`, the
/// genesis and the encrypted key, opens the block store, then serves consensus and the HTTP API
/// until SIGTERM or SIGINT. Layout of a home: `config.toml`, `passphrase` (0600),
/// `keys/validator.key`, `data/blocks.sqlite`.
public enum NodeRunner {
    /// Runs until a shutdown signal; throws if the node cannot start.
    public static func run(home: URL) async throws {
        let config = try NodeConfig(path: home.appendingPathComponent("config.toml").path)
        var logger = Logger(label: "bpi.node.\(config.index)", factory: { StreamLogHandler.standardError(label: $0) })
        logger.logLevel = Logger.Level(rawValue: config.logLevel) ?? .info
        let genesisURL = URL(fileURLWithPath: config.genesis, relativeTo: home)
        guard let genesisData = FileManager.default.contents(atPath: genesisURL.path) else {
            throw NodeError.config("cannot read the genesis file \(genesisURL.path)")
        }
        let genesis = try Genesis(json: genesisData)
        let keys = try ValidatorKeys.load(home: home, passphraseFile: home.appendingPathComponent("passphrase"))
        let dataDir = home.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: dataDir, withIntermediateDirectories: true)
        let store = try BlockStore(path: dataDir.appendingPathComponent("blocks.sqlite").path)
        let metrics = NodeMetrics()
        let service = try ValidatorService(
            config: config, genesis: genesis, keys: keys, store: store, metrics: metrics, logger: logger)
        var apiLogger = logger
        apiLogger.logLevel = Logger.Level.warning
        let app = Application(
            router: NodeAPI.router(
                service: service, store: store, metrics: metrics, genesis: genesis, testControls: config.testControls),
            configuration: .init(address: .hostname(config.api.host, port: config.api.port), serverName: "bpi"),
            logger: apiLogger)
        let group = ServiceGroup(
            configuration: .init(services: [service, app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
