import Foundation

/// Project Wycheproof test files (`../shared/vectors/wycheproof/`).
public enum Wycheproof {
    /// A file's test groups, each group's own fields decoded as `Group`.
    public struct File<Group: Decodable>: Decodable {
        public let algorithm: String
        public let numberOfTests: Int
        public let testGroups: [Group]
    }

    /// Loads `name` (e.g. "ed25519_test.json"); fails the calling test when the shared folder is absent.
    public static func load<Group: Decodable>(_ name: String, as: Group.Type) throws -> File<Group> {
        guard let url = TestPaths.sharedVector("wycheproof/\(name)") else {
            throw Oracle.Failure(description: "Wycheproof vectors not found at \(TestPaths.sharedVectors.path)/wycheproof")
        }
        return try JSONDecoder().decode(File<Group>.self, from: Data(contentsOf: url))
    }
}
