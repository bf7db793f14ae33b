import BPITestSupport
import Foundation
import Testing

/// `bpi da encode|decode` on the command line (docs/CLI.md): an object coded into shard files is
/// rebuilt with n − k shards deleted and one corrupted (reported, ignored); one more loss in a chunk
/// exits 1 naming it; a corrupt manifest or bad parameters exit 2.
@Suite struct DACLITests {
    @Test func encodeThenDecodeWithLossesCorruptionAndTooFew() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bpi-da-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var rng = SeededGenerator(seed: 16)
        let object = rng.bytes(600_000)  // 3 chunks of 256 KiB, the last shorter
        try Data(object).write(to: URL(fileURLWithPath: dir + "/object.bin"))
        let encoded = try BPIBinary.run([
            "da", "encode", "--k", "4", "--n", "7", "--in", dir + "/object.bin", "--out", dir + "/shards", "--json",
        ])
        #expect(encoded.status == 0, "\(encoded.err)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(encoded.out.utf8)) as? [String: Any])
        #expect(report["chunks"] as? Int == 3 && report["shards"] as? Int == 21)
        // Chunk 1: lose shards 0 and 5, corrupt shard 2 (n − k = 3 gone); chunk 2: lose two.
        for f in ["chunk-1-shard-0.bin", "chunk-1-shard-5.bin", "chunk-2-shard-3.bin", "chunk-2-shard-6.bin"] {
            try FileManager.default.removeItem(atPath: dir + "/shards/" + f)
        }
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/shards/chunk-1-shard-2.bin")))
        bytes[100] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: dir + "/shards/chunk-1-shard-2.bin"))
        let decoded = try BPIBinary.run(["da", "decode", "--in", dir + "/shards", "--out", dir + "/back.bin", "--json"])
        #expect(decoded.status == 0, "\(decoded.err)")
        #expect(FileManager.default.contents(atPath: dir + "/back.bin") == Data(object))
        let back = try #require(try JSONSerialization.jsonObject(with: Data(decoded.out.utf8)) as? [String: Any])
        #expect(back["corrupt"] as? [String] == ["1/2"] && (back["missing"] as? [String])?.count == 4)
        // verify-shard: an intact shard checks (0), the corrupted one does not (1), a shard the object
        // lacks is bad input (2).
        let good = try BPIBinary.run([
            "da", "verify-shard", "--in", dir + "/shards", "--chunk", "1", "--shard", "1", "--file",
            dir + "/shards/chunk-1-shard-1.bin", "--json",
        ])
        #expect(good.status == 0, "\(good.err)")
        #expect(try JSONSerialization.jsonObject(with: Data(good.out.utf8)) as? [String: Any] != nil)
        let bad = try BPIBinary.run([
            "da", "verify-shard", "--in", dir + "/shards", "--chunk", "1", "--shard", "2", "--file",
            dir + "/shards/chunk-1-shard-2.bin",
        ])
        #expect(bad.status == 1, "\(bad.err)")
        let absent = try BPIBinary.run([
            "da", "verify-shard", "--in", dir + "/shards", "--chunk", "9", "--shard", "0", "--file",
            dir + "/shards/chunk-1-shard-1.bin",
        ])
        #expect(absent.status == 2)
        // A fourth shard of chunk 1 gone: three of seven left, fewer than k = 4.
        try FileManager.default.removeItem(atPath: dir + "/shards/chunk-1-shard-6.bin")
        let tooFew = try BPIBinary.run(["da", "decode", "--in", dir + "/shards", "--out", dir + "/no.bin"])
        #expect(tooFew.status == 1 && tooFew.err.contains("chunk 1"), "\(tooFew.err)")
        // A corrupt manifest and bad parameters are bad input.
        try Data("{\"version\": 1}".utf8).write(to: URL(fileURLWithPath: dir + "/shards/manifest.json"))
        #expect(try BPIBinary.run(["da", "decode", "--in", dir + "/shards", "--out", dir + "/no.bin"]).status == 2)
        let badK = try BPIBinary.run(["da", "encode", "--k", "8", "--n", "8", "--in", dir + "/object.bin", "--out", dir + "/x"])
        #expect(badK.status == 2)
        let badChunk = try BPIBinary.run([
            "da", "encode", "--chunk-size", "1000", "--in", dir + "/object.bin", "--out", dir + "/y",
        ])
        #expect(badChunk.status == 2)
    }

    @Test func carExportVerifyImportDecode() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bpi-car-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var rng = SeededGenerator(seed: 391)
        let object = rng.bytes(300_000)
        try Data(object).write(to: URL(fileURLWithPath: dir + "/object.bin"))
        #expect(
            try BPIBinary.run(["da", "encode", "--k", "4", "--n", "6", "--in", dir + "/object.bin", "--out", dir + "/coded"])
                .status == 0)
        // One shard lost before the export: rebuilt from the others into the CAR.
        try FileManager.default.removeItem(atPath: dir + "/coded/chunk-1-shard-2.bin")
        let exported = try BPIBinary.run(["da", "car", "export", "--in", dir + "/coded", "--out", dir + "/o.car", "--json"])
        #expect(exported.status == 0, "\(exported.err)")
        let verified = try BPIBinary.run(["da", "car", "verify", "--car", dir + "/o.car"])
        #expect(verified.status == 0 && verified.out.hasPrefix("OK: root bafy"), "\(verified.out) \(verified.err)")
        let imported = try BPIBinary.run(["da", "car", "import", "--car", dir + "/o.car", "--out", dir + "/imported"])
        #expect(imported.status == 0, "\(imported.err)")
        #expect(try BPIBinary.run(["da", "decode", "--in", dir + "/imported", "--out", dir + "/back.bin"]).status == 0)
        #expect(FileManager.default.contents(atPath: dir + "/back.bin") == Data(object))
        // A changed byte deep in the file: a block no longer hashes to its CID (1); not a CAR at all (2).
        var car = [UInt8](try Data(contentsOf: URL(fileURLWithPath: dir + "/o.car")))
        car[car.count - 100] ^= 0x10
        try Data(car).write(to: URL(fileURLWithPath: dir + "/bad.car"))
        #expect(try BPIBinary.run(["da", "car", "verify", "--car", dir + "/bad.car"]).status == 1)
        try Data("not a car".utf8).write(to: URL(fileURLWithPath: dir + "/junk.car"))
        #expect(try BPIBinary.run(["da", "car", "verify", "--car", dir + "/junk.car"]).status == 2)
    }
}
