/// What build this is: printed by `bpi --version` and `lc-verify --version`, reported by a node in
/// `GET /v1/status` and as the `bpi_build_info` gauge on `/metrics`.
public enum BuildInfo {
    /// The release version (semantic versioning; the minor number follows the last closed issue).
    public static let version = "0.12.0"
}
