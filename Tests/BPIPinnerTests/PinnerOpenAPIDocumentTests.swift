import BPIPinner
import BPITestSupport
import Foundation
import Testing

/// The pinner's OpenAPI document: valid OpenAPI 3.1 (openapi-spec-validator) and listing exactly
/// the routes the API serves (schemathesis checks the answers against it in PinnerCLITests).
@Suite struct PinnerOpenAPIDocumentTests {
    @Test func validAndComplete() throws {
        let out = try Oracle.run("openapi_oracle.py", input: Data(PinnerOpenAPIDocument.yaml.utf8))
        let operations = try JSONDecoder().decode([String].self, from: out)
        #expect(Set(operations) == Set(PinnerAPI.routes.map { "GET \($0)" }))
    }

    @Test func metricsAreTheStats() {
        var stats = PinnerStats()
        stats.probes = 1_000
        stats.probesIntact = 999
        stats.repairs = 3
        stats.bytesWritten = ["file:/a": 10, "s3://b@h:1": 20]
        let text = PinnerMetrics.text(stats, objects: 2)
        for line in [
            "bpi_da_objects 2.0", "bpi_da_probes_total 1000.0", "bpi_da_probe_success_ratio 0.999", "bpi_da_repairs_total 3.0",
            "bpi_da_bytes_written_total{backend=\"file:/a\"} 10.0", "bpi_da_bytes_written_total{backend=\"s3://b@h:1\"} 20.0",
        ] {
            #expect(text.contains(line + "\n"), "\(line)")
        }
    }
}
