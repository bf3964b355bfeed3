import Foundation

/// A minimal pcapng reader for files libpcap will not read: sections whose
/// interfaces use different link types. It follows the pcapng block structure
/// (SHB in either byte order, IDB with if_tsresol, EPB, SPB and the obsolete
/// PB) and skips every other block. Malformed blocks end the read as damage,
/// like libpcap's truncation errors.
public final class PcapngBlockReader: PacketSource {
    private struct Interface {
        var linkType: Int32
        var snaplen: Int
        /// Timestamp units per second.
        var unitsPerSecond: UInt64
    }

    private let file: UnsafeMutablePointer<FILE>
    private var bigEndian = false
    private var interfaces: [Interface] = []
    private var block: [UInt8] = []
    public private(set) var linkType: Int32 = 0
    /// The link types of the interfaces declared before the first packet.
    public private(set) var linkTypes: [Int32] = []

    /// Opens `path`; `linkTypes` are its interfaces' link types, as
    /// `interfaceLinkTypes(path:)` read them before choosing this reader.
    public init(path: String, linkTypes: [Int32] = []) throws {
        guard let file = fopen(path, "rb") else {
            throw CaptureError.notReadable(path, reason: String(cString: strerror(errno)))
        }
        self.file = file
        self.linkTypes = linkTypes
    }

    deinit { fclose(file) }

