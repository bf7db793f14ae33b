import BPITestSupport
import Foundation
import Testing

/// `bpi da put|get` and `bpi pinner drill|serve` on the command line (docs/CLI.md): an object put
/// across a folder and an S3 bucket comes back bit-exact, also with the folder gone; a placement
/// that cannot tolerate the asked loss is refused (2); an unknown object exits 1; the drill meets
/// its probe target with every fault repaired; the served API matches its OpenAPI document under
/// schemathesis and serves shards that verify.
@Suite(.serialized) struct PinnerCLITests {
    static func environment() throws -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        for (k, v) in S3TestServer.environment { env[k] = v }
        _ = try S3TestServer.endpoint()
        return env
    }

    static func bpi(_ arguments: [String]) throws -> ProcessResult {
        try Subprocess.run(BPIBinary.path, arguments, environment: try environment())
    }

    @Test func putGetAcrossAFolderAndS3() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bpi-pin-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var rng = SeededGenerator(seed: 355)
        let object = rng.bytes(1_500_000)
        try Data(object).write(to: URL(fileURLWithPath: dir + "/object.bin"))
        let backends = [
            "--backend", "file:" + dir + "/a", "--backend", "file:" + dir + "/b", "--backend", try S3TestServer.backend("cli"),
        ]
        let put = try Self.bpi(
            [
                "da", "put", "--home", dir + "/home", "--in", dir + "/object.bin", "--k", "4", "--n", "6", "--tolerate", "1",
                "--json",
            ]
                + backends)
        #expect(put.status == 0, "\(put.err)")
        let id = try #require((try JSONSerialization.jsonObject(with: put.stdout) as? [String: Any])?["objectID"] as? String)
        try FileManager.default.removeItem(atPath: dir + "/a")
        let get = try Self.bpi(["da", "get", "--home", dir + "/home", "--id", id, "--out", dir + "/back.bin"] + backends)
        #expect(get.status == 0, "\(get.err)")
        #expect(FileManager.default.contents(atPath: dir + "/back.bin") == Data(object))
        // `bpi da pin` is the same command.
        let tooMuch = try Self.bpi(
            ["da", "pin", "--home", dir + "/home", "--in", dir + "/object.bin", "--k", "4", "--n", "6", "--tolerate", "2"]
                + backends)
        #expect(tooMuch.status == 2 && tooMuch.err.contains("placement refused"), "\(tooMuch.err)")
        let unknown = try Self.bpi(
            ["da", "get", "--home", dir + "/home", "--id", String(repeating: "0", count: 64), "--out", dir + "/x"] + backends)
        #expect(unknown.status == 1 && unknown.err.contains("not pinned here"), "\(unknown.err)")
        let badBackend = try Self.bpi([
            "da", "get", "--home", dir + "/home", "--id", id, "--out", dir + "/x", "--backend", "ftp://x",
        ])
        #expect(badBackend.status == 2 && badBackend.err.contains("bad backend"), "\(badBackend.err)")
    }

    @Test func sealedObjectsOpenOnlyForTheirReaders() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bpi-seal-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var publics: [String] = []
        for name in ["alice", "bob", "eve"] {
            let made = try Self.bpi(["da", "keygen", "--out", dir + "/\(name).key"])
            #expect(made.status == 0, "\(made.err)")
            publics.append(made.out.trimmingCharacters(in: .whitespacesAndNewlines))
            let mode = try FileManager.default.attributesOfItem(atPath: dir + "/\(name).key")[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }
        #expect(try Self.bpi(["da", "keygen", "--out", dir + "/alice.key"]).status == 2, "never over an existing key")
        var rng = SeededGenerator(seed: 357)
        let object = rng.bytes(400_000)
        try Data(object).write(to: URL(fileURLWithPath: dir + "/object.bin"))
        let put = try Self.bpi([
            "da", "put", "--home", dir + "/home", "--in", dir + "/object.bin", "--encrypt-to", publics[0], "--encrypt-to",
            publics[1],
            "--json",
        ])
        #expect(put.status == 0, "\(put.err)")
        let id = try #require((try JSONSerialization.jsonObject(with: put.stdout) as? [String: Any])?["objectID"] as? String)
        for reader in ["alice", "bob"] {
            let got = try Self.bpi([
                "da", "get", "--home", dir + "/home", "--id", id, "--key", dir + "/\(reader).key", "--out",
                dir + "/\(reader).bin",
            ])
            #expect(got.status == 0, "\(got.err)")
            #expect(FileManager.default.contents(atPath: dir + "/\(reader).bin") == Data(object))
        }
        let eve = try Self.bpi([
            "da", "get", "--home", dir + "/home", "--id", id, "--key", dir + "/eve.key", "--out", dir + "/eve.bin",
        ])
        #expect(eve.status == 1 && eve.err.contains("no key slot"), "\(eve.err)")
        let envelope = try Self.bpi(["da", "get", "--home", dir + "/home", "--id", id, "--out", dir + "/sealed.bin"])
        #expect(envelope.status == 0 && FileManager.default.contents(atPath: dir + "/sealed.bin") != Data(object))
        let badKey = try Self.bpi(["da", "put", "--home", dir + "/home", "--in", dir + "/object.bin", "--encrypt-to", "abcd"])
        #expect(badKey.status == 2)
    }

    @Test func theDrillMeetsItsTargetAndRepairsEveryFault() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bpi-drill-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let drill = try Self.bpi([
            "pinner", "drill", "--home", dir, "--backend", "file:\(dir)/a", "--backend", "file:\(dir)/b", "--objects", "2",
            "--size",
            "1000000", "--probes", "5000", "--faults", "4", "--json",
        ])
        #expect(drill.status == 0, "\(drill.out) \(drill.err)")
        let report = try #require(try JSONSerialization.jsonObject(with: drill.stdout) as? [String: Any])
        #expect(
            report["faultsInjected"] as? Int == 4 && report["unrepaired"] as? Int == 0 && report["objectsIntact"] as? Int == 2)
        #expect((report["probeSuccess"] as? Double ?? 0) >= 0.999)
        #expect((report["repairedByProbes"] as? Int ?? 0) + (report["repairedByAudit"] as? Int ?? 0) == 4)
    }

    @Test func theServedAPIMatchesItsDocumentAndServesShardsThatVerify() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bpi-serve-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var rng = SeededGenerator(seed: 356)
        try Data(rng.bytes(600_000)).write(to: URL(fileURLWithPath: dir + "/object.bin"))
        let put = try Self.bpi([
            "da", "put", "--home", dir + "/home", "--in", dir + "/object.bin", "--k", "4", "--n", "6", "--json",
        ])
        let id = try #require((try JSONSerialization.jsonObject(with: put.stdout) as? [String: Any])?["objectID"] as? String)
        let server = try BackgroundProcess(
            BPIBinary.path, ["pinner", "serve", "--home", dir + "/home", "--listen", "127.0.0.1:0", "--probe-every-ms", "20"])
        defer { server.send(SIGKILL) }
        let base = try await server.listeningURL(seconds: 30) ?? ""
        #expect(!base.isEmpty, "the pinner did not start: \(server.err)")
        let shard = try Subprocess.run("/usr/bin/curl", ["-s", "-f", base + "/v1/da/shards/\(id)/2/5"])
        #expect(shard.status == 0)
        let view = try #require(try JSONSerialization.jsonObject(with: shard.stdout) as? [String: Any])
        let bytes = try #require(Data(base64Encoded: view["bytes"] as? String ?? ""))
        // The served bytes are the coded shard: encode locally and compare.
        let local = try BPIBinary.run([
            "da", "encode", "--k", "4", "--n", "6", "--in", dir + "/object.bin", "--out", dir + "/coded",
        ])
        #expect(local.status == 0)
        #expect(bytes == FileManager.default.contents(atPath: dir + "/coded/chunk-2-shard-5.bin"))
        let metrics = try Subprocess.run("/usr/bin/curl", ["-s", base + "/metrics"])
        #expect(metrics.out.contains("bpi_da_probes_total") && metrics.out.contains("bpi_da_objects 1.0"), "\(metrics.out)")
        let schemathesis = URL(fileURLWithPath: Oracle.python).deletingLastPathComponent().appendingPathComponent("schemathesis")
            .path
        let run = try Subprocess.run(
            schemathesis, ["run", base + "/openapi.yaml", "--url", base, "--max-examples", "25", "--seed", "1", "--no-color"])
        #expect(run.status == 0, "schemathesis found problems:\n\(run.out.suffix(3_000))")
    }
}
