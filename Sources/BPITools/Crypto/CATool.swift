import BPICrypto
import BPIDevCA
import BPIToolKit
import Foundation

/// `bpi ca init|csr|issue`: the development CA for mTLS bootstrap.
public enum CATool {
    static func map<T>(_ body: () throws -> T) throws(ToolError) -> T {
        do {
            return try body()
        } catch let error as DevCAError {
            throw .badInput(error.description)
        } catch let error as IdentityError {
            throw .badInput(error.description)
        } catch let error as ToolError {
            throw error
        } catch {
            throw .badInput("\(error)")
        }
    }

    /// Creates the CA; returns a summary.
    public static func initialize(home: URL, trustDomain: String) throws(ToolError) -> String {
        let ca = try map { try DevCA.initialize(home: home, trustDomain: trustDomain) }
        return
            "CA for trust domain \(ca.trustDomain)\ncertificate: \(ca.directory.appendingPathComponent("ca.crt").path)\nkey (0600):  \(ca.directory.appendingPathComponent("ca.key").path)"
    }

    /// A PEM CSR for key `name` in the CA's trust domain (or `trustDomain`).
    public static func csr(home: URL, keyName: String, passphrase: [UInt8], trustDomain: String?) throws(ToolError) -> String {
        let key = try map { try Keystore(home: home).unlock(name: keyName, passphrase: passphrase) }
        return try map { try DevCA.makeCSR(key: key, trustDomain: KeysTool.trustDomain(trustDomain, home: home)) }
    }

    /// Issues a certificate for the CSR in `csrPath` (`-` for stdin); returns PEM.
    public static func issue(home: URL, csrPath: String, days: Int) throws(ToolError) -> String {
        guard (1...3650).contains(days) else { throw .badInput("--days must be 1…3650") }
        let pem = try InputReader.readText(path: csrPath == "-" ? nil : csrPath)
        let ca = try map { try DevCA.open(home: home) }
        return try map { try ca.issue(csrPEM: pem, validityDays: days) }
    }
}
