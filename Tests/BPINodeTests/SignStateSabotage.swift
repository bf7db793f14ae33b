import Foundation
import GRDB

/// Breaks a validator's sign state from outside, as a damaged disk or a stray process would.
enum SignStateSabotage {
    /// Drops the `signed_messages` table of the store at `path` (another connection; WAL mode lets
    /// it in beside the running validator).
    static func dropSignedMessages(at path: String) throws {
        var config = Configuration()
        config.busyMode = .timeout(10)
        try DatabaseQueue(path: path, configuration: config).write { try $0.execute(sql: "DROP TABLE signed_messages") }
    }
}
