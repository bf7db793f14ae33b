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
        ])
    func refusals(arguments: [String], message: String) throws {
        let result = try BPIBinary.run(arguments)
        #expect(result.status == 2, "\(arguments): \(result.status) \(result.err)")
        #expect(result.err.contains(message), "\(result.err)")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/bpi-never/genesis.json"))
    }

    @Test("verify against a port nobody serves exits 2 naming the URL; down with nothing running exits 0")
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
        #expect(status.status == 0)
        let rows = try JSONDecoder().decode([DevnetTool.Row].self, from: status.stdout)
        #expect(rows.count == 1 && !rows[0].up && rows[0].height == 0)
    }
}
