import BPITypes
import Foundation
import Testing

/// One line of `poh_oracle.py`'s answer: `{"records": [[start, hashes, mixin or null, end]…], "root"}`.
struct OracleAnswer {
    let records: [[Any]]
    let root: String?

    init(line: Substring) throws {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        records = try #require(object["records"] as? [[Any]])
        root = object["root"] as? String
    }

    /// Expects `records` and their root to be exactly the oracle's.
    func expectEqual(to records: [PoHRecord], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(self.records.count == records.count, sourceLocation: sourceLocation)
        for (mine, other) in zip(records, self.records) {
            #expect(mine.start.description == other[0] as? String, sourceLocation: sourceLocation)
            #expect(Int(mine.hashes) == other[1] as? Int, sourceLocation: sourceLocation)
            #expect(mine.mixin?.description == other[2] as? String, sourceLocation: sourceLocation)
            #expect(mine.end.description == other[3] as? String, sourceLocation: sourceLocation)
        }
        #expect(PoHRecord.root(records).description == root, sourceLocation: sourceLocation)
    }
}
