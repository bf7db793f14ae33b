import BPICrypto
import Crypto
import Foundation
import X509

/// A development certificate authority for mTLS bootstrap: it certifies validators' Ed25519 keys
/// with X.509 certificates whose only subject alternative name is the validator's SPIFFE ID
/// (`spiffe://<trust-domain>/validator/<id>`). Not for production: its key is a 0600 PEM file.
public struct DevCA: Sendable {
    /// `<home>/ca`.
    public let directory: URL
    /// The trust domain the CA certifies, read from its own certificate's URI SAN.
    public let trustDomain: String
    /// The CA certificate.
    public let certificate: Certificate
    private let privateKey: Certificate.PrivateKey

    static func paths(home: URL) -> (dir: URL, key: URL, cert: URL) {
        let dir = home.appendingPathComponent("ca")
        return (dir, dir.appendingPathComponent("ca.key"), dir.appendingPathComponent("ca.crt"))
    }

    /// Creates a CA for `trustDomain` in `<home>/ca` (refuses if one exists).
    @discardableResult
    public static func initialize(home: URL, trustDomain: String, validityDays: Int = 365) throws(DevCAError) -> DevCA {
        do {
            try SPIFFEID.validate(trustDomain: trustDomain)
        } catch {
            throw .refused(error.description)
        }
        let (dir, keyPath, certPath) = paths(home: home)
        if FileManager.default.fileExists(atPath: keyPath.path) { throw .alreadyInitialized(dir.path) }
        let key = Certificate.PrivateKey(Curve25519.Signing.PrivateKey())
        do {
            let name = try DistinguishedName {
                OrganizationName("Metanode BPI dev CA")
                CommonName(trustDomain)
            }
            let now = Date()
            let extensions = try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                SubjectAlternativeNames([.uniformResourceIdentifier("spiffe://\(trustDomain)")])
            }
            let cert = try Certificate(
                version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: key.publicKey,
                notValidBefore: now.addingTimeInterval(-300),
                notValidAfter: now.addingTimeInterval(Double(validityDays) * 86_400),
                issuer: name, subject: name, signatureAlgorithm: .ed25519, extensions: extensions, issuerPrivateKey: key)
            try FileManager.default.createDirectory(
                at: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try writeNew(try key.serializeAsPEM().pemString, to: keyPath, mode: 0o600)
            try writeNew(try cert.serializeAsPEM().pemString, to: certPath, mode: 0o644)
        } catch let error as DevCAError {
            throw error
        } catch {
            throw .io("cannot create the CA: \(error)")
        }
        return try open(home: home)
    }

    /// Opens the CA in `<home>/ca`.
    public static func open(home: URL) throws(DevCAError) -> DevCA {
        let (dir, keyPath, certPath) = paths(home: home)
        guard let keyPEM = try? String(contentsOf: keyPath, encoding: .utf8),
            let certPEM = try? String(contentsOf: certPath, encoding: .utf8)
        else { throw .notInitialized(dir.path) }
        do {
            let key = try Certificate.PrivateKey(pemEncoded: keyPEM)
            let cert = try Certificate(pemEncoded: certPEM)
            guard key.publicKey == cert.publicKey else { throw DevCAError.malformed("ca.key does not match ca.crt") }
            guard let san = try cert.extensions.subjectAlternativeNames,
                case .uniformResourceIdentifier(let uri)? = san.first, uri.hasPrefix("spiffe://")
            else { throw DevCAError.malformed("ca.crt has no spiffe:// trust-domain SAN") }
            return DevCA(
                directory: dir, trustDomain: String(uri.dropFirst("spiffe://".count)), certificate: cert, privateKey: key)
        } catch let error as DevCAError {
            throw error
        } catch {
            throw .malformed("cannot read the CA in \(dir.path): \(error)")
        }
    }

