import BPIDA
import BPIHash
import BPIPinner
import BPIToolKit
import BPITypes
import Foundation
import Logging

/// `bpi da put|get` and `bpi pinner serve|drill` (docs/CLI.md, SPEC §15.5): a pinner over the
/// backends the command line names.
public enum PinnerTool {
    /// The pinner of `home` over `backends` (`file:DIR`, `s3://…`; default `file:HOME/shards`).
    public static func open(home: String, backends: [String], tolerance: Int?) async throws(ToolError) -> Pinner {
        let specs = backends.isEmpty ? ["file:" + URL(fileURLWithPath: home).appendingPathComponent("shards").path] : backends
        do {
            let stores = try await ShardStoreSpec.open(specs)
            return try Pinner(home: home, stores: stores, tolerance: tolerance ?? 0)
        } catch let error as ShardStoreError {
            throw .badInput(error.description)
        } catch let error as PinnerError {
            throw .badInput(error.description)
        } catch {
            throw .io("\(error)")
        }
    }

    /// Maps a pinner error to the tool's: nothing to rebuild from is a verification failure (1),
    /// a bad request or an unreachable backend is bad input / I/O (2).
    static func toolError(_ error: PinnerError) -> ToolError {
        switch error {
        case .unrecoverable, .unknownObject: return .verificationFailed(error.description)
        case .store, .records: return .io(error.description)
        case .badPlacement, .badInput: return .badInput(error.description)
        }
    }

    /// What `put` did.
    public struct PutReport: Codable, Sendable {
        public var objectID: String
        public var shardRoot: String
        public var size: Int
        public var chunks: Int
        public var shards: Int
        public var backends: [String]
        public var tolerance: Int
        public var seconds: Double
        public var mibPerSecond: Double
    }

    /// Codes the file `input` and stores its shards across the backends.
    public static func put(input: String, pinner: Pinner, parameters: CodingParameters) async throws(ToolError) -> PutReport {
        let object = try InputReader.readAll(path: input)
        let start = Stopwatch.now()
        let record: PinnedObject
        do {
            record = try await pinner.put(object, parameters: parameters)
        } catch {
            throw toolError(error)
        }
        let seconds = Double(Stopwatch.now() - start) / 1e9
        return PutReport(
            objectID: record.id, shardRoot: record.manifest.shardRoot, size: object.count, chunks: record.manifest.chunks.count,
            shards: record.manifest.chunks.count * record.manifest.n, backends: record.backends,
            tolerance: record.placement.tolerance, seconds: seconds,
            mibPerSecond: Double(object.count) / 1_048_576 / max(seconds, 1e-9))
    }

    /// What `get` rebuilt.
    public struct GetReport: Codable, Sendable {
        public var objectID: String
        public var size: Int
        public var out: String
        public var seconds: Double
        public var mibPerSecond: Double
    }

    /// Rebuilds object `id` into `output`.
    public static func get(id: String, pinner: Pinner, output: String) async throws(ToolError) -> GetReport {
        let start = Stopwatch.now()
        let object: [UInt8]
        do {
            object = try await pinner.get(id)
        } catch {
            throw toolError(error)
        }
        let seconds = Double(Stopwatch.now() - start) / 1e9
        do {
            try Data(object).write(to: URL(fileURLWithPath: output))
        } catch {
            throw .io("writing \(output): \(error.localizedDescription)")
        }
        return GetReport(
            objectID: id.lowercased(), size: object.count, out: output, seconds: seconds,
            mibPerSecond: Double(object.count) / 1_048_576 / max(seconds, 1e-9))
    }

    /// Runs the pinner's HTTP API, probes and audits until SIGINT/SIGTERM.
    public static func serve(
        pinner: Pinner, host: String, port: Int, probeEveryMs: Int, auditEverySeconds: Int,
        onListening: @escaping @Sendable (Int) -> Void
    ) async throws(ToolError) {
        var logger = Logger(label: "bpi.pinner")
        logger.logLevel = .info
        do {
            try await PinnerService.run(
                pinner: pinner, host: host, port: port, probeEvery: .milliseconds(probeEveryMs),
                auditEvery: .seconds(auditEverySeconds), logger: logger, onListening: onListening)
        } catch {
            throw .io("the pinner stopped: \(error)")
        }
    }
}
