/// The OpenAPI 3.1 description of the node API, served at `GET /openapi.yaml` (and checked
/// against the router by the tests).
public enum OpenAPIDocument {
    /// The document.
    public static let yaml = """
        openapi: 3.1.0
        info:
          title: Metanode validator API
          version: 1.0.0
          description: >-
            Finalized headers, commits and payloads of one validator, payload submission, evidence,
            health and metrics. Everything served is finalized and stored; verify it with the light
            client (`bpi verify`) rather than trusting the node. Every GET also answers HEAD; every
            error answer has a JSON body {"error": {"message": ...}}; ranges that were cut short
            carry a Link header to the next page (rel="next").
        paths:
          /healthz:
            get:
              summary: Liveness - the process serves requests (for a liveness probe; it does not say the validator keeps up).
              responses:
                '200': {description: Alive., content: {application/json: {schema: {type: object, required: [status], properties: {status: {type: string}}}}}}
          /readyz:
            get:
              summary: Readiness - connected to peers holding, with this validator, more than 2/3 of the power, and not more than 2 heights behind (for a readiness probe).
              responses:
                '200': {description: Ready., content: {application/json: {schema: {$ref: '#/components/schemas/Readiness'}}}}
                '503': {description: Not ready; reasons says why., content: {application/json: {schema: {$ref: '#/components/schemas/Readiness'}}}}
          /v1/status:
            get:
              summary: The validator's height, round, peers, mempool and finality latency.
              responses:
                '200':
                  description: Status.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Status'}
          /v1/genesis:
            get:
              summary: The genesis document (informational; a light client must bring its own).
              responses:
                '200': {description: genesis.json, content: {application/json: {schema: {type: object}}}}
          /v1/headers/latest:
            get:
              summary: The latest finalized header with its commit.
              responses:
                '200':
                  description: The header.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Header'}
                '404': {description: No header is finalized yet., content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
          /v1/headers/stream:
            get:
              summary: 'Finalized headers as Server-Sent Events (id = height, event header, data = the Header JSON) from `from` (else after Last-Event-ID, else the next header), then live; a comment line every 15 s while waiting. The stream does not end; at most 64 are served at once.'
              parameters:
                - {name: from, in: query, schema: {type: integer, minimum: 1, maximum: 18446744073709551615}}
                - {name: Last-Event-ID, in: header, schema: {type: string}}
              responses:
                '200': {description: An event stream., content: {text/event-stream: {schema: {type: string}}}}
                '400': {description: 'from is not a height ≥ 1.', content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
                '503': {description: Too many streams are open; see Retry-After., content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
          /v1/headers/{height}:
            get:
              summary: One finalized header with its commit.
              parameters:
                - {name: height, in: path, required: true, schema: {type: integer, minimum: 1, maximum: 18446744073709551615}}
              responses:
                '200':
                  description: The header.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Header'}
                '400': {description: Not a height ≥ 1., content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
                '404': {description: Not finalized yet., content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
          /v1/headers:
            get:
              summary: Finalized headers from..to; at most 100 are returned (the first 100 from `from`; page with `from`).
              parameters:
                - {name: from, in: query, schema: {type: integer, minimum: 1, maximum: 18446744073709551615}}
                - {name: to, in: query, schema: {type: integer, minimum: 1, maximum: 18446744073709551615}}
              responses:
                '200':
                  description: Headers in height order.
                  content:
                    application/json:
                      schema: {type: array, items: {$ref: '#/components/schemas/Header'}}
                '400': {description: A height that is not a number ≥ 1.}
          /v1/chain:
            get:
              summary: Light-client entries from..to as a canonical CBOR chain file; at most 1000 (the first 1000 from `from`).
              parameters:
                - {name: from, in: query, schema: {type: integer, minimum: 1, maximum: 18446744073709551615}}
                - {name: to, in: query, schema: {type: integer, minimum: 1, maximum: 18446744073709551615}}
              responses:
                '200':
                  description: '[version, [entry...]] (docs/SPEC.md section 7).'
                  content:
                    application/cbor:
                      schema: {type: string, format: binary}
                '400': {description: A height that is not a number ≥ 1.}
          /v1/blocks/{height}/frames:
            get:
              summary: The frames of a finalized block, in order (the Merkle root of their ids is the header's frames_root).
              parameters:
                - {name: height, in: path, required: true, schema: {type: integer, minimum: 1, maximum: 18446744073709551615}}
              responses:
                '200':
                  description: Frames.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [height, frames]
                        properties:
                          height: {type: integer}
                          frames: {type: array, items: {$ref: '#/components/schemas/Frame'}}
                '400': {description: Not a height.}
                '404': {description: Not finalized yet.}
          /v1/blocks/{height}/poh:
            get:
              summary: The Proof-of-History tick list of a finalized block (SPEC §11.2), with the seed it starts from and the frame ids it mixes in.
              parameters:
                - {name: height, in: path, required: true, schema: {type: integer, minimum: 1, maximum: 18446744073709551615}}
              responses:
                '200':
                  description: The tick list; its records' canonical encodings hash to poh_root.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [height, seed, pohRoot, framesRoot, hashesPerTick, ticksPerBlock, records, frames, events]
                        properties:
                          height: {type: integer}
                          seed: {type: string}
                          pohRoot: {type: string}
                          framesRoot: {type: string}
                          hashesPerTick: {type: integer}
                          ticksPerBlock: {type: integer}
                          records:
                            type: array
                            items:
                              type: object
                              required: [start, hashes, end]
                              properties:
                                start: {type: string}
                                hashes: {type: integer}
                                mixin: {type: string}
                                end: {type: string}
                          frames: {type: array, items: {type: string}}
                          events: {type: array, items: {type: string}}
                '400': {description: Not a height.}
                '404': {description: Not finalized yet.}
          /v1/frames:
            post:
              summary: 'Submits one canonical BPCI frame (SPEC section 12); it is checked as the next frame of its sender (registered key, nonce, nonce chain, tick) and gossiped to every validator.'
              requestBody:
                required: true
                content:
                  application/octet-stream:
                    schema: {type: string, format: binary, maxLength: 65792}
              responses:
                '202':
                  description: Accepted; the id is the frame envelope's Merkle leaf hash.
                  content:
                    application/json:
                      schema: {type: object, required: [id], properties: {id: {type: string}}}
                '400': {description: Not one canonical frame (reason malformed)., content: {application/json: {schema: {$ref: '#/components/schemas/Refusal'}}}}
                '401': {description: 'The node requires a bearer token for writes (api_token_file); none or a wrong one was sent.'}
                '409': {description: 'Already pending (duplicate), or a nonce not above the last (stale-nonce: a replay).', content: {application/json: {schema: {$ref: '#/components/schemas/Refusal'}}}}
                '413': {description: Larger than a frame may be (oversized)., content: {application/json: {schema: {$ref: '#/components/schemas/Refusal'}}}}
                '422': {description: 'Refused by the frame rules: unknown-service, bad-signature, broken-chain, unknown-tick, stale-tick, bad-registration, bad-receipt, bad-agreement.', content: {application/json: {schema: {$ref: '#/components/schemas/Refusal'}}}}
                '429': {description: 'Too many write requests from this address, or its share of the mempool is used up; see Retry-After.'}
                '503': {description: 'Mempool full (count or bytes); see Retry-After.'}
            get:
              summary: Finalized frames to one service, from a height on (at most 256 heights a page; Link rel=next for more).
              parameters:
                - {name: dst, in: query, required: true, schema: {type: string, pattern: '^[0-9a-fA-F]{64}$'}}
                - {name: from, in: query, schema: {type: integer, minimum: 1, maximum: 18446744073709551615}}
                - {name: to, in: query, schema: {type: integer, minimum: 1, maximum: 18446744073709551615}}
              responses:
                '200':
                  description: Frames in chain order.
                  content:
                    application/json:
                      schema: {type: array, items: {$ref: '#/components/schemas/Frame'}}
                '400': {description: Not a service id or not a height., content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
          /v1/frames/batch:
            post:
              summary: 'Submits up to 1,024 canonical frames as one CBOR array; each is checked in order as POST /v1/frames would.'
              requestBody:
                required: true
                content:
                  application/octet-stream:
                    schema: {type: string, format: binary, maxLength: 8388608}
              responses:
                '200':
                  description: The ids taken and the refusals by index.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [accepted, refused]
                        properties:
                          accepted: {type: array, items: {type: string}}
                          refused: {type: array, items: {type: object, required: [index, reason, message], properties: {index: {type: integer}, reason: {type: string}, message: {type: string}}}}
                '400': {description: Not a CBOR array of frames., content: {application/json: {schema: {$ref: '#/components/schemas/Refusal'}}}}
                '401': {description: 'The node requires a bearer token for writes (api_token_file).'}
                '413': {description: Larger than 8 MiB., content: {application/json: {schema: {$ref: '#/components/schemas/Refusal'}}}}
                '429': {description: 'Too many write requests from this address; see Retry-After.'}
          /v1/frames/{id}:
            get:
              summary: Where a frame was finalized, with its Merkle inclusion proof (the id is the leaf) against that header's frames_root; or that it is pending.
              parameters:
                - {name: id, in: path, required: true, schema: {type: string, pattern: '^[0-9a-fA-F]{64}$'}}
              responses:
                '200':
                  description: 'status finalized (height, index, count, siblings, framesRoot, headerHash, frame) or pending.'
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [id, status]
                        properties:
                          id: {type: string}
                          status: {type: string, enum: [finalized, pending]}
                          height: {type: integer}
                          index: {type: integer}
                          count: {type: integer}
                          siblings: {type: array, items: {type: string}}
                          framesRoot: {type: string}
                          headerHash: {type: string}
                          frame: {type: string}
                '400': {description: Not 64 hex digits., content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
                '404': {description: Unknown here., content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
          /v1/services/{id}:
            get:
              summary: 'A service: its directory entry (absent while its first registration is pending), its nonce chain finalized and with pending frames, the newest finalized tick, and with ?to= the last nonce to that service.'
              parameters:
                - {name: id, in: path, required: true, schema: {type: string, pattern: '^[0-9a-fA-F]{64}$'}}
                - {name: to, in: query, schema: {type: string, pattern: '^[0-9a-fA-F]{64}$'}}
              responses:
                '200':
                  description: The service.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [id, finalizedChain, pendingChain]
                        properties:
                          id: {type: string}
                          name: {type: string}
                          signingKey: {type: string}
                          sessionKey: {type: string}
                          sequence: {type: integer}
                          registeredAt: {type: integer}
                          finalizedChain: {type: string}
                          pendingChain: {type: string}
                          lastNonce: {type: integer}
                          tick: {type: object, required: [height, tickIndex, tickHash], properties: {height: {type: integer}, tickIndex: {type: integer}, tickHash: {type: string}}}
                '400': {description: Not 64 hex digits., content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
                '404': {description: Not registered here., content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
          /v1/receipts/{id}:
            get:
              summary: 'A finalized DockLock receipt (docs/SPEC.md §13.5): every field, the height that finalized it and its canonical bytes.'
              parameters:
                - {name: id, in: path, required: true, schema: {type: string, pattern: '^[0-9a-fA-F]{64}$'}}
              responses:
                '200':
                  description: The receipt.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [id, runHeader, engine, cesRoot, witnessRoot, outputHash, outcome, exitCode, fuelUsed, eventCount, policyResults, approved, receipt]
                        properties:
                          id: {type: string}
                          runHeader: {type: object}
                          engine: {type: string}
                          cesRoot: {type: string}
                          witnessRoot: {type: string}
                          outputHash: {type: string}
                          outcome: {type: string, enum: [exited, out-of-fuel, memory-limit, output-limit, trap, killed, policy-denied]}
                          exitCode: {type: integer}
                          fuelUsed: {type: integer}
                          eventCount: {type: integer}
                          policyResults:
                            type: array
                            items:
                              type: object
                              required: [policy, hook, verdict, reasonHash, fuelUsed]
                              properties:
                                policy: {type: string}
                                hook: {type: string, enum: [pre, post]}
                                verdict: {type: string, enum: [allow, deny, accept, reject, out-of-fuel, memory-limit, trap, fault]}
                                reasonHash: {type: string}
                                fuelUsed: {type: integer}
                          approved: {type: boolean}
                          executor: {type: string}
                          signature: {type: string}
                          receipt: {type: string}
                          height: {type: integer}
                '400': {description: Not 64 hex digits., content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
                '404': {description: Not finalized here., content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
          /v1/agreements/{id}:
            get:
              summary: 'A pinned agreement bundle (docs/SPEC.md §14): its id, manifest, policies, the height that pinned it and the canonical bundle.'
              parameters:
                - {name: id, in: path, required: true, schema: {type: string, pattern: '^[0-9a-fA-F]{64}$'}}
              responses:
                '200':
                  description: The bundle.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [id, name, version, governs, fuel, memoryPages, policies, bytes, height, bundle]
                        properties:
                          id: {type: string}
                          name: {type: string}
                          version: {type: integer}
                          governs: {type: array, items: {type: string}}
                          fuel: {type: integer}
                          memoryPages: {type: integer}
                          policies:
                            type: array
                            items:
                              type: object
                              required: [moduleHash, hooks, bytes]
                              properties:
                                moduleHash: {type: string}
                                hooks: {type: array, items: {type: string, enum: [pre, post]}}
                                bytes: {type: integer}
                          bytes: {type: integer}
                          height: {type: integer}
                          bundle: {type: string}
                '400': {description: Not 64 hex digits., content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
                '404': {description: Not pinned here., content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
          /v1/receipts/{id}/proof:
            get:
              summary: 'The Merkle inclusion proof of a finalized receipt (its id is the leaf) against the receiptsRoot of the header that finalized it; check it against a header the light client verified (bpi receipt verify).'
              parameters:
                - {name: id, in: path, required: true, schema: {type: string, pattern: '^[0-9a-fA-F]{64}$'}}
              responses:
                '200':
                  description: The proof.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [id, height, index, count, siblings, receiptsRoot, headerHash, receipt]
                        properties:
                          id: {type: string}
                          height: {type: integer}
                          index: {type: integer}
                          count: {type: integer}
                          siblings: {type: array, items: {type: string}}
                          receiptsRoot: {type: string}
                          headerHash: {type: string}
                          receipt: {type: string}
                '400': {description: Not 64 hex digits., content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
                '404': {description: Not finalized here., content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
          /v1/da/objects/{id}:
            get:
              summary: 'A committed data-availability object (docs/SPEC.md §15.3) and the Merkle inclusion proof of its canonical bytes against the daRoot of the header that first committed it; check it against a header the light client verified (bpi da verify-shard --proof).'
              parameters:
                - {name: id, in: path, required: true, schema: {type: string, pattern: '^[0-9a-fA-F]{64}$'}}
              responses:
                '200':
                  description: The object and its proof.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [id, height, index, count, siblings, daRoot, headerHash, object, k, n, chunkSize, size, objectHash, shardRoot]
                        properties:
                          id: {type: string}
                          height: {type: integer}
                          index: {type: integer}
                          count: {type: integer}
                          siblings: {type: array, items: {type: string}}
                          daRoot: {type: string}
                          headerHash: {type: string}
                          object: {type: string}
                          k: {type: integer}
                          n: {type: integer}
                          chunkSize: {type: integer}
                          size: {type: integer}
                          objectHash: {type: string}
                          shardRoot: {type: string}
                          storer: {type: string}
                '400': {description: Not 64 hex digits., content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
                '404': {description: Not committed here., content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
          /v1/da/challenges:
            get:
              summary: 'The open data-availability challenges of the finalized chain (docs/SPEC.md §15.8), oldest first; with storer, those naming one storer (what bpi da respond answers).'
              parameters:
                - {name: storer, in: query, required: false, schema: {type: string, pattern: '^[0-9a-fA-F]{64}$'}}
              responses:
                '200':
                  description: The open challenges.
                  content:
                    application/json:
                      schema: {type: array, items: {$ref: '#/components/schemas/DAChallenge'}}
                '400': {description: storer is not 64 hex digits., content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
          /v1/da/challenges/{id}:
            get:
              summary: 'One data-availability challenge by its da-challenge frame id: open, answered (a valid response was finalized by the deadline) or faulted (with the DAFaultEvidence the block at faultHeight carries, canonical CBOR in hex).'
              parameters:
                - {name: id, in: path, required: true, schema: {type: string, pattern: '^[0-9a-fA-F]{64}$'}}
              responses:
                '200':
                  description: The challenge.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/DAChallenge'}
                '400': {description: Not 64 hex digits., content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
                '404': {description: No such challenge finalized here., content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
          /v1/validators/{height}:
            get:
              summary: 'The validator set that signs header `height` (up to the latest height + 1), as canonical CBOR; a light client starting from a trusted checkpoint at H takes the set for H + 1 and checks it against that header''s next_validator_set_hash.'
              parameters:
                - {name: height, in: path, required: true, schema: {type: integer, minimum: 1, maximum: 18446744073709551615}}
              responses:
                '200':
                  description: The set.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [height, hash, validators, totalPower, cbor]
                        properties:
                          height: {type: integer}
                          hash: {type: string}
                          validators: {type: integer}
                          totalPower: {type: integer}
                          cbor: {type: string}
                '400': {description: Not a height ≥ 1., content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
                '404': {description: Beyond the latest height + 1., content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
          /v1/finality:
            get:
              summary: 'Finality latency at this validator (header timestamp to stored here) of the heights it decided from `from` on, among the last 1,000 it keeps: what a measurement over a window of load reads (bpi bench --only censorship).'
              parameters:
                - {name: from, in: query, required: false, schema: {type: integer, minimum: 0, maximum: 18446744073709551615}}
              responses:
                '200':
                  description: The window's percentiles (absent when it holds no height).
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [from, heights]
                        properties:
                          from: {type: integer}
                          heights: {type: integer}
                          p50Ms: {type: number}
                          p95Ms: {type: number}
                          maxMs: {type: number}
                '400': {description: from is not a height., content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
          /v1/anchors:
            get:
              summary: 'Anchors (SPEC §18.6): this validator''s posting of finalized header hashes to L1 chains — per L1 the confirmed height, the anchors queued and in flight, the recent confirmed ones with their latencies, and the re-pricing, fee-cap and reorg counts. 404 when the validator posts no anchors.'
              responses:
                '200':
                  description: The anchor poster's state per L1.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [every, poster, l1]
                        properties:
                          every: {type: integer}
                          poster: {type: string}
                          l1:
                            type: array
                            items:
                              type: object
                              required: [name, chainID, contract, confirmations, feeCapWei, confirmedHeight, queued, pending, confirmed, repriced, feeCapBlocked, reposted]
                              properties:
                                name: {type: string}
                                chainID: {type: integer}
                                contract: {type: string}
                                confirmations: {type: integer}
                                feeCapWei: {type: integer}
                                confirmedHeight: {type: integer}
                                queued: {type: array, items: {type: integer}}
                                pending:
                                  type: array
                                  items:
                                    type: object
                                    required: [height, nonce, transaction, maxFeePerGas, versions]
                                    properties:
                                      height: {type: integer}
                                      nonce: {type: integer}
                                      transaction: {type: string}
                                      maxFeePerGas: {type: integer}
                                      versions: {type: integer}
                                      includedIn: {type: integer}
                                confirmed:
                                  type: array
                                  items:
                                    type: object
                                    required: [height, headerHash, transaction, l1Block, inclusionMs, confirmationMs]
                                    properties:
                                      height: {type: integer}
                                      headerHash: {type: string}
                                      transaction: {type: string}
                                      l1Block: {type: integer}
                                      inclusionMs: {type: integer}
                                      confirmationMs: {type: integer}
                                repriced: {type: integer}
                                feeCapBlocked: {type: integer}
                                reposted: {type: integer}
                                stopped: {type: string}
                                problem: {type: string}
                                pledge: {type: string, description: "This validator's signed AnchorPledge for this L1 (canonical CBOR, hex; SPEC §18.11)."}
                '404':
                  description: This validator posts no anchors.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Error'}
          /v1/epoch:
            get:
              summary: 'Threshold encryption (SPEC §16.5): the epoch key that serves the next height — what clients encrypt to — the key generation in progress, failed generations, and the heights whose encrypted frames wait for their key.'
              responses:
                '200':
                  description: The threshold state of the finalized chain.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [height, epochLength, epoch, failed, waiting, revealed]
                        properties:
                          height: {type: integer}
                          epochLength: {type: integer}
                          epoch: {type: integer}
                          servingEpoch: {type: integer}
                          threshold: {type: integer}
                          committee: {type: integer}
                          masterKey: {type: string}
                          qualified: {type: array, items: {type: integer}}
                          epochKey: {type: string}
                          epochKeyFrame: {type: string}
                          epochKeyCarriedAt: {type: integer}
                          failed: {type: array, items: {type: integer}}
                          waiting: {type: array, items: {type: integer}}
                          revealed: {type: integer}
                          generation:
                            type: object
                            required: [keyEpoch, phase, committee, threshold, dealings, complaints, justifications, decidingHeight]
                            properties:
                              keyEpoch: {type: integer}
                              phase: {type: string, enum: [dealing, complaint, justification]}
                              committee: {type: integer}
                              threshold: {type: integer}
                              dealings: {type: array, items: {type: integer}}
                              complaints: {type: integer}
                              justifications: {type: integer}
                              decidingHeight: {type: integer}
          /v1/set-change:
            get:
              summary: 'Validator-set changes (SPEC §19): the set signing the next height, this validator''s index in it, the votes cast in it, the change they scheduled (it takes effect at a key-epoch start) and the changes that took effect.'
              responses:
                '200':
                  description: The set-change state of the finalized chain.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [height, setHash, validators, votes, history]
                        properties:
                          height: {type: integer}
                          setHash: {type: string}
                          validators: {type: array, items: {$ref: '#/components/schemas/ValidatorEntry'}}
                          index: {type: integer}
                          votes:
                            type: array
                            items:
                              type: object
                              required: [setHash, validators, voters, power, needed]
                              properties:
                                setHash: {type: string}
                                validators: {type: array, items: {$ref: '#/components/schemas/ValidatorEntry'}}
                                voters: {type: array, items: {type: integer}}
                                power: {type: integer}
                                needed: {type: integer}
                          scheduled: {$ref: '#/components/schemas/SetChange'}
                          history: {type: array, items: {$ref: '#/components/schemas/SetChange'}}
          /v1/set-change/votes:
            post:
              summary: 'Casts this validator''s vote for a new validator set (SPEC §19): a set-change frame from its service. Votes of more than two thirds of the power for one set schedule it at the next key-epoch start, where the new set runs the next key generation. An operator action: configure api_token_file.'
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      required: [validators]
                      properties:
                        validators: {type: array, minItems: 1, maxItems: 128, items: {$ref: '#/components/schemas/ValidatorEntry'}}
              responses:
                '202':
                  description: The vote frame is pending; the id is its envelope's Merkle leaf hash.
                  content:
                    application/json:
                      schema: {type: object, required: [id], properties: {id: {type: string}}}
                '400': {description: 'Not a list of validator entries (reason malformed).', content: {application/json: {schema: {$ref: '#/components/schemas/Refusal'}}}}
                '401': {description: 'The node requires a bearer token for writes (api_token_file); none or a wrong one was sent.'}
                '409': {description: 'This validator is not in the set signing the next height (not-in-set), or the vote is already pending.', content: {application/json: {schema: {$ref: '#/components/schemas/Refusal'}}}}
                '422': {description: 'Refused by the frame rules (bad-set-change: the set cannot serve, or a change is already scheduled).', content: {application/json: {schema: {$ref: '#/components/schemas/Refusal'}}}}
                '429': {description: 'Too many write requests from this address; see Retry-After.'}
                '503': {description: 'This validator''s service is not registered yet (not-registered), or the mempool is full; see Retry-After.'}
          /v1/frames/{id}/opening:
            get:
              summary: 'What a finalized encrypted frame opened to: waiting (its target height''s key is not revealed yet), opened (with the plaintext, hex) or undecryptable.'
              parameters:
                - {name: id, in: path, required: true, schema: {type: string, pattern: '^[0-9a-fA-F]{64}$'}}
              responses:
                '200':
                  description: The opening.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [id, status]
                        properties:
                          id: {type: string}
                          status: {type: string, enum: [waiting, opened, undecryptable]}
                          plaintext: {type: string}
                '400': {description: Not 64 hex digits., content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
                '404': {description: No finalized encrypted frame with this id here., content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
          /v1/evidence:
            get:
              summary: 'Evidence, in pages of `limit` from `offset` (a Link header names the next page): equivocations this validator recorded (kind = the message kind), then missed-inclusion evidence (SPEC §17.3) carried by the finalized chain (with carriedAt) or held here for a next block (without), then bad key shares (SPEC §16.5: offender = participant − 1, height = carriedAt = the block carrying the share, with the epoch key it fails against and the height of the block whose epoch-key frame carries it), then inclusion-list equivocations (SPEC §17.1), then data-availability faults carried by finalized blocks (SPEC §15.8: storer instead of offender). Every item carries its portable envelope (SPEC §18.9) and the envelope''s id.'
              parameters:
                - {name: offset, in: query, required: false, schema: {type: integer, minimum: 0, maximum: 9223372036854775807}}
                - {name: limit, in: query, required: false, schema: {type: integer, minimum: 1, maximum: 1000}}
              responses:
                '200':
                  description: Evidence.
                  content:
                    application/json:
                      schema:
                        type: array
                        items: {$ref: '#/components/schemas/Evidence'}
                '400': {description: A malformed offset or limit., content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
          /v1/evidence/{id}:
            get:
              summary: 'One evidence item by its envelope id (SPEC §18.9).'
              parameters:
                - {name: id, in: path, required: true, schema: {type: string, pattern: '^[0-9a-fA-F]{64}$'}}
              responses:
                '200':
                  description: The item.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Evidence'}
                '400': {description: Not 64 hex digits., content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
                '404': {description: No such evidence here., content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
          /v1/inclusion/{height}:
            get:
              summary: 'Inclusion lists (SPEC §17): the obligations finalized block `height` was bound by, what became of each (the entries its inclusion_root commits to, also as canonical CBOR), and the lists of the block before that made them.'
              parameters:
                - {name: height, in: path, required: true, schema: {type: integer, minimum: 1, maximum: 18446744073709551615}}
              responses:
                '200':
                  description: The obligations.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [height, inclusionRoot, entries, cbor, lists]
                        properties:
                          height: {type: integer}
                          inclusionRoot: {type: string}
                          entries:
                            type: array
                            items:
                              type: object
                              required: [frame, outcome]
                              properties:
                                frame: {type: string}
                                outcome: {type: string, enum: [included, nonce-used, tick-too-old, block-full, invalid]}
                          cbor: {type: string}
                          lists:
                            type: array
                            items:
                              type: object
                              required: [id, author, madeAt, frames]
                              properties:
                                id: {type: string}
                                author: {type: string}
                                madeAt: {type: integer}
                                frames: {type: array, items: {type: string}}
                '400': {description: Not a height ≥ 1., content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
                '404': {description: 'Not finalized here, or older than the 1024 heights kept.', content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
          /metrics:
            get:
              summary: Prometheus metrics.
              responses:
                '200': {description: Text exposition format, content: {text/plain: {schema: {type: string}}}}
          /openapi.yaml:
            get:
              summary: This document.
              responses:
                '200': {description: OpenAPI document, content: {application/yaml: {schema: {type: string}}}}
        components:
          schemas:
            Evidence:
              type: object
              required: [height, round, kind, cbor, evidenceKind, id, envelope]
              properties:
                offender: {type: integer}
                storer: {type: string}
                height: {type: integer}
                round: {type: integer}
                kind: {type: string}
                evidenceKind: {type: string, enum: [equivocation, missed-inclusion, list-equivocation, da-fault, bad-key-share, fork, missed-anchor]}
                cbor: {type: string}
                id: {type: string}
                envelope: {type: string}
                frame: {type: string}
                carriedAt: {type: integer}
                epochKey: {type: string}
                epochKeyCarriedAt: {type: integer}
            DAChallenge:
              type: object
              required: [id, objectID, chunk, shard, storer, challenger, height, deadline, status]
              properties:
                id: {type: string}
                objectID: {type: string}
                chunk: {type: integer}
                shard: {type: integer}
                storer: {type: string}
                challenger: {type: string}
                height: {type: integer}
                deadline: {type: integer}
                status: {type: string, enum: [open, answered, faulted]}
                faultHeight: {type: integer}
                evidence: {type: string}
            Error:
              type: object
              required: [error]
              properties:
                error: {type: object, required: [message], properties: {message: {type: string}}}
            Refusal:
              type: object
              required: [error]
              properties:
                error: {type: object, required: [message, reason], properties: {message: {type: string}, reason: {type: string}}}
            ValidatorEntry:
              type: object
              required: [identityKey, blsKey, blsProofOfPossession, vrfKey, votingPower, metadata]
              properties:
                identityKey: {type: string, pattern: '^[0-9a-fA-F]{64}$'}
                blsKey: {type: string, pattern: '^[0-9a-fA-F]{192}$'}
                blsProofOfPossession: {type: string, pattern: '^[0-9a-fA-F]{96}$'}
                vrfKey: {type: string, pattern: '^[0-9a-fA-F]{64}$'}
                votingPower: {type: integer, minimum: 1}
                metadata: {type: string}
            SetChange:
              type: object
              required: [setHash, decidedAt, activation, validators]
              properties:
                setHash: {type: string}
                decidedAt: {type: integer}
                activation: {type: integer}
                validators: {type: array, items: {$ref: '#/components/schemas/ValidatorEntry'}}
            Frame:
              type: object
              required: [id, height, index, source, destination, nonce, kind, chain, frame]
              properties:
                id: {type: string}
                height: {type: integer}
                index: {type: integer}
                source: {type: string}
                destination: {type: string}
                nonce: {type: integer}
                kind: {type: string, enum: [registration, handshake, data, receipt, agreement, da-commit, da-challenge, da-response, keygen, key-share, encrypted, inclusion-list, epoch-key, set-change]}
                chain: {type: string}
                frame: {type: string}
            Readiness:
              type: object
              required: [ready, height, highestPeerHeight, peers, quorum, reasons]
              properties:
                ready: {type: boolean}
                height: {type: integer}
                highestPeerHeight: {type: integer}
                peers: {type: integer}
                quorum: {type: boolean}
                reasons: {type: array, items: {type: string}}
            Status:
              type: object
              required: [chainID, index, height, latestHash, round, peers, validators, mempool, roundChanges, evidence, finalizedPayloadBytes, version]
              properties:
                chainID: {type: string}
                index: {type: integer}
                height: {type: integer}
                latestHash: {type: string}
                round: {type: integer}
                peers: {type: integer}
                validators: {type: integer}
                mempool: {type: integer}
                lastFinalityMs: {type: number}
                finalityP50Ms: {type: number}
                finalityP95Ms: {type: number}
                roundChanges: {type: integer}
                evidence: {type: integer}
                finalizedPayloadBytes: {type: integer}
                version: {type: string}
                tick: {type: object, required: [height, tickIndex, tickHash], properties: {height: {type: integer}, tickIndex: {type: integer}, tickHash: {type: string}}}
            Header:
              type: object
              required: [height, hash, round, timestamp, proposer, prevHash, validatorSetHash, framesRoot, pohRoot, receiptsRoot, daRoot, evidenceRoot, vrfOutput, commitRound, signers, aggregateSignature, entry]
              properties:
                height: {type: integer}
                hash: {type: string}
                round: {type: integer}
                timestamp: {type: integer}
                proposer: {type: integer}
                prevHash: {type: string}
                validatorSetHash: {type: string}
                framesRoot: {type: string}
                pohRoot: {type: string}
                receiptsRoot: {type: string}
                daRoot: {type: string}
                evidenceRoot: {type: string}
                vrfOutput: {type: string}
                commitRound: {type: integer}
                signers: {type: array, items: {type: integer}}
                aggregateSignature: {type: string}
                entry: {type: string, description: canonical CBOR of the light-client entry, hex}
        """
}
