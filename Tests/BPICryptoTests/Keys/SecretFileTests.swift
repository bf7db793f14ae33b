import BPICrypto
import BPITestSupport
import Foundation
import Testing

/// The one reader of secrets kept in files (passphrases, the API token).
@Suite("Secret files")
struct SecretFileTests {
    @Test("the first line without its ending; a file group or others may access is refused when it must be private")
    func firstLine() throws {
        let path = try TemporaryFile.write("s3cret-token\r\nsecond\n", mode: 0o600)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try SecretFile.firstLine(atPath: path, privateOnly: true) == "s3cret-token")
        for mode in [0o640, 0o604, 0o620, 0o644] {
            let exposed = try TemporaryFile.write("s3cret\n", mode: mode)
            defer { try? FileManager.default.removeItem(atPath: exposed) }
            #expect(throws: SecretFileError.exposed(path: exposed, mode: mode)) {
                try SecretFile.firstLine(atPath: exposed, privateOnly: true)
            }
            #expect(try SecretFile.firstLine(atPath: exposed, privateOnly: false) == "s3cret")
        }
        #expect(throws: SecretFileError.unreadable(path: path + ".missing")) {
            try SecretFile.firstLine(atPath: path + ".missing", privateOnly: false)
        }
        #expect("\(SecretFileError.exposed(path: "/k", mode: 0o644))".contains("chmod 600"))
        #expect(SecretFile.firstLine(of: "\nlater") == "")
    }
}
