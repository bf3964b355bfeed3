/// One captured frame as a capture file stores it.
///
/// `originalLength` can exceed `bytes.count` to model a capture taken with a small
/// snaplen: the record then says the wire carried more than the file holds.
public struct Packet: Sendable {
    public var time: CaptureTime
    public var bytes: [UInt8]
    public var originalLength: Int
    /// The pcapng interface the packet arrived on; classic pcap ignores it.
    public var interfaceID: UInt32

    public init(time: CaptureTime, bytes: [UInt8], originalLength: Int? = nil, interfaceID: UInt32 = 0) {
        self.time = time
        self.bytes = bytes
        self.originalLength = max(originalLength ?? bytes.count, bytes.count)
        self.interfaceID = interfaceID
    }
}
