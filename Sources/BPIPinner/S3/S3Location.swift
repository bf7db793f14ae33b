import Foundation

/// An S3-compatible bucket: `s3://BUCKET?endpoint=http://HOST:PORT&region=REGION` — the endpoint
/// defaults to AWS (`https://s3.REGION.amazonaws.com`), the region to `us-east-1`. Credentials come
/// from `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` (never from the URL, never logged). Requests
/// are path-style (`ENDPOINT/BUCKET/KEY`), which MinIO, Ceph RGW and moto all take.
public struct S3Location: Sendable, Equatable {
    public var bucket: String
    public var endpoint: URL
    public var region: String

    public init(bucket: String, endpoint: URL, region: String) {
        self.bucket = bucket
        self.endpoint = endpoint
        self.region = region
    }

    /// Parses `s3://BUCKET[?endpoint=URL][&region=R]`.
    public init(url text: String) throws(ShardStoreError) {
        guard let components = URLComponents(string: text), components.scheme == "s3", let host = components.host,
            !host.isEmpty
        else {
            throw .badBackend("\(text): expected s3://BUCKET?endpoint=http://HOST:PORT&region=REGION")
        }
        guard host.count >= 3, host.count <= 63,
            host.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-" || $0 == ".") })
        else {
            throw .badBackend("\(text): a bucket name is 3–63 lowercase letters, digits, '-' or '.'")
        }
        var region = "us-east-1"
        var endpoint: URL?
        for item in components.queryItems ?? [] {
            switch item.name {
            case "region": region = item.value ?? region
            case "endpoint":
                guard let value = item.value, let url = URL(string: value), url.scheme == "http" || url.scheme == "https",
                    url.host != nil
                else {
                    throw .badBackend("\(text): endpoint must be an http:// or https:// URL")
                }
                endpoint = url
            default: throw .badBackend("\(text): unknown parameter \(item.name) (endpoint, region)")
            }
        }
        self.init(bucket: host, endpoint: endpoint ?? URL(string: "https://s3.\(region).amazonaws.com")!, region: region)
    }

    /// `s3://bucket@host:port`, for reports.
    public var name: String { "s3://\(bucket)@\(endpoint.host ?? "")\(endpoint.port.map { ":\($0)" } ?? "")" }
}