    /// A PEM certificate signing request for a validator key: subject CN = validator id, and an
    /// extension request for the SPIFFE ID as the only URI SAN, signed by the key itself.
    public static func makeCSR(key: Ed25519PrivateKey, trustDomain: String) throws(DevCAError) -> String {
        do {
            let id = try SPIFFEID(trustDomain: trustDomain, publicKey: key.publicKey)
            let signingKey = Certificate.PrivateKey(try Curve25519.Signing.PrivateKey(rawRepresentation: key.seed.bytes))
            let extensions = try Certificate.Extensions { SubjectAlternativeNames([.uniformResourceIdentifier(id.uri)]) }
            let attributes = CertificateSigningRequest.Attributes(
                [try CertificateSigningRequest.Attribute(ExtensionRequest(extensions: extensions))])
            let csr = try CertificateSigningRequest(
                version: .v1, subject: try DistinguishedName { CommonName(id.validatorID) }, privateKey: signingKey,
                attributes: attributes, signatureAlgorithm: .ed25519)
            return try csr.serializeAsPEM().pemString
        } catch let error as IdentityError {
            throw .refused(error.description)
        } catch {
            throw .malformed("cannot build the CSR: \(error)")
        }
    }

    /// Issues a leaf certificate (PEM) for a CSR, after checking its signature, that it asks for
    /// exactly one SAN, a validator SPIFFE ID in this CA's trust domain, and that the ID is the
    /// one derived from the CSR's own Ed25519 key.
    public func issue(csrPEM: String, validityDays: Int = 30) throws(DevCAError) -> String {
        let csr: CertificateSigningRequest
        do {
            csr = try CertificateSigningRequest(pemEncoded: csrPEM)
        } catch {
            // SwiftASN1's errors carry a source location, not a reason a user can act on.
            throw .malformed(
                csrPEM.contains("-----BEGIN CERTIFICATE REQUEST-----")
                    ? "the certificate signing request's PEM block does not decode (damaged or not DER inside)"
                    : "not a PEM certificate signing request: expected a -----BEGIN CERTIFICATE REQUEST----- block (from bpi ca csr)"
            )
        }
        guard csr.publicKey.isValidSignature(csr.signature, for: csr) else {
            throw .refused("the CSR's signature does not verify")
        }
        guard let raw = Curve25519.Signing.PublicKey(csr.publicKey),
            let key = try? Ed25519PublicKey(bytes: Array(raw.rawRepresentation))
        else {
            throw .refused("the CSR's key is not Ed25519")
        }
        let requested: SubjectAlternativeNames?
        do {
            requested = try csr.attributes.extensionRequest?.extensions.subjectAlternativeNames
        } catch {
            throw .malformed("the CSR's extension request does not decode")
        }
        guard let names = requested, names.count == 1, case .uniformResourceIdentifier(let uri)? = names.first else {
            throw .refused("the CSR must request exactly one URI SAN (the validator's SPIFFE ID)")
        }
        let id: SPIFFEID
        do {
            id = try SPIFFEID(uri: uri)
        } catch {
            throw .refused(error.description)
        }
        guard id.trustDomain == trustDomain else {
            throw .refused("trust domain \(id.trustDomain) is not this CA's (\(trustDomain))")
        }
        guard id.validatorID == SPIFFEID.validatorID(of: key) else {
            throw .refused("the SPIFFE ID does not belong to the CSR's key")
        }
        do {
            let now = Date()
            let extensions = try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.serverAuth, .clientAuth])
                SubjectAlternativeNames([.uniformResourceIdentifier(id.uri)])
            }
            let cert = try Certificate(
                version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: csr.publicKey,
                notValidBefore: now.addingTimeInterval(-300),
                notValidAfter: now.addingTimeInterval(Double(validityDays) * 86_400),
                issuer: certificate.subject, subject: try DistinguishedName { CommonName(id.validatorID) },
                signatureAlgorithm: .ed25519, extensions: extensions, issuerPrivateKey: privateKey)
            return try cert.serializeAsPEM().pemString
        } catch {
            throw .io("cannot issue the certificate: \(error)")
        }
    }

    private static func writeNew(_ text: String, to url: URL, mode: mode_t) throws(DevCAError) {
        let fd = Foundation.open(url.path, O_WRONLY | O_CREAT | O_EXCL, mode)
        guard fd >= 0 else { throw .io("cannot create \(url.path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        guard bytes.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) == bytes.count, fsync(fd) == 0 else {
            throw .io("cannot write \(url.path)")
        }
    }
}
