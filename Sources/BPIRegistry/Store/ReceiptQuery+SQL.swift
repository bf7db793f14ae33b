/// The one translation of a ``ReceiptQuery`` into SQL, shared by both backends; only the
/// placeholder syntax differs (`?` for SQLite, `$n` for PostgreSQL). Values are always bound,
/// never spliced into the text.
extension ReceiptQuery {
    /// A bound value.
    enum SQLValue {
        case bytes([UInt8])
        case integer(Int64)
    }

    /// The `SELECT height, idx, bytes FROM <table> WHERE … ORDER BY height, idx LIMIT n+1` of this
    /// query (one more row than the page, to know whether a next page exists) and its values.
    func sql(table: String, placeholder: (Int) -> String) -> (text: String, values: [SQLValue], limit: Int) {
        var conditions: [String] = []
        var values: [SQLValue] = []
        func bind(_ v: SQLValue) -> String {
            values.append(v)
            return placeholder(values.count)
        }
        if let a = agreement { conditions.append("agreement = \(bind(.bytes(a.bytes)))") }
        if let e = executor { conditions.append("executor = \(bind(.bytes(e.bytes)))") }
        if let f = fromHeight { conditions.append("height >= \(bind(.integer(Int64(clamping: f))))") }
        if let t = toHeight { conditions.append("height <= \(bind(.integer(Int64(clamping: t))))") }
        if let c = after {
            // A row value, so that the (agreement|executor, height, idx) index is sought to the cursor.
            let h = bind(.integer(Int64(clamping: c.height)))
            conditions.append("(height, idx) > (\(h), \(bind(.integer(Int64(c.index)))))")
        }
        let limit = max(1, min(limit, Self.maxLimit))
        let text =
            "SELECT height, idx, bytes FROM \(table)"
            + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "))
            + " ORDER BY height, idx LIMIT \(limit + 1)"
        return (text, values, limit)
    }
}
