import BPICodec
import BPICrypto
import BPIDevCA
import BPIToolKit
import Foundation

/// `bpi keys gen|show|list|rotate`: validator identity keys in `<home>/keys`.
public enum KeysTool {
    /// The trust domain for SPIFFE IDs: the option, else the home's dev CA, else `bpi.local`.
    public static func trustDomain(_ option: String?, home: URL) -> String {
        option ?? (try? DevCA.open(home: home).trustDomain) ?? "bpi.local"
    }

    /// A key's public description: text lines, or JSON.
    public static func describe(_ file: KeyFile, trustDomain: String, json: Bool) throws(ToolError) -> String {
        let key = try ToolError.mapping { () throws(IdentityError) in try file.verifiedPublicKey() }
        let id = try ToolError.mapping { () throws(IdentityError) in try SPIFFEID(trustDomain: trustDomain, publicKey: key) }
        if json {
            return ToolJSON.object([
                ("name", .text(file.name)), ("publicKey", .text(Hex.encode(file.publicKey))),
                ("validatorID", .text(id.validatorID)),
                ("spiffeID", .text(id.uri)), ("sequence", .unsigned(file.sequence)),
            ])
        }
        return """
            name:         \(file.name)
            public key:   \(Hex.encode(file.publicKey))  (Ed25519)
            validator id: \(id.validatorID)
            SPIFFE ID:    \(id.uri)
            rotations:    \(file.sequence)
            """
    }

    /// Generates key `name`, sealed under the passphrase.
    public static func generate(home: URL, name: String, passphrase: [UInt8], trustDomain: String?, json: Bool) throws(ToolError)
        -> String
    {
        // Everything is checked before the key is written: a failed command changes nothing.
        let domain = try checkedTrustDomain(trustDomain, home: home)
        let store = Keystore(home: home)
        let file = try ToolError.mapping { () throws(IdentityError) in try store.generate(name: name, passphrase: passphrase) }
        return try describe(file, trustDomain: domain, json: json)
    }

    /// The trust domain (`trustDomain(_:home:)`), checked to be a valid SPIFFE trust domain.
    static func checkedTrustDomain(_ option: String?, home: URL) throws(ToolError) -> String {
        let domain = Self.trustDomain(option, home: home)
        try ToolError.mapping("--trust-domain") { () throws(IdentityError) in try SPIFFEID.validate(trustDomain: domain) }
        return domain
    }

    /// Shows key `name` (no passphrase needed).
    public static func show(home: URL, name: String, trustDomain: String?, json: Bool) throws(ToolError) -> String {
        let file = try ToolError.mapping { () throws(IdentityError) in try Keystore(home: home).load(name: name) }
        return try describe(file, trustDomain: Self.trustDomain(trustDomain, home: home), json: json)
    }

    /// Lists every key; a key file that cannot be read is listed with why, after the others, and
    /// named in `unreadable` (the command then exits 2 so a script notices).
    public static func list(home: URL, trustDomain: String?, json: Bool) throws(ToolError) -> (
        text: String, unreadable: [String]
    ) {
        let entries = Keystore(home: home).listing()
        let domain = Self.trustDomain(trustDomain, home: home)
        var good: [String] = []
        var bad: [(name: String, why: String)] = []
        for (name, result) in entries {
            switch result {
            case .success(let file):
                if json {
                    good.append(try describe(file, trustDomain: domain, json: true))
                } else {
                    let key = try ToolError.mapping { () throws(IdentityError) in try file.verifiedPublicKey() }
                    good.append(
                        "\(file.name)  \(Hex.encode(file.publicKey))  \(SPIFFEID.validatorID(of: key))  rotations: \(file.sequence)"
                    )
                }
            case .failure(let error): bad.append((name, error.description))
            }
        }
        let output: String
        if json {
            let damaged = bad.map { ToolJSON.object([("name", .text($0.name)), ("error", .text($0.why))]) }
            output = "[" + (good + damaged).joined(separator: ",") + "]"
        } else if entries.isEmpty {
            output = "no keys in \(home.appendingPathComponent("keys").path)"
        } else {
            output = (good + bad.map { "\($0.name)  UNREADABLE: \($0.why)" }).joined(separator: "\n")
        }
        return (output, bad.map(\.name))
    }

    /// Rotates key `name`; prints the new key and the statement's location.
    public static func rotate(
        home: URL, name: String, passphrase: [UInt8], newPassphrase: [UInt8]?, trustDomain: String?, json: Bool
    ) throws(ToolError) -> String {
        // Everything is checked before anything is written: a failed command changes nothing.
        let domain = try checkedTrustDomain(trustDomain, home: home)
        let store = Keystore(home: home)
        let statement = try ToolError.mapping { () throws(IdentityError) in
            try store.rotate(name: name, passphrase: passphrase, newPassphrase: newPassphrase)
        }
        let file = try ToolError.mapping { () throws(IdentityError) in try store.load(name: name) }
        let statementPath = home.appendingPathComponent("keys/\(name).rotation-\(statement.sequence).cbor").path
        if json {
            return ToolJSON.object([
                ("name", .text(name)), ("oldPublicKey", .text(Hex.encode(statement.oldKey))),
                ("newPublicKey", .text(Hex.encode(statement.newKey))),
                ("sequence", .unsigned(statement.sequence)), ("statement", .text(statementPath)),
                ("statementHex", .text(Hex.encode(statement.canonicalBytes()))),
            ])
        }
        return try describe(file, trustDomain: domain, json: false)
            + "\nrotation statement (signed by the old and new keys): \(statementPath)"
    }
}
