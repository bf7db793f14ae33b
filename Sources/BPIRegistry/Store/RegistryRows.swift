import BPIHash
import BPITypes

/// What both backends store and read back, in one place: the columns of an entry row and a receipt
/// row, and their decoding. Stored bytes are canonical CBOR, so a row that does not decode is a
/// damaged index, reported as such.
enum RegistryRows {
    /// An entry row: height, entry bytes, header bytes and the block's receipt ids concatenated.
    struct EntryRow {
        let height: Int64
        let bytes: [UInt8]
        let header: [UInt8]
        let ids: [UInt8]

        init(_ entry: ChainEntry, receipts: [Receipt]) {
            height = Int64(entry.header.height)
            bytes = entry.canonicalBytes()
            header = entry.header.canonicalBytes()
            ids = receipts.flatMap(\.id.bytes)
        }
    }

    /// A receipt row: id, position, the indexed agreement and executor, the receipt bytes.
    struct ReceiptRow {
        let id: [UInt8]
        let height: Int64
        let index: Int64
        let agreement: [UInt8]
        let executor: [UInt8]
        let bytes: [UInt8]
    }

    /// The rows of `blocks`, in order.
    static func rows(_ blocks: [(ChainEntry, [Receipt])]) -> (entries: [EntryRow], receipts: [ReceiptRow]) {
        var entries: [EntryRow] = []
        var receipts: [ReceiptRow] = []
        for (entry, rs) in blocks {
            let e = EntryRow(entry, receipts: rs)
            entries.append(e)
            for (i, r) in rs.enumerated() {
                receipts.append(
                    ReceiptRow(
                        id: r.id.bytes, height: e.height, index: Int64(i), agreement: r.runHeader.agreementID.bytes,
                        executor: r.executor.bytes, bytes: r.canonicalBytes()))
            }
        }
        return (entries, receipts)
    }

    static func receipt(_ bytes: [UInt8]) throws(RegistryError) -> Receipt {
        do {
            return try Receipt(canonicalBytes: bytes)
        } catch {
            throw .database("a stored receipt does not decode: \(error)")
        }
    }

    static func entry(_ bytes: [UInt8]) throws(RegistryError) -> ChainEntry {
        do {
            return try ChainEntry(canonicalBytes: bytes)
        } catch {
            throw .database("a stored entry does not decode: \(error)")
        }
    }

    static func block(height: UInt64, header: [UInt8], ids: [UInt8]) throws(RegistryError) -> (header: Header, ids: [Hash32]) {
        guard ids.count % 32 == 0 else { throw .database("height \(height): the stored receipt ids are truncated") }
        do {
            return (
                try Header(canonicalBytes: header),
                stride(from: 0, to: ids.count, by: 32).compactMap { Hash32(Array(ids[$0..<$0 + 32])) }
            )
        } catch {
            throw .database("height \(height) does not decode: \(error)")
        }
    }

    static func cursor(height: Int64, index: Int64) throws(RegistryError) -> RegistryCursor {
        guard height >= 0, index >= 0 else { throw .database("a stored position is negative") }
        return RegistryCursor(height: UInt64(height), index: Int(index))
    }
}
