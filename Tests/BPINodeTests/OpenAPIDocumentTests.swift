import BPINode
import BPITestSupport
import BPITypes
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

extension OpenAPIDocumentTests {
    @Test("the document's frame kinds are every kind a block can hold (a served agreement frame once violated it)")
    func frameKindsComplete() throws {
        let line = try #require(OpenAPIDocument.yaml.split(separator: "\n").first { $0.contains("kind: {type: string, enum:") })
        let listed = try #require(line.split(separator: "[").last?.split(separator: "]").first)
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(Set(listed) == Set(FrameKind.allCases.map(\.description)))
    }
}
