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
}
