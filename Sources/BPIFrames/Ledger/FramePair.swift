import BPIHash

/// A (source, destination) pair of services: the scope of a frame's nonce.
public struct FramePair: Hashable, Sendable {
    public var source: Hash32
    public var destination: Hash32

    /// A pair.
    public init(source: Hash32, destination: Hash32) {
        self.source = source
        self.destination = destination
    }
}
