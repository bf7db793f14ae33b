import BPICrypto
import BPINode
import BPITestSupport
import BPITools
import Foundation
import Testing

@Suite("bpi init/status/down/verify (command line)")
struct DevnetCLITests {
    func tempDir() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("bpi-cli-\(UUID().uuidString.prefix(8))").path
    }

    @Test("init writes genesis, 0600 passphrases, encrypted keys that open, and configs; a second init is refused")
    func initLayout() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let result = try BPIBinary.run(["init", "--validators", "3", "--dir", dir, "--base-port", "0"])
        #expect(result.status == 0, "\(result.err)")
        let layout = DevnetLayout(directory: dir)
        let configs = try layout.configs()
        #expect(configs.count == 3)
        let genesis = try VerifyTool.loadGenesis(layout.genesis.path)
        for i in 0..<3 {
            let passphrase = layout.home(i).appendingPathComponent("passphrase").path
            let mode = try FileManager.default.attributesOfItem(atPath: passphrase)[.posixPermissions] as? Int
            #expect(mode == 0o600)
            let keyMode =
                try FileManager.default.attributesOfItem(
                    atPath: layout.home(i).appendingPathComponent("keys/validator.key").path)[
                    .posixPermissions] as? Int
            #expect(keyMode == 0o600)
            let keys = try ValidatorKeys.load(home: layout.home(i), passphrase: .file(passphrase, privateOnly: true))
            #expect(genesis.validatorSet.validators[i] == keys.info(metadata: "validator-\(i)"))
            #expect(configs[i].index == i && configs[i].peers.count == 3)
        }
        let again = try BPIBinary.run(["init", "--validators", "3", "--dir", dir])
        #expect(again.status == 2 && again.err.contains("already holds a devnet"))
    }

    @Test(
        "bad arguments exit 2 with a message, never a crash",
        arguments: [
            (["init", "--validators", "0", "--dir", "/tmp/bpi-never"], "--validators"),
            (["init", "--validators", "4", "--dir", "/tmp/bpi-never", "--byzantine", "9=all"], "--byzantine"),
            (["init", "--validators", "4", "--dir", "/tmp/bpi-never", "--drop-rate", "1.5"], "--drop-rate"),
            (["status", "--dir", "/nonexistent/devnet"], "not a devnet folder"),
            (["up", "--dir", "/nonexistent/devnet", "--detach"], "not a devnet folder"),
            (["verify", "--rpc", "not a url", "--genesis", "/nonexistent"], "--rpc"),
            (["verify", "--rpc", "http://127.0.0.1:9", "--genesis", "/nonexistent/genesis.json"], "cannot read"),
            (["init", "--validators", "4", "--dir", "/tmp/bpi-never", "--chain-id", ""], "--chain-id"),
            (["init", "--validators", "4", "--dir", "/tmp/bpi-never", "--max-delay-ms", "99999999999"], "--max-delay-ms"),
            (["init", "--validators", "4", "--dir", "/etc/hostname"], "is a file"),
            (["demo", "--validators", "0"], "--validators"),
            (["demo", "--timeout=-1"], "--timeout"),
            (["merkle", "proof", "--index", "-1"], "--index must be a leaf position"),
            (["hash", "blake3", "--tag", "18"], "0x"),
            (
                [
                    "testchain", "generate", "--validators", "4", "--headers", "3", "--out", "/tmp/bpi-never", "--evidence-at",
                    "99",
                ], "--evidence-at 99"
            ),
            (["logs", "--dir", "/nonexistent/devnet"], "not a devnet folder"),
            (["config", "check", "--home", "/nonexistent/v0"], "config"),
        ])
    func refusals(arguments: [String], message: String) throws {
        let result = try BPIBinary.run(arguments)
        #expect(result.status == 2, "\(arguments): \(result.status) \(result.err)")
        #expect(result.err.hasPrefix("bpi: ") && result.err.contains(message), "\(result.err)")
        // Refused before anything was printed or written.
        #expect(result.out.isEmpty && !result.err.contains("init: "), "\(result.out)")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/bpi-never/genesis.json"))
    }

    @Test(
        "verify against a port nobody serves exits 2 naming the URL; down with nothing running exits 0; status with a validator down exits 1 naming it"
    )
    func unreachable() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try BPIBinary.run(["init", "--validators", "1", "--dir", dir, "--base-port", "0"]).status == 0)
        let port = try ProcessControl.freePorts(1)[0]
        let result = try BPIBinary.run(["verify", "--rpc", "http://127.0.0.1:\(port)", "--dir", dir])
        #expect(result.status == 2 && result.err.contains("cannot reach"), "\(result.err)")
        let down = try BPIBinary.run(["down", "--dir", dir])
        #expect(down.status == 0 && down.out.contains("no validator was running"))
        let status = try BPIBinary.run(["status", "--dir", dir, "--json"])
        #expect(status.status == 1 && status.err == "bpi: validators [0] are down\n", "\(status.err)")
        let rows = try JSONDecoder().decode([DevnetTool.Row].self, from: status.stdout)
        #expect(rows.count == 1 && !rows[0].up && rows[0].height == 0)
        let table = try BPIBinary.run(["status", "--dir", dir])
        #expect(table.status == 1 && table.out.contains("down   http://127.0.0.1:"), "\(table.out)")
    }

    @Test(
        "config check reads what bpi node would, without starting it: OK on a fresh devnet, a bad log level or another validator's key refused with exit 2"
    )
    func configCheck() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try BPIBinary.run(["init", "--validators", "2", "--dir", dir, "--base-port", "0"]).status == 0)
        let ok = try BPIBinary.run(["config", "check", "--home", dir + "/v0"])
        #expect(ok.status == 0 && ok.out.hasPrefix("config OK: validator 0 of 2"), "\(ok.out) \(ok.err)")
        let config = dir + "/v1/config.toml"
        let text = try String(contentsOfFile: config, encoding: .utf8)
        try text.replacingOccurrences(of: "log_level = \"info\"", with: "log_level = \"verbose\"").write(
            toFile: config, atomically: true, encoding: .utf8)
        let badLevel = try BPIBinary.run(["config", "check", "--home", dir + "/v1"])
        #expect(badLevel.status == 2 && badLevel.err.contains("log_level must be one of"), "\(badLevel.err)")
        try text.write(toFile: config, atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: dir + "/v1/keys/validator.key")
        try FileManager.default.copyItem(atPath: dir + "/v0/keys/validator.key", toPath: dir + "/v1/keys/validator.key")
        let wrongKey = try BPIBinary.run(["config", "check", "--home", dir + "/v1"])
        #expect(wrongKey.status == 2 && wrongKey.err.contains("is not the identity of peer 1"), "\(wrongKey.err)")
        // logs: the last lines of each log, prefixed.
        try "first\nsecond\nthird\n".write(toFile: dir + "/v1/node.log", atomically: true, encoding: .utf8)
        let logs = try BPIBinary.run(["logs", "--dir", dir, "--only", "1", "--lines", "2"])
        #expect(logs.status == 0 && logs.out == "v1| second\nv1| third\n", "\(logs.out)")
    }

    @Test("testchain refuses to overwrite a chain unless --force")
    func testchainOverwrite() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let args = ["testchain", "generate", "--validators", "4", "--headers", "3", "--out", dir]
        #expect(try BPIBinary.run(args).status == 0)
        let again = try BPIBinary.run(args)
        #expect(again.status == 2 && again.err.contains("--force"), "\(again.err)")
        #expect(try BPIBinary.run(args + ["--force"]).status == 0)
    }

    @Test("bpi node refuses a passphrase it cannot use before it starts: exit 2, a message naming the source")
    func nodePassphraseSources() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try BPIBinary.run(["init", "--validators", "1", "--dir", dir, "--base-port", "0"]).status == 0)
        let home = dir + "/v0"
        // A variable that is not set.
        let unset = try BPIBinary.run(["node", "--home", home, "--passphrase-env", "BPI_TEST_NEVER_SET"])
        #expect(unset.status == 2 && unset.err.contains("BPI_TEST_NEVER_SET is not set"), "\(unset.err)")
        // A credential without $CREDENTIALS_DIRECTORY.
        let credential = try BPIBinary.run(["node", "--home", home, "--passphrase-credential", "bpi-passphrase"])
        #expect(credential.status == 2 && credential.err.contains("CREDENTIALS_DIRECTORY"), "\(credential.err)")
        // A passphrase file others can read.
        let open = dir + "/open-passphrase"
        try FileManager.default.copyItem(atPath: home + "/passphrase", toPath: open)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: open)
        let readable = try BPIBinary.run(["node", "--home", home, "--passphrase-file", open])
        #expect(readable.status == 2 && readable.err.contains("chmod 600"), "\(readable.err)")
        // The right passphrase on a file descriptor that is empty: refused, not a crash.
        let empty = try BPIBinary.run(["node", "--home", home, "--passphrase-fd", "0"], stdin: "")
        #expect(empty.status == 2 && empty.err.contains("passphrase"), "\(empty.err)")
        // A wrong passphrase on standard input does not open the key.
        let wrong = try BPIBinary.run(["node", "--home", home, "--passphrase-fd", "0"], stdin: "not the passphrase\n")
        #expect(wrong.status == 2 && wrong.err.contains("keys:"), "\(wrong.err)")
    }
}
