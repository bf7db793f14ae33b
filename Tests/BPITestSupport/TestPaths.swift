import Foundation

/// Where the tests find the repository, its committed vectors and the built tools. Every path it
/// resolves lies inside the repository (checked by `SelfContainedTests`).
public enum TestPaths {
    /// The package root (the directory holding Package.swift).
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    /// The folder of committed vectors, `Tests/Vectors` (see its README for sources and licences).
    public static var vectors: URL { packageRoot.appendingPathComponent("Tests/Vectors") }

    /// A file committed under `Tests/Vectors`.
    public static func vector(_ relative: String) -> URL {
        vectors.appendingPathComponent(relative)
    }
}
