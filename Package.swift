// swift-tools-version:6.1
// Metanode / BPI Mesh. One target per layer (module map: CONTRIBUTING.md); a target imports only layers below it.
import PackageDescription

/// BLAKE3 multi-lane kernels are compiled once per instruction set and chosen at run time
/// (see `BLAKE3Backend`), so the package runs on any x86-64 and is fast where AVX2/AVX-512 exist.
#if arch(x86_64)
    let avx2Flags: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "haswell"])]
    let avx512Flags: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "skylake-avx512"])]
#else
    let avx2Flags: [SwiftSetting] = []
    let avx512Flags: [SwiftSetting] = []
#endif

let package = Package(
    name: "Metanode",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "BPICodec", targets: ["BPICodec"]),
        .library(name: "BPIHash", targets: ["BPIHash"]),
        .library(name: "BPICrypto", targets: ["BPICrypto"]),
        .library(name: "BPIBLS", targets: ["BPIBLS"]),
        .library(name: "BPIDA", targets: ["BPIDA"]),
        .executable(name: "bpi", targets: ["bpi"]),
        .executable(name: "lc-verify", targets: ["lc-verify"]),
        .executable(name: "agreementc", targets: ["agreementc"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.60.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.20.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/swiftwasm/WasmKit", from: "0.4.2"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.0.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.21.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.25.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.21.0"),
    ],
    targets: [
        // Layer 0: canonical encoding.
        .target(name: "BPICodec"),

        // Layer 1: what every command shares: typed tool errors, input reading, JSON output, timing,
        // percentiles. Foundation and the codec only, so the light-client executable can use it.
        .target(name: "BPIToolKit", dependencies: ["BPICodec"]),

        // Layer 1: hashing. BLAKE3 core (portable + generic SIMD kernel), per-ISA instantiations, public API.
        .target(name: "CBPICPU"),
        .target(name: "CBPIFp"),
        .target(name: "BPIBLAKE3Core"),
        .target(name: "BPIBLAKE3AVX2", dependencies: ["BPIBLAKE3Core"], swiftSettings: avx2Flags),
        .target(name: "BPIBLAKE3AVX512", dependencies: ["BPIBLAKE3Core"], swiftSettings: avx512Flags),
        .target(
            name: "BPIHash",
            dependencies: [
                "BPICodec", "BPIBLAKE3Core", "BPIBLAKE3AVX2", "BPIBLAKE3AVX512", "CBPICPU",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),

        // Layer 2: identities and primitives. libsodium (Debian libsodium-dev) for XChaCha20-Poly1305,
        // Argon2id and the edwards25519 group operations of the VRF; swift-crypto for the rest.
        .systemLibrary(name: "CSodium", pkgConfig: "libsodium", providers: [.apt(["libsodium-dev"])]),
        .target(
            name: "BPICrypto",
            dependencies: ["BPICodec", "BPIHash", "CSodium", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // The development certificate authority (X.509, SPIFFE URI SANs), apart so that light clients
        // depending on BPICrypto do not pull in X.509.
        .target(
            name: "BPIDevCA",
            dependencies: [
                "BPICrypto", .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),

        // Layer 0: Intel ISA-L (Debian libisal-dev) for data availability's Reed-Solomon coding.
        .systemLibrary(name: "CISAL", pkgConfig: "libisal", providers: [.apt(["libisal-dev"])]),
        // libsecp256k1 (ECDSA with recovery) for Ethereum transaction signatures.
        .systemLibrary(name: "CSecp256k1", pkgConfig: "libsecp256k1", providers: [.apt(["libsecp256k1-dev"])]),
        // Layer 1: what speaking to an Ethereum L1 needs: Keccak-256, RLP, secp256k1 keys and
        // signatures, EIP-1559 transactions (SPEC §18).
        .target(name: "BPIEthereum", dependencies: ["BPICodec", "CSecp256k1"]),
        // Layer 2: anchors to L1s — the JSON-RPC client (async-http-client) and the anchor poster (SPEC §18).
        .target(
            name: "BPIAnchor",
            dependencies: [
                "BPIEthereum", "BPICodec", .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ]),

        // Layer 2: BLS12-381 (fields, curves, pairing, hash-to-curve, signatures), in Swift.
        .target(name: "BPIBLS", dependencies: ["BPICodec", "CBPIFp", .product(name: "Crypto", package: "swift-crypto")]),

        // Layer 2: threshold cryptography on BLS12-381: key generation, encryption to a height,
        // key-share reveal (SPEC §16).
        .target(name: "BPIThreshold", dependencies: ["BPIBLS", "BPICrypto", "BPICodec"]),

        // Layer 3: consensus objects (pure data, canonical encodings, signatures over them).
        .target(name: "BPITypes", dependencies: ["BPICodec", "BPIHash", "BPICrypto", "BPIBLS"]),
        // Layer 5: data availability (SPEC §15): Reed-Solomon erasure coding through ISA-L, objects in
        // coded chunks, their shard headers and shard trees.
        .target(
            name: "BPIDA",
            dependencies: [
                "CISAL", "BPIHash", "BPICodec", "BPITypes", "BPICrypto", .product(name: "Crypto", package: "swift-crypto"),
            ]),
        // Layer 6: the pinner — shards on storage backends (filesystem, S3 over async-http-client with
        // our SigV4), placement, SLA probes, repair, and its HTTP API.
        .target(
            name: "BPIPinner",
            dependencies: [
                "BPIDA", "BPITypes", "BPIHash", "BPICodec", .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
        // Below the rules that check it: Proof-of-History — the tick chain's hashes, recording, parallel replay, the block
        // tick-list rule.
        .target(name: "BPIPoH", dependencies: ["BPICodec", "BPIHash", "BPIBLAKE3Core", "BPITypes"]),
        // Layer 4: the rules the light client and the validators must agree on: proposer selection
        // and proof, quorum, round-change justification, proposal validity. No state machine.
        .target(name: "BPIRules", dependencies: ["BPICodec", "BPIHash", "BPICrypto", "BPITypes", "BPIPoH", "BPIThreshold"]),
        // Layer 5: the IBFT state machine, the sign state, the mempool, the equivocation detector.
        .target(name: "BPIConsensus", dependencies: ["BPIRules", "BPITypes", "BPIBLS", "BPICrypto"]),
        // Layer 5: the light client; no node, network or storage code (checked by RepositoryTests).
        .target(name: "BPILightClient", dependencies: ["BPITypes", "BPIRules", "BPIPoH"]),

        // Layer 6: light-client verification of chain files and its report (lc-verify, bpi verify).
        .target(
            name: "BPILightClientTool",
            dependencies: ["BPICodec", "BPIHash", "BPITypes", "BPILightClient", "BPIToolKit", "BPIEthereum"]),

        // Layer 5: the randomized Byzantine harness over the real consensus rules (bpi simulate).
        .target(
            name: "BPISimulation",
            dependencies: [
                "BPIRules", "BPIConsensus", "BPILightClient", "BPIPoH", "BPITypes", "BPIBLS", "BPICrypto", "BPIHash",
                "BPIThreshold", "BPIFrames",
            ]),

        // Noise handshakes (XX between validators, IK between services) and cipher states, pure.
        .target(
            name: "BPINoise", dependencies: ["BPICrypto", .product(name: "Crypto", package: "swift-crypto")]),
        // BPCI frames: the service directory, the frame ledger (nonces, nonce chains, ticks), sessions.
        .target(
            name: "BPIFrames",
            dependencies: [
                "BPICodec", "BPIHash", "BPICrypto", "BPIBLS", "BPIThreshold", "BPITypes", "BPIPoH", "BPINoise", "BPIRules",
            ]),
        // DockLock (docs/SPEC.md §13): the deterministic WASM cage (WasmKit) and the seccomp cage for native
        // programs (libseccomp, Debian libseccomp-dev), canonical event streams, witness logs (zlib, Debian
        // zlib1g-dev), receipts and their replay.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "CDockLockNative", linkerSettings: [.linkedLibrary("seccomp")]),
        .target(
            name: "BPIDockLock",
            dependencies: [
                "BPICodec", "BPIHash", "BPICrypto", "BPITypes", "CZlib", "CDockLockNative",
                .product(name: "WasmKit", package: "WasmKit"), .product(name: "WAT", package: "WasmKit"),
                .product(name: "WasmParser", package: "WasmKit"),
            ]
        ),
        // Layer 6: networking. Noise XX channels bound to validator identities, message framing, the TCP mesh.
        .target(
            name: "BPINet",
            dependencies: [
                "BPICodec", "BPIHash", "BPICrypto", "BPINoise",
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),

        // Layer 7: the validator service: consensus driver, storage, sync, HTTP API, metrics, logs.
        .target(
            name: "BPINode",
            dependencies: [
                "BPIAnchor", "BPIEthereum",
                "BPITypes", "BPIRules", "BPIConsensus", "BPILightClient", "BPINet", "BPIFrames", "BPIPoH", "BPIToolKit",
                "BPIDockLock", "BPIThreshold",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),

        // Layer 10: the receipt registry (bpi registry serve): follows a validator's chain as a light
        // client and indexes its receipts in SQLite (default) or PostgreSQL, served over HTTP with JWT
        // read access.
        .target(
            name: "BPIRegistry",
            dependencies: [
                "BPICodec", "BPIHash", "BPITypes", "BPILightClient", "BPINode",
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "JWTKit", package: "jwt-kit"), .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        // Tool layer: what the `bpi` commands do (JSON<->CBOR, hashing files, Merkle I/O, benchmarks).
        .target(
            name: "BPITools",
            dependencies: [
                "BPIAnchor", "BPIEthereum",
                "BPICodec", "BPIHash", "BPICrypto", "BPIDevCA", "BPIBLS", "BPITypes", "BPIRules", "BPIConsensus",
                "BPILightClient", "BPIPoH", "BPIFrames", "BPINode", "BPIDockLock", "BPIRegistry",
                "BPISimulation", "BPIToolKit", "BPILightClientTool", "BPIDA", "BPIPinner", "BPIThreshold",
                .product(name: "WasmKit", package: "WasmKit"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // Thin executable: argument parsing, then one library call.
        .executableTarget(
            name: "bpi",
            dependencies: [
                "BPITools", "BPIToolKit", "BPILightClientTool", "BPIHash", "BPICrypto", "BPINode", "BPISimulation",
                "BPIDockLock", "BPITypes", "BPIDA",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Thin executable: agreementc (build, inspect, simulate, pin agreements).
        .executableTarget(
            name: "agreementc",
            dependencies: [
                "BPITools", "BPIToolKit", "BPICrypto", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Shared test helpers: repository paths, the Python oracle runner, a seeded RNG.
        .target(
            name: "BPITestSupport", dependencies: ["BPICodec", "BPICrypto", "BPITypes", "BPIFrames", "BPIHash", "BPIPoH"],
            path: "Tests/BPITestSupport"),
        // Fuzz targets for protocol decoders: a corpus replayer normally, libFuzzer under scripts/fuzz.
        .executableTarget(
            name: "bpi-fuzz",
            dependencies: [
                "BPITypes", "BPICodec", "BPICrypto", "BPIBLS", "BPIDA", "BPILightClient", "BPIHash", "BPIThreshold", "BPIFrames",
                "BPIEthereum", "BPILightClientTool",
            ]),
        // The light-client executable: no node, network or storage code (checked by RepositoryTests).
        .executableTarget(
            name: "lc-verify",
            dependencies: [
                "BPILightClientTool", "BPIToolKit", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .testTarget(
            name: "BPINetTests",
            dependencies: [
                "BPINet", "BPINoise", "BPITools", "BPITestSupport", .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"), .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "BPINodeTests",
            dependencies: [
                "BPIAnchor", "BPIEthereum",
                "BPINode", "BPINet", "BPITools", "BPILightClientTool", "BPIConsensus", "BPITestSupport", "BPIFrames", "BPIPoH",
                "BPITypes", "BPIHash", "BPIDockLock", "BPIRegistry", "BPICodec", "BPIThreshold", "BPIBLS",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(name: "BPITypesTests", dependencies: ["BPITypes", "BPITestSupport", "BPICrypto", "BPICodec", "BPIHash"]),
        .testTarget(name: "BPIRulesTests", dependencies: ["BPIRules", "BPIThreshold", "BPIBLS", "BPITestSupport"]),
        .testTarget(
            name: "BPIFramesTests",
            dependencies: [
                "BPIFrames", "BPITypes", "BPIPoH", "BPINoise", "BPICrypto", "BPIHash", "BPICodec", "BPIDA", "BPITestSupport",
                "BPIThreshold", "BPIBLS",
            ]),
        .testTarget(
            name: "BPIDockLockTests",
            dependencies: [
                "BPIDockLock", "BPITypes", "BPIHash", "BPICodec", "BPICrypto", "BPITestSupport",
                .product(name: "WasmKit", package: "WasmKit"),
            ]),
        .testTarget(name: "BPINoiseTests", dependencies: ["BPINoise", "BPICrypto", "BPICodec", "BPITestSupport"]),
        .testTarget(name: "BPIPoHTests", dependencies: ["BPIPoH", "BPITypes", "BPIHash", "BPICodec", "BPITestSupport"]),
        .testTarget(name: "BPIConsensusTests", dependencies: ["BPIConsensus", "BPIRules", "BPITestSupport"]),
        .testTarget(name: "BPISimulationTests", dependencies: ["BPISimulation", "BPIRules", "BPIConsensus", "BPITestSupport"]),
        .testTarget(
            name: "BPILightClientTests",
            dependencies: [
                "BPILightClient", "BPILightClientTool", "BPITools", "BPIDA", "BPIFrames", "BPIPoH", "BPITestSupport", "BPIAnchor",
                "BPIToolKit",
                "BPIEthereum",
            ]),
        .testTarget(name: "BPIToolKitTests", dependencies: ["BPIToolKit", "BPITestSupport"]),
        .testTarget(name: "RepositoryTests", dependencies: ["BPITestSupport"]),
        .testTarget(
            name: "BPIRegistryTests", dependencies: ["BPIRegistry", "BPITools", "BPITypes", "BPIHash", "BPITestSupport"]),
        .testTarget(name: "BPICodecTests", dependencies: ["BPICodec", "BPITestSupport"]),
        .testTarget(name: "BPIHashTests", dependencies: ["BPIHash", "BPITestSupport"]),
        .testTarget(name: "BPICryptoTests", dependencies: ["BPICrypto", "BPITestSupport"]),
        .testTarget(name: "BPIBLSTests", dependencies: ["BPIBLS", "BPITestSupport"]),
        .testTarget(
            name: "BPIThresholdTests", dependencies: ["BPIThreshold", "BPIBLS", "BPICrypto", "BPICodec", "BPITestSupport"]),
        .testTarget(name: "BPIDATests", dependencies: ["BPIDA", "BPITypes", "BPIHash", "BPICodec", "BPITestSupport"]),
        .testTarget(
            name: "BPIPinnerTests", dependencies: ["BPIPinner", "BPIDA", "BPITypes", "BPIHash", "BPITestSupport"]),
        .testTarget(name: "BPIDevCATests", dependencies: ["BPIDevCA", "BPITestSupport"]),
        .testTarget(name: "BPIEthereumTests", dependencies: ["BPIEthereum", "BPICodec", "BPITestSupport"]),
        .testTarget(name: "BPIAnchorTests", dependencies: ["BPIAnchor", "BPIEthereum", "BPICodec", "BPITestSupport"]),
        .testTarget(
            name: "BPIToolsTests",
            dependencies: [
                "BPITools", "BPIToolKit", "BPILightClientTool", "BPITestSupport", "BPICodec", "BPICrypto", "BPILightClient",
                "BPITypes", "BPIAnchor", "BPIEthereum", "BPIFrames", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
    ]
)
