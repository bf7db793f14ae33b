import BPIPinner
import BPITestSupport
import Foundation
import Testing

/// AWS Signature V4 (docs/SPEC.md §15.5): for the same request, credentials and time, our
/// `Authorization` header is byte for byte the one botocore's own S3 signer computes — over
/// methods, keys with characters that need encoding, query strings and bodies; another secret,
/// time or region gives another signature.
@Suite struct SigV4SignerTests {
    struct Case {
        var method: String
        var path: String
        var query: [(String, String)]
        var body: [UInt8]
        var date: Date
    }

    static func cases() -> [Case] {
        var rng = SeededGenerator(seed: 35)
        let paths = [
            "/bucket", "/bucket/objects/ab12/0-3", "/my.bucket/a%20b/c~d_e-f.g", "/b/%E2%9C%93/x%2By",
            "/bucket/objects/\(String(repeating: "f", count: 64))/1023-15",
        ]
        let queries: [[(String, String)]] = [
            [], [("uploads", "")], [("prefix", "objects/ab"), ("max-keys", "10")], [("a b", "c/d")],
        ]
        var out: [Case] = []
        for i in 0..<40 {
            out.append(
                Case(
                    method: ["GET", "PUT", "DELETE", "HEAD"][i % 4], path: paths[i % paths.count],
                    query: queries[(i / 5) % queries.count],
                    body: i % 4 == 1 ? rng.bytes(Int.random(in: 0...4_096, using: &rng)) : [],
                    date: Date(timeIntervalSince1970: Double(1_700_000_000 + Int.random(in: 0...100_000_000, using: &rng)))))
        }
        return out
    }

    static func url(_ c: Case) -> String {
        var url = "http://127.0.0.1:9000" + c.path
        if !c.query.isEmpty {
            url += "?" + c.query.map { "\(Self.formEncode($0.0))=\(Self.formEncode($0.1))" }.joined(separator: "&")
        }
        return url
    }

    static func formEncode(_ s: String) -> String {
        s.addingPercentEncoding(
            withAllowedCharacters: CharacterSet(
                charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")) ?? s
    }

    @Test func theAuthorizationHeaderIsBotocores() throws {
        let signer = SigV4Signer(
            accessKey: "AKIDEXAMPLE", secretKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", region: "eu-west-3")
        let cases = Self.cases()
        var lines = ""
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        for c in cases {
            let stamp = formatter.string(from: c.date)
            let request: [String: Any] = [
                "method": c.method, "url": Self.url(c), "headers": ["Host": "127.0.0.1:9000"],
                "body": c.body.map { String(format: "%02x", $0) }.joined(), "access": signer.accessKey,
                "secret": signer.secretKey,
                "region": signer.region, "timestamp": stamp,
            ]
            lines += String(decoding: try JSONSerialization.data(withJSONObject: request), as: UTF8.self) + "\n"
        }
        let answers = String(decoding: try Oracle.run("sigv4_oracle.py", input: Data(lines.utf8)), as: UTF8.self)
            .split(separator: "\n")
        #expect(answers.count == cases.count)
        for (c, line) in zip(cases, answers) {
            let expected = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: String]
            let ours = Dictionary(
                uniqueKeysWithValues: signer.sign(
                    method: c.method, path: c.path, query: c.query, headers: [("Host", "127.0.0.1:9000")], body: c.body,
                    date: c.date
                ).map { ($0.0.lowercased(), $0.1) })
            #expect(ours["authorization"] == expected["authorization"], "\(c.method) \(Self.url(c))")
            #expect(
                ours["x-amz-date"] == expected["x-amz-date"] && ours["x-amz-content-sha256"] == expected["x-amz-content-sha256"])
        }
    }

    @Test func anotherSecretTimeOrRegionSignsDifferently() {
        let date = Date(timeIntervalSince1970: 1_800_000_000)
        func auth(_ s: SigV4Signer, _ d: Date = date) -> String {
            s.sign(method: "GET", path: "/b/k", headers: [("host", "h")], body: [], date: d).first { $0.0 == "Authorization" }!.1
        }
        let base = SigV4Signer(accessKey: "A", secretKey: "S", region: "us-east-1")
        let a = auth(base)
        #expect(
            a.hasPrefix(
                "AWS4-HMAC-SHA256 Credential=A/20270115/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature="
            ))
        #expect(auth(SigV4Signer(accessKey: "A", secretKey: "T", region: "us-east-1")) != a)
        #expect(auth(SigV4Signer(accessKey: "A", secretKey: "S", region: "us-west-2")) != a)
        #expect(auth(base, date.addingTimeInterval(1)) != a)
    }
}
