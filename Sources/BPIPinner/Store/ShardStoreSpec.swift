import Foundation

/// A backend as the command line names it: `file:PATH` (a directory) or
/// `s3://BUCKET?endpoint=URL&region=R` (credentials from `AWS_ACCESS_KEY_ID` /
/// `AWS_SECRET_ACCESS_KEY`).
public enum ShardStoreSpec {
    /// The store `spec` names; an S3 bucket is created when missing.
    public static func open(_ spec: String, environment: [String: String] = ProcessInfo.processInfo.environment)
        async throws(ShardStoreError) -> any ShardStore
    {
        if spec.hasPrefix("file:") {
            let path = String(spec.dropFirst(5))
            guard !path.isEmpty else { throw .badBackend("file: needs a directory, e.g. file:/srv/shards") }
            return try FileShardStore(root: path)
        }
        if spec.hasPrefix("s3://") {
            let store = try S3ShardStore(location: try S3Location(url: spec), environment: environment)
            try await store.ensureBucket()
            return store
        }
        throw .badBackend("\(spec): expected file:DIR or s3://BUCKET?endpoint=URL&region=R")
    }

    /// Every store of `specs`, in order.
    public static func open(_ specs: [String], environment: [String: String] = ProcessInfo.processInfo.environment)
        async throws(ShardStoreError) -> [any ShardStore]
    {
        var stores: [any ShardStore] = []
        for spec in specs { stores.append(try await open(spec, environment: environment)) }
        return stores
    }
}
