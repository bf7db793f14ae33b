/// Bounds the decoder enforces so hostile input cannot exhaust memory or stack.
public struct CBORDecodingLimits: Sendable, Equatable {
    /// Maximum number of nested arrays and maps (the top-level container counts as one).
    public var maxDepth: Int
    /// Maximum declared length of one string (bytes) or one array/map (elements).
    public var maxLength: Int

    /// Creates limits.
    public init(maxDepth: Int = 64, maxLength: Int = 16 * 1024 * 1024) {
        self.maxDepth = maxDepth
        self.maxLength = maxLength
    }

    /// The protocol's defaults: depth 64, lengths up to 16 MiB.
    public static let standard = CBORDecodingLimits()
}
