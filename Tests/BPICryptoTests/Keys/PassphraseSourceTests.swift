import BPICrypto
import BPITestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Passphrase sources", .serialized)
struct PassphraseSourceTests {
    @Test("a file gives its first line; with privateOnly, a file others can read is refused")
    func file() throws {
        let path = try TemporaryFile.write("correct horse\r\nsecond line\n", mode: 0o600)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try PassphraseSource.file(path, privateOnly: true).read() == Array("correct horse".utf8))
        let open = try TemporaryFile.write("correct horse\n", mode: 0o644)
        defer { try? FileManager.default.removeItem(atPath: open) }
        #expect(try PassphraseSource.file(open, privateOnly: false).read() == Array("correct horse".utf8))
        #expect(throws: IdentityError.self) { try PassphraseSource.file(open, privateOnly: true).read() }
        #expect(throws: IdentityError.self) { try PassphraseSource.file(path + ".missing", privateOnly: false).read() }
        let empty = try TemporaryFile.write("\nnot the first line\n", mode: 0o600)
        defer { try? FileManager.default.removeItem(atPath: empty) }
        #expect(throws: IdentityError.passphraseRequired) { try PassphraseSource.file(empty, privateOnly: true).read() }
    }

    @Test("a file descriptor (a pipe, as a parent process or a shell's <&3 gives it) is read to its end")
    func fileDescriptor() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let text = Array("from the pipe\n".utf8)
        #expect(write(fds[1], text, text.count) == text.count)
        close(fds[1])
        defer { close(fds[0]) }
        #expect(try PassphraseSource.fileDescriptor(fds[0]).read() == Array("from the pipe".utf8))
        #expect(throws: IdentityError.self) { try PassphraseSource.fileDescriptor(-1).read() }
    }

    @Test("a systemd credential is read from $CREDENTIALS_DIRECTORY; without it the error says what to set")
    func credential() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bpi-creds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("from systemd".utf8).write(to: directory.appendingPathComponent("bpi-passphrase"))
        setenv("CREDENTIALS_DIRECTORY", directory.path, 1)
        defer { unsetenv("CREDENTIALS_DIRECTORY") }
        #expect(try PassphraseSource.credential("bpi-passphrase").read() == Array("from systemd".utf8))
        #expect(throws: IdentityError.self) { try PassphraseSource.credential("other").read() }
        unsetenv("CREDENTIALS_DIRECTORY")
        #expect(throws: IdentityError.self) { try PassphraseSource.credential("bpi-passphrase").read() }
    }

    @Test("an environment variable is read once and removed, so child processes do not inherit it")
    func environment() throws {
        setenv("BPI_TEST_PASSPHRASE", "from the environment", 1)
        #expect(try PassphraseSource.environment("BPI_TEST_PASSPHRASE").read() == Array("from the environment".utf8))
        #expect(getenv("BPI_TEST_PASSPHRASE") == nil)
        #expect(throws: IdentityError.self) { try PassphraseSource.environment("BPI_TEST_PASSPHRASE").read() }
    }
}
