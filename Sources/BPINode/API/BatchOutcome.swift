/// What `POST /v1/frames/batch` answers: the ids of the frames taken, in order, and each refused
/// frame's index with its reason (the `reason` a single POST would give).
public struct BatchOutcome: Codable, Sendable, Equatable {
    /// A refused frame.
    public struct Refusal: Codable, Sendable, Equatable {
        public var index: Int
        public var reason: String
        public var message: String
    }

    public var accepted: [String] = []
    public var refused: [Refusal] = []

    /// Nothing yet.
    public init() {}
}
