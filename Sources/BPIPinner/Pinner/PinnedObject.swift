import BPIDA
import BPIHash
import BPITypes

/// What the pinner records of an object it keeps: the coded-object manifest (parameters, every
/// shard's content hash, the shard root) and where each shard went (the backends by name, in the
/// placement's order, and the policy).
public struct PinnedObject: Codable, Sendable, Equatable {
    public var manifest: CodedObjectManifest
    /// Backend names; shard s of chunk c is on `backends[placement.backend(chunk: c, shard: s)]`.
    public var backends: [String]
    public var placement: PlacementPolicy

    public init(manifest: CodedObjectManifest, backends: [String], placement: PlacementPolicy) {
        self.manifest = manifest
        self.backends = backends
        self.placement = placement
    }

    /// The object's id.
    public var id: String { manifest.objectID }

    /// The backend name of a shard.
    public func backend(chunk: Int, shard: Int) -> String { backends[placement.backend(chunk: chunk, shard: shard)] }

    /// Every shard position.
    public var positions: [(chunk: Int, shard: Int)] {
        manifest.chunks.flatMap { c in (0..<manifest.n).map { (c.index, $0) } }
    }
}
