import Crypto
import Foundation

/// AWS Signature Version 4 for S3 requests (the header form, path-style URLs): what AWS S3, MinIO,
/// Ceph RGW and every S3-compatible server check. The payload is always hashed and signed
/// (`x-amz-content-sha256`). Checked in the tests against botocore's own signer.
public struct SigV4Signer: Sendable {
    /// The access key id.
    public var accessKey: String
    /// The secret access key (never logged).
    public var secretKey: String
    /// The region (`us-east-1` for most S3-compatible servers).
    public var region: String
    public var service = "s3"

    public init(accessKey: String, secretKey: String, region: String) {
        self.accessKey = accessKey
        self.secretKey = secretKey
        self.region = region
    }

    /// The headers to add to a request: `x-amz-date`, `x-amz-content-sha256` and `Authorization`.
    /// `path` is the URL path as sent (already percent-encoded where needed, `/bucket/key`),
    /// `query` the decoded query items, `headers` every other header that is sent and signed
    /// (`host` at least).
    public func sign(
        method: String, path: String, query: [(String, String)] = [], headers: [(String, String)], body: [UInt8], date: Date
    ) -> [(String, String)] {
        let amzDate = Self.timestamp(date)
        let day = String(amzDate.prefix(8))
        let payloadHash = Self.hex(SHA256.hash(data: body))
        var signed = headers.map { ($0.0.lowercased(), Self.trim($0.1)) }
        signed.append(("x-amz-content-sha256", payloadHash))
        signed.append(("x-amz-date", amzDate))
        signed.sort { $0.0 < $1.0 }
        let signedNames = signed.map(\.0).joined(separator: ";")
        var encoded: [(String, String)] = query.map { (Self.encode($0.0, slash: true), Self.encode($0.1, slash: true)) }
        encoded.sort { (a: (String, String), b: (String, String)) -> Bool in a.0 == b.0 ? a.1 < b.1 : a.0 < b.0 }
        let canonicalQuery = encoded.map { (pair: (String, String)) -> String in pair.0 + "=" + pair.1 }.joined(separator: "&")
        let canonicalRequest = [
            method, Self.canonicalPath(path), canonicalQuery, signed.map { "\($0.0):\($0.1)\n" }.joined(), signedNames,
            payloadHash,
        ].joined(separator: "\n")
        let scope = "\(day)/\(region)/\(service)/aws4_request"
        let stringToSign = [
            "AWS4-HMAC-SHA256", amzDate, scope, Self.hex(SHA256.hash(data: Array(canonicalRequest.utf8))),
        ].joined(separator: "\n")
        var key = SymmetricKey(data: Array("AWS4\(secretKey)".utf8))
        for part in [day, region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key)))
        }
        let signature = Self.hex(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: key))
        return [
            ("x-amz-date", amzDate), ("x-amz-content-sha256", payloadHash),
            (
                "Authorization",
                "AWS4-HMAC-SHA256 Credential=\(accessKey)/\(scope), SignedHeaders=\(signedNames), Signature=\(signature)"
            ),
        ]
    }

    /// `YYYYMMDD'T'HHMMSS'Z'` in UTC.
    static func timestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func pad(_ v: Int?, _ w: Int) -> String {
            let s = String(v ?? 0)
            return String(repeating: "0", count: max(0, w - s.count)) + s
        }
        return pad(c.year, 4) + pad(c.month, 2) + pad(c.day, 2) + "T" + pad(c.hour, 2) + pad(c.minute, 2) + pad(c.second, 2)
            + "Z"
    }

    /// The canonical URI: each segment of the (possibly encoded) path decoded once and encoded
    /// with RFC 3986's unreserved characters kept (S3 does not double-encode).
    static func canonicalPath(_ path: String) -> String {
        guard !path.isEmpty else { return "/" }
        return path.split(separator: "/", omittingEmptySubsequences: false)
            .map { encode(String($0).removingPercentEncoding ?? String($0), slash: true) }.joined(separator: "/")
    }

    /// Percent-encodes everything but `A–Z a–z 0–9 - _ . ~` (and `/` unless `slash`).
    static func encode(_ s: String, slash encodeSlash: Bool) -> String {
        var out = ""
        for byte in s.utf8 {
            let c = Character(UnicodeScalar(byte))
            if c.isASCII && (c.isLetter || c.isNumber || "-_.~".contains(c)) || (!encodeSlash && c == "/") {
                out.append(c)
            } else {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded2
            }
        }
        return out
    }

    /// Collapses runs of spaces and trims, as SigV4 requires of header values.
    static func trim(_ value: String) -> String {
        value.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        digest.map { String($0, radix: 16).leftPadded2.lowercased() }.joined()
    }
}

extension String {
    fileprivate var leftPadded2: String { count < 2 ? "0" + self : self }
}
