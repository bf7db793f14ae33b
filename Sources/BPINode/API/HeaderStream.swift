import BPIToolKit
import BPITypes
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// `GET /v1/headers/stream`: finalized headers as Server-Sent Events — `id: <height>`, `event:
/// header`, `data: <the header's JSON>` — from a height on (the `from` query parameter, else the
/// height after a reconnecting client's `Last-Event-ID`, else the next header), then live as they
/// are finalized, with a comment line every 15 s so proxies keep the connection. At most
/// `maxStreams` run at once (each polls the store every 100 ms); past that the answer is 503.
final class HeaderStream: Sendable {
    /// Streams served at once, at most.
    static let maxStreams = 64
    private let open = Mutex(0)
    private let store: BlockStore
    private let genesisSet: ValidatorSet

    init(store: BlockStore, genesisSet: ValidatorSet) {
        self.store = store
        self.genesisSet = genesisSet
    }

    /// The response for `request`.
    func response(_ request: Request) throws -> Response {
        let latest = try store.latestHeight()
        let from: UInt64
        if let text = request.uri.queryParameters["from"] {
            guard let h = UInt64(String(text)), h >= 1 else { throw HTTPError(.badRequest, message: "from must be a height ≥ 1") }
            from = h
        } else if let last = request.headers[HTTPField.Name("Last-Event-ID")!], let h = UInt64(last), h < .max {
            from = h + 1
        } else {
            from = latest + 1
        }
        guard open.withLock({ $0 }) < Self.maxStreams else {
            var headers = HTTPFields()
            headers[.retryAfter] = "5"
            throw HTTPError(.serviceUnavailable, headers: headers, message: "too many header streams are open; retry later")
        }
        let body = ResponseBody { [self] writer in
            // Counted while the body is written (a HEAD request never writes one).
            let admitted = open.withLock { (count: inout Int) -> Bool in
                guard count < Self.maxStreams else { return false }
                count += 1
                return true
            }
            guard admitted else {
                try await writer.write(ByteBuffer(string: "event: error\ndata: too many header streams\n\n"))
                try await writer.finish(nil)
                return
            }
            defer { open.withLock { $0 -= 1 } }
            var next = from
            var quietSince = ContinuousClock.now
            while true {
                let latest = try store.latestHeight()
                if next <= latest {
                    for entry in try store.entries(from: next, through: min(latest, next + 99)) {
                        let json = String(
                            decoding: ToolJSON.encode(try HeaderView(entry, store: store, genesisSet: genesisSet)) ?? Data(),
                            as: UTF8.self)
                        try await writer.write(
                            ByteBuffer(string: "id: \(entry.header.height)\nevent: header\ndata: \(json)\n\n"))
                        next = entry.header.height + 1
                    }
                    quietSince = .now
                } else {
                    if ContinuousClock.now - quietSince > .seconds(15) {
                        try await writer.write(ByteBuffer(string: ": waiting for height \(next)\n\n"))
                        quietSince = .now
                    }
                    try await Task.sleep(for: .milliseconds(100))
                }
            }
        }
        return Response(
            status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"], body: body)
    }
}
