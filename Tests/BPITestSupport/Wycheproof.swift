import Foundation

/// Project Wycheproof test files committed under `Tests/Vectors/wycheproof/`.
public enum Wycheproof {
    /// A file's test groups, each group's own fields decoded as `Group`.
    public struct File<Group: Decodable>: Decodable {
        public let algorithm: String
        public let numberOfTests: Int
        public let testGroups: [Group]
    }

    /// Loads `name` (e.g. "ed25519_test.json"); a missing file fails the calling test.
    public static func load<Group: Decodable>(_ name: String, as: Group.Type) throws -> File<Group> {
        try JSONDecoder().decode(File<Group>.self, from: Data(contentsOf: TestPaths.vector("wycheproof/\(name)")))
    }
}
