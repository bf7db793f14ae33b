import BPITools
import Foundation
import Testing

@Suite("bpi bench report")
struct BenchmarkReportTests {
    let figures = [
        BenchmarkFigure(
            name: "x", value: 2000, unit: "MiB/s", reference: 4000, referenceName: "b3sum", target: "≥ 0.5× b3sum", met: true),
        BenchmarkFigure(name: "merkle", value: 300, unit: "µs", target: "≤ 250 µs", met: false),
    ]

    @Test("the table shows value, reference ratio and unmet targets plainly")
    func table() {
        let table = BenchmarkReport.table(figures)
        #expect(table.contains("b3sum 4000 MiB/s (ratio 0.50)"))
        #expect(table.split(separator: "\n").last?.hasSuffix("NO") == true)
    }

    @Test("the JSON form decodes back to the same figures")
    func json() throws {
        let decoded = try JSONDecoder().decode([BenchmarkFigure].self, from: Data(BenchmarkReport.json(figures).utf8))
        #expect(decoded == figures)
    }

    @Test("a missed target or an unmeasured figure is listed as missed, and an unmeasured one says why in the table and JSON")
    func missedFigures() throws {
        let unmeasured = BenchmarkFigure.failed("lc-verify", target: "≤ 1 s", error: "the light client refused the chain")
        let all = figures + [unmeasured]
        #expect(BenchmarkReport.missed(all).map(\.name) == ["merkle", "lc-verify"])
        #expect(BenchmarkReport.table(all).contains("NOT MEASURED: the light client refused the chain"))
        let decoded = try JSONDecoder().decode([BenchmarkFigure].self, from: Data(BenchmarkReport.json(all).utf8))
        #expect(decoded.last?.met == false && decoded.last?.error == "the light client refused the chain")
        #expect(BenchmarkReport.missed(Array(figures.prefix(1))).isEmpty)
    }
}
