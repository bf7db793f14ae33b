import BPITypes
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// The registry as a running service (docs/SPEC.md §14.7, `bpi registry serve`): the follower
/// indexes what the source finalizes, polling every `poll`, while the HTTP API answers from the
/// index. A follower error (a source that lies, a database that fails) stops the service loudly:
/// the registry never serves past what it verified.
public enum RegistryService {
    /// Runs until SIGINT/SIGTERM or a follower error. `onListening` receives the bound port.
    public static func run(
        genesis: Genesis, store: any RegistryStore, source: any ChainSource, auth: RegistryAuth, host: String, port: Int,
        poll: Duration = .milliseconds(500), logger: Logger, onListening: @escaping @Sendable (Int) -> Void = { _ in }
    ) async throws {
        let follower = try await RegistryFollower(genesis: genesis, store: store, source: source)
        logger.info("registry resumes after height \(follower.height)")
        let app = Application(
            router: RegistryAPI.router(store: store, auth: auth),
            configuration: .init(address: .hostname(host, port: port), serverName: "bpi-registry"),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? port) }, logger: logger)
        let follow = FollowerService(follower: follower, poll: poll, logger: logger)
        let group = ServiceGroup(
            configuration: .init(services: [follow, app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}

extension RegistryService {
    /// Serves `store` without following anything (benchmarks, a read-only replica of an index), until
    /// the task is cancelled. `onListening` receives the bound port.
    public static func serve(
        store: any RegistryStore, auth: RegistryAuth, host: String, port: Int, logger: Logger,
        onListening: @escaping @Sendable (Int) -> Void
    ) async throws {
        let app = Application(
            router: RegistryAPI.router(store: store, auth: auth),
            configuration: .init(address: .hostname(host, port: port), serverName: "bpi-registry"),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? port) }, logger: logger)
        try await app.runService()
    }
}

/// The follower's loop as a lifecycle service.
struct FollowerService: Service {
    let follower: RegistryFollower
    let poll: Duration
    let logger: Logger

    func run() async throws {
        var follower = follower
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let indexed = try await follower.step()
            if indexed > 0 {
                logger.info("indexed \(indexed) heights")
            } else {
                try? await Task.sleep(for: poll)
            }
        }
    }
}
