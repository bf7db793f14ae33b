/// The inbound-connection ledger behind `TransportLimits`: who is connected from where, and who has
/// not finished the handshake yet. Decides, for each new inbound connection, whether it may stay.
struct InboundAdmission: Sendable {
    private struct Entry: Sendable {
        var address: String
        var authenticated: Bool
    }

    private let limits: TransportLimits
    private var entries: [ObjectIdentifier: Entry] = [:]

    init(limits: TransportLimits) { self.limits = limits }

    /// Admits connection `id` from `address` (its IP), or returns false when a cap is reached.
    mutating func admit(_ id: ObjectIdentifier, from address: String) -> Bool {
        let fromAddress = entries.values.filter { $0.address == address }
        let unauthenticated = entries.values.filter { !$0.authenticated }
        guard entries.count < limits.maxInbound, fromAddress.count < limits.maxInboundPerAddress,
            unauthenticated.count < limits.maxUnauthenticated,
            fromAddress.filter({ !$0.authenticated }).count < limits.maxUnauthenticatedPerAddress
        else { return false }
        entries[id] = Entry(address: address, authenticated: false)
        return true
    }

    /// Connection `id` proved a validator identity: it no longer counts against the handshake caps.
    mutating func authenticated(_ id: ObjectIdentifier) { entries[id]?.authenticated = true }

    /// Connection `id` closed.
    mutating func closed(_ id: ObjectIdentifier) { entries[id] = nil }

    /// Inbound connections held, and how many of them are still in the handshake.
    var counts: (total: Int, unauthenticated: Int) { (entries.count, entries.values.filter { !$0.authenticated }.count) }
}
