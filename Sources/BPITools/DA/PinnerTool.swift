import BPICodec
import BPICrypto
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

    /// Codes the file `input` — sealed first for `recipients` (X25519 public keys, hex) when there
    /// are any — and stores its shards across the backends.
    public static func put(input: String, pinner: Pinner, parameters: CodingParameters, recipients: [String] = [])
        async throws(ToolError) -> PutReport
    {
        var object = try InputReader.readAll(path: input)
        if !recipients.isEmpty {
            var keys: [[UInt8]] = []
            for r in recipients {
                guard let key = try? Hex.decode(r), key.count == 32 else {
                    throw .badInput("--encrypt-to takes an X25519 public key (64 hex digits; bpi da keygen prints one)")
                }
                keys.append(key)
            }
            do {
                object = try SealedObject.seal(object, recipients: keys).canonicalBytes()
            } catch {
                throw .badInput("sealing: \(error)")
            }
        }
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

    /// Rebuilds object `id` into `output`; with `keyFile` (an X25519 private key, hex, mode 0600)
    /// the object is a sealed envelope, opened with that key.
    public static func get(id: String, pinner: Pinner, output: String, keyFile: String? = nil) async throws(ToolError)
        -> GetReport
    {
        let start = Stopwatch.now()
        var object: [UInt8]
        do {
            object = try await pinner.get(id)
        } catch {
            throw toolError(error)
        }
        if let keyFile {
            let secret: [UInt8]
            do {
                secret = try Hex.decode(try SecretFile.firstLine(atPath: keyFile, privateOnly: true))
            } catch {
                throw .badInput("--key: \(error)")
            }
            let sealed: SealedObject
            do {
                sealed = try SealedObject(canonicalBytes: object)
            } catch {
                throw .verificationFailed("object \(id) is not a sealed object: \(error)")
            }
            do {
                object = try sealed.open(secret: secret)
            } catch {
                throw .verificationFailed("cannot open object \(id) with this key: \(error)")
            }
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

extension PinnerTool {
    /// A new X25519 key pair for reading sealed objects: the private key (hex) written to `out`
    /// with mode 0600; returns the public key (hex) to give to writers (`--encrypt-to`).
    public static func keygen(out: String) throws(ToolError) -> String {
        let (secret, publicKey) = X25519.generate()
        guard !FileManager.default.fileExists(atPath: out) else { throw .badInput("\(out) exists; not overwriting a key") }
        guard
            FileManager.default.createFile(
                atPath: out, contents: Data((Hex.encode(secret.bytes) + "\n").utf8), attributes: [.posixPermissions: 0o600])
        else {
            throw .io("cannot write \(out)")
        }
        return Hex.encode(publicKey)
    }
}
