import BPIAnchor
import BPICrypto
import BPITypes
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// Runs one validator from its home folder (`bpi node --home D/v0`): reads `config.toml`, the
/// genesis and the encrypted key, opens the block store, then serves consensus and the HTTP API
/// until SIGTERM or SIGINT. Layout of a home: `config.toml`, `passphrase` (0600, devnets only),
/// `keys/validator.key`, `data/blocks.sqlite`.
public enum NodeRunner {
    /// Runs until a shutdown signal; throws if the node cannot start. The key's passphrase comes
    /// from `passphrase`, by default `ValidatorKeys.defaultPassphraseSource(home:)`.
    public static func run(home: URL, passphrase: PassphraseSource? = nil) async throws {
        let config = try NodeConfig(path: home.appendingPathComponent("config.toml").path)
        var logger = Logger(label: "bpi.node.\(config.index)", factory: { StreamLogHandler.standardError(label: $0) })
        logger.logLevel = Logger.Level(rawValue: config.logLevel) ?? .info
        let genesisURL = URL(fileURLWithPath: config.genesis, relativeTo: home)
        guard let genesisData = FileManager.default.contents(atPath: genesisURL.path) else {
            throw NodeError.config("cannot read the genesis file \(genesisURL.path)")
        }
        let genesis: Genesis
        do {
            genesis = try Genesis(json: genesisData)
        } catch {
            throw NodeError.config("\(genesisURL.path): \(error)")
        }
        let keys = try ValidatorKeys.load(home: home, passphrase: passphrase ?? ValidatorKeys.defaultPassphraseSource(home: home))
        let dataDir = home.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: dataDir, withIntermediateDirectories: true)
        let store = try BlockStore(path: dataDir.appendingPathComponent("blocks.sqlite").path)
        let metrics = NodeMetrics()
        let service = try ValidatorService(
            config: config, genesis: genesis, keys: keys, store: store, metrics: metrics, logger: logger)
        let anchors = try anchorService(
            config, home: home, chainID: genesis.chainID, identity: keys.identity, store: store, metrics: metrics, logger: logger)
        let inbox = try inboxService(config, home: home, chainID: genesis.chainID, validator: service, logger: logger)
        var apiLogger = logger
        apiLogger.logLevel = Logger.Level.warning
        let writeGuard = WriteGuardMiddleware(
            limiter: config.apiRateLimit == 0
                ? nil : TokenBucketLimiter(rate: Double(config.apiRateLimit), burst: Double(config.apiRateBurst)),
            token: try apiToken(config, home: home))
        let app = Application(
            router: NodeAPI.router(
                service: service, store: store, metrics: metrics, genesis: genesis, testControls: config.testControls,
                writeGuard: writeGuard, anchors: anchors),
            configuration: .init(address: .hostname(config.api.host, port: config.api.port), serverName: "bpi"),
            logger: apiLogger)
        let group = ServiceGroup(
            configuration: .init(
                services: [service, app] + (anchors.map { [$0] } ?? []) + (inbox.map { [$0] } ?? []),
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        do {
            try await group.run()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw NodeError.startup(
                "the API cannot listen on \(config.api.text): the address is in use (another process holds the port; change api in config.toml)"
            )
        } catch let error as IOError {
            throw NodeError.startup("the API on \(config.api.text): \(error.description)")
        }
    }

    /// The API's bearer token from `api_token_file` (first line), or nil when none is configured.
    /// The file must not be readable by group or others, like a key.
    /// The anchor service `config.anchors` asks for, or nil (docs/SPEC.md §18.6).
    static func anchorService(
        _ config: NodeConfig, home: URL, chainID: String, identity: Ed25519PrivateKey, store: BlockStore, metrics: NodeMetrics,
        logger: Logger
    ) throws(NodeError) -> AnchorService? {
        guard !config.anchors.isEmpty else { return nil }
        let url = URL(fileURLWithPath: config.anchors, relativeTo: home)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw .config("anchors: cannot read \(url.path)")
        }
        do {
            let settings = try AnchorSettings(json: data)
            let keyPath = URL(fileURLWithPath: settings.keyFile, relativeTo: url.deletingLastPathComponent()).path
            let key = try AnchorKeyFile.load(keyPath)
            return try AnchorService(
                settings: settings, key: key, identity: identity, chainID: chainID, store: store, metrics: metrics, logger: logger
            )
        } catch let error as NodeError {
            throw error
        } catch {
            throw .config("anchors (\(url.path)): \(error)")
        }
    }

    /// The inbox watcher `config.inbox` asks for, or nil (docs/SPEC.md §18.10).
    static func inboxService(_ config: NodeConfig, home: URL, chainID: String, validator: ValidatorService, logger: Logger)
        throws(NodeError) -> InboxService?
    {
        guard !config.inbox.isEmpty else { return nil }
        let url = URL(fileURLWithPath: config.inbox, relativeTo: home)
        guard let data = FileManager.default.contents(atPath: url.path) else { throw .config("inbox: cannot read \(url.path)") }
        do {
            return InboxService(settings: try InboxSettings(json: data), chainID: chainID, validator: validator, logger: logger)
        } catch {
            throw .config("inbox (\(url.path)): \(error)")
        }
    }

    static func apiToken(_ config: NodeConfig, home: URL) throws(NodeError) -> String? {
        guard !config.apiTokenFile.isEmpty else { return nil }
        let path = URL(fileURLWithPath: config.apiTokenFile, relativeTo: home).path
        let token: String
        do {
            token = try SecretFile.firstLine(atPath: path, privateOnly: true)
        } catch {
            throw .config("api_token_file: \(error)")
        }
        guard token.count >= 16 else { throw .config("api_token_file \(path) must hold a token of at least 16 characters") }
        return token
    }
}
