import OTSensorSignatures

/// Passes a TCP connection's reassembled payload to the signature shard's raw
/// streams (stream inspection), and on to the analyzers' sink: the one
/// reassembly feeds both.
struct SignatureStreamSink<Inner: StreamSink>: StreamSink {
    static var wantsPayload: Bool { true }
    var inner: Inner
    unowned(unsafe) let shard: SignatureShard
    let serial: UInt64

    mutating func deliver(_ bytes: UnsafeRawBufferPointer, sequence: UInt64, isOrig: Bool) {
        shard.streamData(bytes, sequence: sequence, isOrig: isOrig, serial: serial)
        if Inner.wantsPayload { inner.deliver(bytes, sequence: sequence, isOrig: isOrig) }
    }

    mutating func gap(sequence: UInt64, length: UInt64, isOrig: Bool) {
        shard.streamGap(sequence: sequence, length: length, isOrig: isOrig, serial: serial)
        inner.gap(sequence: sequence, length: length, isOrig: isOrig)
    }
}
