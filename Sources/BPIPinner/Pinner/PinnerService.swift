import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// The pinner as a running service (`bpi pinner serve`, docs/SPEC.md §15.5): the HTTP API, SLA
/// probes every `probeEvery` (a random shard read and checked, a bad one's chunk repaired at once)
/// and a full audit every `auditEvery`.
public enum PinnerService {
    /// Runs until SIGINT/SIGTERM. `onListening` receives the bound port.
    public static func run(
        pinner: Pinner, host: String, port: Int, probeEvery: Duration, auditEvery: Duration, logger: Logger,
        onListening: @escaping @Sendable (Int) -> Void = { _ in }
    ) async throws {
        let app = Application(
            router: PinnerAPI.router(pinner: pinner),
            configuration: .init(address: .hostname(host, port: port), serverName: "bpi-pinner"),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? port) }, logger: logger)
        let upkeep = Upkeep(pinner: pinner, probeEvery: probeEvery, auditEvery: auditEvery, logger: logger)
        let group = ServiceGroup(
            configuration: .init(services: [upkeep, app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    /// Probes and audits on their timers.
    struct Upkeep: Service {
        let pinner: Pinner
        let probeEvery: Duration
        let auditEvery: Duration
        let logger: Logger

        func run() async throws {
            var rng = SystemRandomNumberGenerator()
            var sinceAudit: Duration = .zero
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                // The first probe after one interval, the first audit after `auditEvery`.
                try? await Task.sleep(for: probeEvery)
                guard !Task.isCancelled && !Task.isShuttingDownGracefully else { return }
                if let probe = await pinner.probe(using: &rng), probe.read.bytes == nil {
                    logger.warning("probe found a shard \(probe.read); repaired \(probe.repaired)")
                }
                sinceAudit += probeEvery
                if sinceAudit >= auditEvery {
                    sinceAudit = .zero
                    let report = await pinner.audit()
                    if !report.healthy || report.repaired > 0 {
                        logger.warning(
                            "audit: \(report.missing) missing, \(report.corrupt) corrupt, \(report.unavailable) unavailable, \(report.repaired) repaired, unrecoverable \(report.unrecoverable)"
                        )
                    }
                }
            }
        }
    }
}
