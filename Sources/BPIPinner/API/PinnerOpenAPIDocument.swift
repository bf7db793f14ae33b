/// The pinner API's OpenAPI 3.1 document (served at `/openapi.yaml`; checked by the tests with
/// openapi-spec-validator and exercised by schemathesis against a live pinner).
public enum PinnerOpenAPIDocument {
    public static let yaml = """
        openapi: 3.1.0
        info:
          title: Metanode pinner API
          version: 1.0.0
          description: >-
            The shards a pinner keeps (docs/SPEC.md §15.5): an object's record (its coded-object
            manifest and placement), one shard with its header and Merkle path to the object's shard
            root, status and metrics. Nothing served is trusted: check a shard against the object
            committed under a verified header's daRoot (bpi da verify-shard, bpi da sample). Every
            error answer has a JSON body {"error": {"message": ...}}.
        paths:
          /healthz:
            get:
              summary: Liveness.
              responses:
                '200': {description: Alive., content: {text/plain: {schema: {type: string}}}}
          /metrics:
            get:
              summary: Prometheus metrics (probes, repairs, faults, bytes per backend).
              responses:
                '200': {description: Metrics., content: {text/plain: {schema: {type: string}}}}
          /openapi.yaml:
            get:
              summary: This document.
              responses:
                '200': {description: The document., content: {application/yaml: {schema: {type: string}}}}
          /v1/pinner/status:
            get:
              summary: The backends, the tolerated loss, the objects kept and the running counts.
              responses:
                '200':
                  description: Status.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [backends, tolerance, objects, stats, probeSuccess]
                        properties:
                          backends: {type: array, items: {type: string}}
                          tolerance: {type: integer}
                          objects: {type: integer}
                          probeSuccess: {type: number}
                          stats:
                            type: object
                            required: [probes, probesIntact, faultsFound, repairs, unrecoverable, bytesWritten]
                            properties:
                              probes: {type: integer}
                              probesIntact: {type: integer}
                              faultsFound: {type: integer}
                              repairs: {type: integer}
                              unrecoverable: {type: integer}
                              bytesWritten: {type: object, additionalProperties: {type: integer}}
          /v1/da/objects/{id}:
            get:
              summary: The record of a pinned object - its coded-object manifest (parameters, every shard's content hash, the shard root) and where its shards are.
              parameters:
                - {name: id, in: path, required: true, schema: {type: string, pattern: '^[0-9a-fA-F]{64}$'}}
              responses:
                '200':
                  description: The record.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [manifest, backends, placement]
                        properties:
                          backends: {type: array, items: {type: string}}
                          placement:
                            type: object
                            required: [backends, tolerance, k, n]
                            properties: {backends: {type: integer}, tolerance: {type: integer}, k: {type: integer}, n: {type: integer}}
                          manifest:
                            type: object
                            required: [version, k, n, chunkSize, size, objectHash, objectID, shardRoot, chunks]
                            properties:
                              version: {type: integer}
                              k: {type: integer}
                              n: {type: integer}
                              chunkSize: {type: integer}
                              size: {type: integer}
                              objectHash: {type: string}
                              objectID: {type: string}
                              shardRoot: {type: string}
                              chunks:
                                type: array
                                items:
                                  type: object
                                  required: [index, length, shardSize, shards]
                                  properties:
                                    index: {type: integer}
                                    length: {type: integer}
                                    shardSize: {type: integer}
                                    shards: {type: array, items: {type: string}}
                '400': {description: Not 64 hex digits., content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
                '404': {description: Not pinned here., content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
          /v1/da/shards/{objectID}/{chunk}/{shard}:
            get:
              summary: One shard (base64), its header (canonical CBOR, hex) and its Merkle path to the object's shard root, read from its backend and checked against its recorded hash.
              parameters:
                - {name: objectID, in: path, required: true, schema: {type: string, pattern: '^[0-9a-fA-F]{64}$'}}
                - {name: chunk, in: path, required: true, schema: {type: integer, minimum: 0, maximum: 4194303}}
                - {name: shard, in: path, required: true, schema: {type: integer, minimum: 0, maximum: 254}}
              responses:
                '200':
                  description: The shard and its proof.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [objectID, chunk, shard, header, index, count, siblings, shardRoot, bytes]
                        properties:
                          objectID: {type: string}
                          chunk: {type: integer}
                          shard: {type: integer}
                          header: {type: string}
                          index: {type: integer}
                          count: {type: integer}
                          siblings: {type: array, items: {type: string}}
                          shardRoot: {type: string}
                          bytes: {type: string, contentEncoding: base64}
                '400': {description: A malformed id or position., content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
                '404': {description: No such object or shard here., content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
                '503': {description: 'The shard cannot be read intact now: its backend is down, or it is missing or corrupt and awaits repair.', content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
        components:
          schemas:
            Error:
              type: object
              required: [error]
              properties:
                error: {type: object, required: [message], properties: {message: {type: string}}}
        """
}
