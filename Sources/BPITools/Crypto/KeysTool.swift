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
        let store = Keystore(home: home)
        let file = try ToolError.mapping { () throws(IdentityError) in try store.generate(name: name, passphrase: passphrase) }
        return try describe(file, trustDomain: Self.trustDomain(trustDomain, home: home), json: json)
    }

    /// Shows key `name` (no passphrase needed).
    public static func show(home: URL, name: String, trustDomain: String?, json: Bool) throws(ToolError) -> String {
        let file = try ToolError.mapping { () throws(IdentityError) in try Keystore(home: home).load(name: name) }
        return try describe(file, trustDomain: Self.trustDomain(trustDomain, home: home), json: json)
    }

    /// Lists every key.
    public static func list(home: URL, trustDomain: String?, json: Bool) throws(ToolError) -> String {
        let files = try ToolError.mapping { () throws(IdentityError) in try Keystore(home: home).list() }
        let domain = Self.trustDomain(trustDomain, home: home)
        if json {
            var items: [String] = []
            for file in files { items.append(try describe(file, trustDomain: domain, json: true)) }
            return "[" + items.joined(separator: ",") + "]"
        }
        if files.isEmpty { return "no keys in \(home.appendingPathComponent("keys").path)" }
        var lines: [String] = []
        for file in files {
            let key = try ToolError.mapping { () throws(IdentityError) in try file.verifiedPublicKey() }
            lines.append(
                "\(file.name)  \(Hex.encode(file.publicKey))  \(SPIFFEID.validatorID(of: key))  rotations: \(file.sequence)")
        }
        return lines.joined(separator: "\n")
    }

    /// Rotates key `name`; prints the new key and the statement's location.
    public static func rotate(
        home: URL, name: String, passphrase: [UInt8], newPassphrase: [UInt8]?, trustDomain: String?, json: Bool
    ) throws(ToolError) -> String {
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
        return try describe(file, trustDomain: Self.trustDomain(trustDomain, home: home), json: false)
            + "\nrotation statement (signed by the old and new keys): \(statementPath)"
    }
}
