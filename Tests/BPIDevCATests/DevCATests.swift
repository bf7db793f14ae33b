import BPICrypto
import BPIDevCA
import BPITestSupport
import Foundation
import Testing

@Suite("Dev CA")
struct DevCATests {
    private func tempHome() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("bpi-ca-\(UUID().uuidString)")
    }

    @Test("issued certificates verify with openssl, carry the SPIFFE ID as URI SAN, and the CA key is 0600")
    func issueAndVerify() throws {
        let home = tempHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let ca = try DevCA.initialize(home: home, trustDomain: "bpi.test")
        #expect(ca.trustDomain == "bpi.test")
        let keyMode =
            try FileManager.default.attributesOfItem(atPath: home.appendingPathComponent("ca/ca.key").path)[.posixPermissions]
            as? Int
        #expect(keyMode == 0o600)
        #expect(throws: DevCAError.alreadyInitialized(home.appendingPathComponent("ca").path)) {
            try DevCA.initialize(home: home, trustDomain: "bpi.test")
        }

        let node = Ed25519PrivateKey.generate()
        let id = try SPIFFEID(trustDomain: "bpi.test", publicKey: node.publicKey)
        let leaf = try DevCA.open(home: home).issue(csrPEM: try DevCA.makeCSR(key: node, trustDomain: "bpi.test"))
        let leafPath = home.appendingPathComponent("leaf.crt")
        try leaf.write(to: leafPath, atomically: true, encoding: .utf8)

        let caPath = home.appendingPathComponent("ca/ca.crt").path
        let verify = try Subprocess.run("/usr/bin/openssl", ["verify", "-CAfile", caPath, leafPath.path])
        #expect(verify.status == 0 && verify.out.contains(": OK"), "\(verify.out)\(verify.err)")
        let san = try Subprocess.run("/usr/bin/openssl", ["x509", "-noout", "-ext", "subjectAltName", "-in", leafPath.path])
        #expect(san.out.contains("URI:\(id.uri)"), "\(san.out)")
        let text = try Subprocess.run("/usr/bin/openssl", ["x509", "-noout", "-text", "-in", leafPath.path]).out
        #expect(text.contains("ED25519") && text.contains("TLS Web Client Authentication") && text.contains("CA:FALSE"))

        // A certificate from a different CA does not verify against this one.
        let otherHome = tempHome()
        defer { try? FileManager.default.removeItem(at: otherHome) }
        let other = try DevCA.initialize(home: otherHome, trustDomain: "bpi.test")
        let foreign = home.appendingPathComponent("foreign.crt")
        try other.issue(csrPEM: try DevCA.makeCSR(key: node, trustDomain: "bpi.test")).write(
            to: foreign, atomically: true, encoding: .utf8)
        #expect(try Subprocess.run("/usr/bin/openssl", ["verify", "-CAfile", caPath, foreign.path]).status != 0)
    }

    @Test("CSRs for another trust domain, with a broken signature, or not PEM are refused")
    func refusals() throws {
        let home = tempHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let ca = try DevCA.initialize(home: home, trustDomain: "bpi.test")
        let node = Ed25519PrivateKey.generate()
        #expect(throws: DevCAError.self) { try ca.issue(csrPEM: try DevCA.makeCSR(key: node, trustDomain: "evil.test")) }
        #expect(throws: DevCAError.self) { try ca.issue(csrPEM: "not a csr") }
        // Flip one character in the base64 body near the end (inside the signature).
        var pem = Array(try DevCA.makeCSR(key: node, trustDomain: "bpi.test"))
        let end = pem.count - "\n-----END CERTIFICATE REQUEST-----\n".count - 4
        pem[end] = pem[end] == "A" ? "B" : "A"
        #expect(throws: DevCAError.self) { try ca.issue(csrPEM: String(pem)) }
        #expect(throws: DevCAError.notInitialized("/nonexistent-bpi-home/ca")) {
            try DevCA.open(home: URL(fileURLWithPath: "/nonexistent-bpi-home"))
        }
    }
}
