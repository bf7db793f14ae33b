import Foundation

/// Where the tests find the repository, the shared vectors and the built tools.
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

    /// `../shared/vectors` beside the checkout, or `$BPI_SHARED_VECTORS`.
    public static var sharedVectors: URL {
        if let dir = ProcessInfo.processInfo.environment["BPI_SHARED_VECTORS"] { return URL(fileURLWithPath: dir) }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/vectors")
    }

    /// A file under the shared vectors, or nil when the folder is absent (tests then use inline vectors).
    public static func sharedVector(_ relative: String) -> URL? {
        let url = sharedVectors.appendingPathComponent(relative)
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// A file committed under `Tests/Vectors`.
    public static func vector(_ relative: String) -> URL {
        packageRoot.appendingPathComponent("Tests/Vectors").appendingPathComponent(relative)
    }
}
