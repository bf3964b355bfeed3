import OTSensorSignatures

/// Writes eve.json once the slice is analysed: the shards' matches in capture
/// order (time, then shard and packet order, which do not depend on the thread
/// count), through threshold/detection_filter, at most 15 per packet.
enum EveLogWriter {
    /// Without settings (no `--rules`) the file is written empty.
    static func write(_ settings: SignatureSettings?, matches shards: [[SignatureMatch]], to path: String) throws
        -> Manifest.OutputFile {
        var output = try HashingFileOutput(path: path)
        var records = 0
        if let settings { records = try write(settings, shards, into: &output) }
        let (bytes, sha256) = try output.finish()
        return Manifest.OutputFile(file: "eve.json", bytes: bytes, records: records, sha256: sha256)
    }

    private static func write(_ settings: SignatureSettings, _ shards: [[SignatureMatch]],
                              into output: inout HashingFileOutput) throws -> Int {
        let ordered = shards.joined().sorted {
            ($0.alert.timeNanoseconds, $0.shard, $0.packet, $0.rank) < ($1.alert.timeNanoseconds, $1.shard, $1.packet, $1.rank)
        }
        var throttle = AlertThrottle()
        var records = 0
        var packet: (Int, UInt64)? = nil
        var onPacket = 0
        let rules = settings.rules
        for match in ordered {
            let signature = rules.signatures[match.alert.signature]
            guard throttle.admits(signature, index: match.alert.signature, alert: match.alert) else { continue }
            if packet.map({ $0 == (match.shard, match.packet) }) != true {
                packet = (match.shard, match.packet)
                onPacket = 0
            }
            onPacket += 1
            guard onPacket <= SignatureEngine.maximumAlertsPerPacket else { continue }
            var line = Array(settings.writer.line(match.alert, rules: rules).utf8)
            line.append(0x0A)
            try line.withUnsafeBytes { try output.append($0) }
            records += 1
        }
        return records
    }
}