    /// The link types of the interfaces described before the first packet, or
    /// nil when the file is not pcapng.
    public static func interfaceLinkTypes(path: String) -> [Int32]? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        let magic = (try? handle.read(upToCount: 4)) ?? Data()
        try? handle.close()
        guard magic == Data([0x0A, 0x0D, 0x0D, 0x0A]), let reader = try? PcapngBlockReader(path: path) else {
            return nil
        }
        reader.readInterfacesUntilFirstPacket()
        return reader.interfaces.map(\.linkType)
    }

    public func next(_ body: (Timestamp, Int, Int32, UnsafeRawBufferPointer) -> Void) -> CaptureReadResult {
        while true {
            guard let type = readBlock() else { return .end }
            guard type != .damaged else { return .damaged("pcapng block truncated or malformed") }
            if let result = handle(type, body) { return result }
        }
    }

    private enum BlockType: Equatable {
        case section, interface, enhancedPacket, simplePacket, obsoletePacket, other, damaged
    }

    /// Reads section and interface blocks up to the first packet block.
    private func readInterfacesUntilFirstPacket() {
        while let type = readBlock() {
            switch type {
            case .damaged, .enhancedPacket, .simplePacket, .obsoletePacket: return
            case .section, .interface, .other: _ = handle(type) { _, _, _, _ in }
            }
        }
    }

    /// Reads one block into `block` (without the trailing length).
    private func readBlock() -> BlockType? {
        var header = [UInt8](repeating: 0, count: 8)
        let got = fread(&header, 1, 8, file)
        if got == 0 { return nil }
        guard got == 8 else { return .damaged }
        let rawType = UInt32(header[0]) | UInt32(header[1]) << 8 | UInt32(header[2]) << 16 | UInt32(header[3]) << 24
        if rawType == 0x0A0D_0D0A {
            var magic = [UInt8](repeating: 0, count: 4)
            guard fread(&magic, 1, 4, file) == 4 else { return .damaged }
            bigEndian = magic == [0x1A, 0x2B, 0x3C, 0x4D]
            guard bigEndian || magic == [0x4D, 0x3C, 0x2B, 0x1A] else { return .damaged }
            fseek(file, -4, SEEK_CUR)
            interfaces = []
        }
        let length = Int(read32(header, 4))
        guard length >= 12, length % 4 == 0, length <= 1 << 26 else { return .damaged }
        block = [UInt8](repeating: 0, count: length - 8)
        guard fread(&block, 1, length - 8, file) == length - 8 else { return .damaged }
        block.removeLast(4)
        switch read32(header, 0) {
        case 0x0A0D_0D0A: return .section
        case 1: return .interface
        case 6: return .enhancedPacket
        case 3: return .simplePacket
        case 2: return .obsoletePacket
        default: return .other
        }
    }

    private func handle(_ type: BlockType, _ body: (Timestamp, Int, Int32, UnsafeRawBufferPointer) -> Void) -> CaptureReadResult? {
        switch type {
        case .interface:
            guard block.count >= 8 else { return .damaged("short interface block") }
            interfaces.append(Interface(linkType: Int32(read16(block, 0)), snaplen: Int(read32(block, 4)),
                                        unitsPerSecond: resolution(options: 8)))
            if interfaces.count == 1 { linkType = interfaces[0].linkType }
            return nil
        case .enhancedPacket, .obsoletePacket:
            guard block.count >= 20 else { return .damaged("short packet block") }
            let id = type == .enhancedPacket ? Int(read32(block, 0)) : Int(read16(block, 0))
            guard id < interfaces.count else { return .damaged("packet for an undeclared interface") }
            let units = UInt64(read32(block, 4)) << 32 | UInt64(read32(block, 8))
            let captured = Int(read32(block, 12)), original = Int(read32(block, 16))
            guard captured <= block.count - 20 else { return .damaged("packet longer than its block") }
            deliver(interfaces[id], units: units, captured: captured, original: original, at: 20, body)
            return .packet
        case .simplePacket:
            guard let interface = interfaces.first, block.count >= 4 else { return .damaged("simple packet without interface") }
            let original = Int(read32(block, 0))
            let captured = min(original, block.count - 4, interface.snaplen == 0 ? Int.max : interface.snaplen)
            deliver(interface, units: 0, captured: captured, original: original, at: 4, body)
            return .packet
        case .section, .other, .damaged:
            return nil
        }
    }

    private func deliver(_ interface: Interface, units: UInt64, captured: Int, original: Int, at offset: Int,
                         _ body: (Timestamp, Int, Int32, UnsafeRawBufferPointer) -> Void) {
        let seconds = units / interface.unitsPerSecond
        let remainder = units % interface.unitsPerSecond
        // remainder × 10⁹ needs 128 bits when the resolution is finer than 2⁻³⁴ s.
        let nanos = interface.unitsPerSecond.dividingFullWidth(remainder.multipliedFullWidth(by: 1_000_000_000)).quotient
        block.withUnsafeBytes { raw in
            body(Timestamp.captured(seconds: seconds, nanoseconds: Int64(nanos)), original, interface.linkType,
                 UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + captured)]))
        }
    }

    /// The if_tsresol option of the interface block in `block`, as units per second.
    private func resolution(options start: Int) -> UInt64 {
        var offset = start
        while offset + 4 <= block.count {
            let code = read16(block, offset), length = Int(read16(block, offset + 2))
            if code == 0 { break }
            if code == 9, length >= 1, offset + 4 < block.count {
                let value = block[offset + 4]
                let exponent = UInt64(value & 0x7F)
                return value & 0x80 != 0 ? (exponent < 64 ? 1 << exponent : 1_000_000) : power10(exponent)
            }
            offset += 4 + (length + 3) / 4 * 4
        }
        return 1_000_000
    }

    private func power10(_ exponent: UInt64) -> UInt64 {
        var result: UInt64 = 1
        for _ in 0..<min(exponent, 19) { result *= 10 }
        return result
    }

    private func read16(_ bytes: [UInt8], _ offset: Int) -> UInt16 {
        let a = UInt16(bytes[offset]), b = UInt16(bytes[offset + 1])
        return bigEndian ? a << 8 | b : b << 8 | a
    }

    private func read32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        let a = UInt32(read16(bytes, offset)), b = UInt32(read16(bytes, offset + 2))
        return bigEndian ? a << 16 | b : b << 16 | a
    }
}
