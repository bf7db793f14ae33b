import BPINode
import BPITestSupport
import Foundation
import Testing

@Suite("OpenAPI document")
struct OpenAPIDocumentTests {
    @Test("the served document is valid OpenAPI 3.1 (openapi-spec-validator) and lists every route of the API")
    func validAndComplete() throws {
        let out = try Oracle.run("openapi_oracle.py", input: Data(OpenAPIDocument.yaml.utf8))
        let operations = try JSONDecoder().decode([String].self, from: out)
        #expect(Set(operations) == Set(NodeAPI.routes.map { "\($0.method) \($0.path)" }))
    }
}
