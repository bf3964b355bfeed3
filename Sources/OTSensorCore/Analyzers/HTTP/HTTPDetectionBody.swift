/// A message body as Suricata's detection gets it from libhtp: dechunked,
/// decoded through each gzip/deflate layer its Content-Encoding headers
/// declare (up to `response-body-decompress-layer-limit`, each as
/// `HTTPBodyDecoder`), and cut at the body limit. It is decoded apart from
/// Zeek's byte count, whose rules for Content-Encoding differ.
struct HTTPDetectionBody {
    /// Suricata's default `response-body-decompress-layer-limit`.
    static let layerLimit = 2

    private(set) var bytes: [UInt8] = []
    /// gzip/deflate encodings declared so far, in order.
    private var layers = 0
    private var decoders: [HTTPBodyDecoder] = []

    /// A Content-Encoding header: libhtp joins repeated ones, and each
    /// gzip, x-gzip, deflate or x-deflate token is a layer.
    mutating func contentEncoding(_ value: [UInt8]) {
        let separators: Set<UInt8> = [0x2C, 0x20, 0x09, 0x0D, 0x0A]
        for token in value.split(whereSeparator: separators.contains) {
            let word = String(decoding: token, as: UTF8.self).lowercased()
            if ["gzip", "x-gzip", "deflate", "x-deflate"].contains(word) { layers += 1 }
        }
    }

    mutating func append(_ data: UnsafeRawBufferPointer, trailingCRLF: Bool) {
        guard bytes.count < HTTPInspectionRecord.bodyLimit else { return }
        guard layers > 0 else {
            keep(data)
            if trailingCRLF && bytes.count + 2 <= HTTPInspectionRecord.bodyLimit { bytes += [0x0D, 0x0A] }
            return
        }
        if decoders.isEmpty { decoders = (0..<min(layers, Self.layerLimit)).map { _ in HTTPBodyDecoder() } }
        var stage: [UInt8] = []
        decoders[0].feed(data, into: &stage)
        for decoder in decoders.dropFirst() where !stage.isEmpty {
            var next: [UInt8] = []
            stage.withUnsafeBytes { decoder.feed($0, into: &next) }
            stage = next
        }
        stage.withUnsafeBytes { keep($0) }
    }

    private mutating func keep(_ data: UnsafeRawBufferPointer) {
        let room = HTTPInspectionRecord.bodyLimit - bytes.count
        guard room > 0 else { return }
        bytes.append(contentsOf: data.prefix(room))
    }
}
