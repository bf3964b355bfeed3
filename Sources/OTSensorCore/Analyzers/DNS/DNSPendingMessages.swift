/// Transactions waiting for their other half, queued by transaction ID in the
/// order they started (Zeek's `DNS::PendingMessages`).
///
/// IDs are kept in the order they were first queued, not hashed: when Zeek
/// gives up on them they are written in this order, and the order must not
/// depend on the process's hash seed. Zeek caps the table at about 50 IDs, so
/// finding an ID by a linear scan is cheap.
struct DNSPendingMessages {
    /// Zeek's `DNS::max_pending_query_ids` and `DNS::max_pending_msgs`.
    static let maximumIDs = 50
    static let maximumPerID = 50

    private var queues: [(id: UInt16, transactions: [DNSTransaction])] = []

    /// Queues `transaction`; a table or queue over Zeek's limits is given up
    /// on first, its transactions handed to `abandon` to be written unpaired.
    mutating func enqueue(_ transaction: DNSTransaction, id: UInt16, abandon: (DNSTransaction) -> Void) {
        if let index = queues.firstIndex(where: { $0.id == id }) {
            if queues[index].transactions.count > Self.maximumPerID {
                queues[index].transactions.forEach(abandon)
                queues[index].transactions.removeAll()
            }
            queues[index].transactions.append(transaction)
            return
        }
        if queues.count > Self.maximumIDs { abandonAll(abandon) }
        queues.append((id, [transaction]))
    }

    /// The oldest transaction waiting with `id`, removed from the queue.
    mutating func pop(_ id: UInt16) -> DNSTransaction? {
        guard let index = queues.firstIndex(where: { $0.id == id }) else { return nil }
        return pop(at: index)
    }

    /// The oldest transaction of the ID queued first (Zeek takes an arbitrary one).
    mutating func popAny() -> DNSTransaction? {
        queues.isEmpty ? nil : pop(at: 0)
    }

    /// Empties the table, handing every transaction to `abandon` in order.
    mutating func abandonAll(_ abandon: (DNSTransaction) -> Void) {
        for queue in queues { queue.transactions.forEach(abandon) }
        queues.removeAll()
    }

    private mutating func pop(at index: Int) -> DNSTransaction {
        let transaction = queues[index].transactions.removeFirst()
        if queues[index].transactions.isEmpty { queues.remove(at: index) }
        return transaction
    }
}

extension DNSPendingMessages {
    func carry(into writer: inout StateWriter, connection: ConnectionView) {
        writer.put(UInt32(queues.count))
        for queue in queues {
            writer.put(queue.id)
            writer.put(UInt32(queue.transactions.count))
            for transaction in queue.transactions { transaction.carry(into: &writer, connection: connection) }
        }
    }

    init(carriedFrom reader: inout StateReader, connection: ConnectionView) throws {
        for _ in 0..<(try reader.count()) {
            let id = try reader.uint16()
            let transactions = try (0..<reader.count()).map { _ in
                try DNSTransaction(carriedFrom: &reader, connection: connection)
            }
            queues.append((id, transactions))
        }
    }
}
