// libFuzzer target for the canonical CBOR decoder, compiled together with Sources/BPICodec
// by scripts/fuzz (so no `import`): every accepted input must re-encode to exactly itself,
// and no input may crash, hang or exhaust memory.

@_cdecl("LLVMFuzzerTestOneInput")
public func cborDecoderFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let decoder = CBORDecoder(limits: CBORDecodingLimits(maxDepth: 64, maxLength: 1 << 20))
    if let value = try? decoder.decode(bytes) {
        guard let again = try? CBOREncoder.encode(value), again == bytes else {
            fatalError("accepted input does not re-encode to itself")
        }
        _ = CBORJSON.render(value)
    }
    return 0
}
