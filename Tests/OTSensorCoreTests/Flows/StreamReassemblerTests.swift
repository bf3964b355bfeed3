import CaptureGenerator
import Foundation
import OTSensorCore
import XCTest

// Unit tests of `StreamReassembler`, the TCP reassembly interface application
// analyzers plug into through `StreamSink`, and a check of the same interface
// through the flow engine (`ConnectionTable.process(_:bytes:sink:)`).
//
// Expected values come from the documented semantics (StreamReassembler.swift):
// relative sequence space where the first payload byte is 1; payload delivered
// in order; data beyond a hole held (bounded by `capacity`); data below the
// acknowledgement or the trim point forgotten; an acknowledgement above data
// never seen reported as a gap; a partial connection's ack ≤ 2 is not a gap.
// Each expectation below says how it was worked out by counting bytes.

/// What a sink was told, in order.
private enum StreamEvent: Equatable, CustomStringConvertible {
    case data(sequence: UInt64, bytes: [UInt8], isOrig: Bool)
    case gap(sequence: UInt64, length: UInt64, isOrig: Bool)

    var description: String {
        switch self {
        case let .data(sequence, bytes, isOrig):
            return "data(\(isOrig ? "orig" : "resp") @\(sequence) \"\(String(decoding: bytes, as: UTF8.self))\")"
        case let .gap(sequence, length, isOrig):
            return "gap(\(isOrig ? "orig" : "resp") @\(sequence) +\(length))"
        }
    }
}

/// Records every delivery and gap, copying the bytes (the buffer is only valid during the call).
private struct RecordingSink: StreamSink {
    var events: [StreamEvent] = []

    mutating func deliver(_ bytes: UnsafeRawBufferPointer, sequence: UInt64, isOrig: Bool) {
        events.append(.data(sequence: sequence, bytes: [UInt8](bytes), isOrig: isOrig))
    }

    mutating func gap(sequence: UInt64, length: UInt64, isOrig: Bool) {
        events.append(.gap(sequence: sequence, length: length, isOrig: isOrig))
    }

    /// Deliveries of one direction as (sequence, bytes).
    func deliveries(isOrig: Bool) -> [(sequence: UInt64, bytes: [UInt8])] {
        events.compactMap {
            if case let .data(sequence, bytes, orig) = $0, orig == isOrig { return (sequence, bytes) }
            return nil
        }
    }

    /// Gaps of one direction as (sequence, length).
    func gaps(isOrig: Bool) -> [(sequence: UInt64, length: UInt64)] {
        events.compactMap {
            if case let .gap(sequence, length, orig) = $0, orig == isOrig { return (sequence, length) }
            return nil
        }
    }
}

private func text(_ string: String) -> [UInt8] { Array(string.utf8) }

private func data(_ sequence: UInt64, _ string: String, isOrig: Bool = true) -> StreamEvent {
    .data(sequence: sequence, bytes: text(string), isOrig: isOrig)
}

private func gap(_ sequence: UInt64, _ length: UInt64, isOrig: Bool = true) -> StreamEvent {
    .gap(sequence: sequence, length: length, isOrig: isOrig)
}

private extension StreamReassembler {
    /// `dataSent` with a string payload; `acknowledged` 1 (nothing acknowledged yet) unless given.
    mutating func send(_ string: String, at sequence: UInt64, acknowledged: UInt64 = 1, isOrig: Bool = true,
                       to sink: inout RecordingSink) {
        let bytes = text(string)
        bytes.withUnsafeBytes { raw in
            dataSent(sequence: sequence, payload: raw, acknowledged: acknowledged, isOrig: isOrig, sink: &sink)
        }
    }
}

final class StreamReassemblerTests: XCTestCase {
    // MARK: In order

    func testInOrderSegmentsAreDeliveredImmediately() {
        var stream = StreamReassembler(keepsData: true)
        var sink = RecordingSink()
        // "abc" occupies 1...3, so the next in-order byte is 4; "defg" then 4...7 → next 8.
        stream.send("abc", at: 1, to: &sink)
        XCTAssertEqual(sink.events, [data(1, "abc")])
        XCTAssertEqual(stream.nextSequence, 4)
        stream.send("defg", at: 4, to: &sink)
        XCTAssertEqual(sink.events, [data(1, "abc"), data(4, "defg")])
        XCTAssertEqual(stream.nextSequence, 8)
        XCTAssertFalse(stream.hasPendingData)
        XCTAssertEqual(stream.bufferedBytes, 0, "in-order data is never buffered")
    }

    func testDirectionIsPassedThrough() {
        var stream = StreamReassembler(keepsData: true)
        var sink = RecordingSink()
        stream.send("xy", at: 1, isOrig: false, to: &sink)
        XCTAssertEqual(sink.events, [data(1, "xy", isOrig: false)])
    }

    // MARK: Out of order

    func testOutOfOrderSegmentWaitsForTheHole() {
        var stream = StreamReassembler(keepsData: true)
        var sink = RecordingSink()
        // "defg" at 4 is beyond the hole 1...3: held, 4 bytes buffered.
        stream.send("defg", at: 4, to: &sink)
        XCTAssertEqual(sink.events, [])
        XCTAssertTrue(stream.hasPendingData)
        XCTAssertEqual(stream.bufferedBytes, 4)
        XCTAssertEqual(stream.nextSequence, 1)
        // Filling the hole delivers it, then the held segment right after (4 = 1 + 3).
        stream.send("abc", at: 1, to: &sink)
        XCTAssertEqual(sink.events, [data(1, "abc"), data(4, "defg")])
        XCTAssertEqual(stream.nextSequence, 8)
        XCTAssertFalse(stream.hasPendingData)
        XCTAssertEqual(stream.bufferedBytes, 0)
    }

    func testSegmentsInReverseOrderAreDeliveredInOrder() {
        var stream = StreamReassembler(keepsData: true)
        var sink = RecordingSink()
        // "abc" 1...3, "defg" 4...7, "hi" 8...9, sent last to first.
        stream.send("hi", at: 8, to: &sink)
        stream.send("defg", at: 4, to: &sink)
        XCTAssertEqual(sink.events, [])
        XCTAssertEqual(stream.bufferedBytes, 6)   // 2 + 4
        stream.send("abc", at: 1, to: &sink)
        XCTAssertEqual(sink.events, [data(1, "abc"), data(4, "defg"), data(8, "hi")])
        let content = sink.deliveries(isOrig: true).flatMap(\.bytes)
        XCTAssertEqual(String(decoding: content, as: UTF8.self), "abcdefghi")
        XCTAssertEqual(stream.nextSequence, 10)
        XCTAssertEqual(stream.bufferedBytes, 0)
    }

    // MARK: Retransmissions and overlaps

    func testRetransmissionIsDeliveredOnce() {
        var stream = StreamReassembler(keepsData: true)
        var sink = RecordingSink()
        stream.send("abcdef", at: 1, to: &sink)    // 1...6
        stream.send("abcdef", at: 1, to: &sink)    // exact retransmission: nothing new
        stream.send("abc", at: 1, to: &sink)       // a prefix of old data: nothing new
        XCTAssertEqual(sink.events, [data(1, "abcdef")])
        // "defghi" at 4 covers 4...9; 4...6 were delivered, so only "ghi" at 7 is new.
        stream.send("defghi", at: 4, to: &sink)
        XCTAssertEqual(sink.events, [data(1, "abcdef"), data(7, "ghi")])
        let content = sink.deliveries(isOrig: true).flatMap(\.bytes)
        XCTAssertEqual(String(decoding: content, as: UTF8.self), "abcdefghi", "no byte delivered twice")
        XCTAssertEqual(stream.nextSequence, 10)
    }

    func testOverlappingHeldSegmentsAreDeliveredWithoutDuplicates() {
        var stream = StreamReassembler(keepsData: true)
        var sink = RecordingSink()
        // Held: "efgh" 5...8 and "ghij" 7...10 (overlapping on 7...8).
        stream.send("ghij", at: 7, to: &sink)
        stream.send("efgh", at: 5, to: &sink)
        XCTAssertEqual(sink.events, [])
        // "abcd" 1...4 fills the hole: then "efgh" from 5, then only 9...10 ("ij") of "ghij".
        stream.send("abcd", at: 1, to: &sink)
        XCTAssertEqual(sink.events, [data(1, "abcd"), data(5, "efgh"), data(9, "ij")])
        XCTAssertEqual(stream.nextSequence, 11)
        XCTAssertFalse(stream.hasPendingData)
        XCTAssertEqual(stream.bufferedBytes, 0)
    }

    func testSegmentStartingBeforeNextSequenceDeliversOnlyTheNewPart() {
        var stream = StreamReassembler(keepsData: true)
        var sink = RecordingSink()
        stream.send("abc", at: 1, to: &sink)       // next 4
        stream.send("hi", at: 8, to: &sink)        // held
        // "cdefg" at 3 covers 3...7: "c" is old, "defg" at 4 is new and reaches the held "hi" at 8.
        stream.send("cdefg", at: 3, to: &sink)
        XCTAssertEqual(sink.events, [data(1, "abc"), data(4, "defg"), data(8, "hi")])
        XCTAssertEqual(stream.nextSequence, 10)
    }

    // MARK: Acknowledged data

    func testDataBelowAcknowledgedIsDropped() {
        var stream = StreamReassembler(keepsData: true)
        var sink = RecordingSink()
        // Everything in 1...6 is below the acknowledgement 7: old, dropped.
        stream.send("abcdef", at: 1, acknowledged: 7, to: &sink)
        XCTAssertEqual(sink.events, [])
        XCTAssertEqual(stream.nextSequence, 1)
        XCTAssertFalse(stream.hasPendingData)
    }

    func testDataBelowTrimPointIsDroppedAndTheRestDelivered() {
        var stream = StreamReassembler(keepsData: true)
        var sink = RecordingSink()
        stream.send("abc", at: 1, to: &sink)                           // 1...3, next 4
        stream.acknowledged(upTo: 4, isPartial: false, isOrig: true, sink: &sink)
        XCTAssertEqual(stream.trimSequence, 4)
        XCTAssertEqual(sink.events, [data(1, "abc")], "acknowledging delivered data is no gap")
        stream.send("abc", at: 1, acknowledged: 4, to: &sink)         // all below 4: dropped
        XCTAssertEqual(sink.events, [data(1, "abc")])
        // 1...6 with 1...3 acknowledged: only "def" at 4 remains, and it is in order.
        stream.send("abcdef", at: 1, acknowledged: 4, to: &sink)
        XCTAssertEqual(sink.events, [data(1, "abc"), data(4, "def")])
        XCTAssertEqual(stream.nextSequence, 7)
    }

    func testAcknowledgementAboveUnseenDataReportsGapThenDeliversHeldData() {
        var stream = StreamReassembler(keepsData: true)
        var sink = RecordingSink()
        stream.send("abc", at: 1, isOrig: false, to: &sink)           // 1...3, next 4
        stream.send("hij", at: 8, isOrig: false, to: &sink)           // 8...10, held (hole 4...7)
        XCTAssertEqual(sink.events, [data(1, "abc", isOrig: false)])
        // Ack of 11: the hole 4...7 (4 bytes) was never seen → gap(4, 4); then "hij" at 8.
        stream.acknowledged(upTo: 11, isPartial: false, isOrig: false, sink: &sink)
        XCTAssertEqual(sink.events, [data(1, "abc", isOrig: false), gap(4, 4, isOrig: false),
                                     data(8, "hij", isOrig: false)])
        XCTAssertEqual(stream.nextSequence, 11)
        XCTAssertEqual(stream.trimSequence, 11)
        XCTAssertFalse(stream.hasPendingData)
        XCTAssertEqual(stream.bufferedBytes, 0)
        // Delivery continues in order after the gap.
        stream.send("kl", at: 11, acknowledged: 11, isOrig: false, to: &sink)
        XCTAssertEqual(sink.events.last, data(11, "kl", isOrig: false))
    }

    func testAcknowledgementBeyondHeldDataReportsBothHoles() {
        var stream = StreamReassembler(keepsData: true)
        var sink = RecordingSink()
        stream.send("abc", at: 1, to: &sink)                           // next 4
        stream.send("hij", at: 8, to: &sink)                           // held 8...10
        // Ack of 14: hole 4...7 (4 bytes), "hij", then hole 11...13 (14 − 11 = 3 bytes).
        stream.acknowledged(upTo: 14, isPartial: false, isOrig: true, sink: &sink)
        XCTAssertEqual(sink.events, [data(1, "abc"), gap(4, 4), data(8, "hij"), gap(11, 3)])
        XCTAssertEqual(stream.nextSequence, 14)
    }

    func testAcknowledgementOfNothingSeenIsOneGap() {
        var stream = StreamReassembler(keepsData: true)
        var sink = RecordingSink()
        // No data at all, ack 101: bytes 1...100 missed → gap(1, 100).
        stream.acknowledged(upTo: 101, isPartial: false, isOrig: true, sink: &sink)
        XCTAssertEqual(sink.events, [gap(1, 100)])
        // An older or equal acknowledgement changes nothing.
        stream.acknowledged(upTo: 50, isPartial: false, isOrig: true, sink: &sink)
        stream.acknowledged(upTo: 101, isPartial: false, isOrig: true, sink: &sink)
        XCTAssertEqual(sink.events, [gap(1, 100)])
    }

    // MARK: Partial connections

    func testPartialConnectionFirstAcknowledgementIsNoGap() {
        // Partial, ack 2: names bytes before the capture started → no gap (upTo ≤ 2).
        var partial = StreamReassembler(keepsData: true)
        var sink = RecordingSink()
        partial.acknowledged(upTo: 2, isPartial: true, isOrig: true, sink: &sink)
        XCTAssertEqual(sink.events, [])
        XCTAssertEqual(partial.trimSequence, 2)

        // The same acknowledgement on a connection that is not partial: byte 1 missed.
        var complete = StreamReassembler(keepsData: true)
        var completeSink = RecordingSink()
        complete.acknowledged(upTo: 2, isPartial: false, isOrig: true, sink: &completeSink)
        XCTAssertEqual(completeSink.events, [gap(1, 1)])

        // Partial but ack 3 (> 2): the rule does not apply, 1...2 missed.
        var beyond = StreamReassembler(keepsData: true)
        var beyondSink = RecordingSink()
        beyond.acknowledged(upTo: 3, isPartial: true, isOrig: true, sink: &beyondSink)
        XCTAssertEqual(beyondSink.events, [gap(1, 2)])
    }

    // MARK: Capacity

    func testHeldDataBeyondCapacityIsDroppedAndLaterReportedAsGap() {
        var stream = StreamReassembler(keepsData: true, capacity: 8)
        var sink = RecordingSink()
        stream.send("ab", at: 1, to: &sink)                            // next 3
        stream.send("efg", at: 5, to: &sink)                           // held, 3 bytes
        stream.send("ijk", at: 9, to: &sink)                           // held, 6 bytes
        XCTAssertEqual(stream.bufferedBytes, 6)
        // 6 + 4 > 8: the held data is dropped, "mnop" (13...16) is kept alone.
        stream.send("mnop", at: 13, to: &sink)
        XCTAssertLessThanOrEqual(stream.bufferedBytes, 8)
        XCTAssertEqual(stream.bufferedBytes, 4)
        XCTAssertEqual(sink.events, [data(1, "ab")])
        // Filling the first hole no longer reaches anything: "cd" 3...4, next 5.
        stream.send("cd", at: 3, to: &sink)
        XCTAssertEqual(sink.events, [data(1, "ab"), data(3, "cd")])
        // Ack 17: the dropped 5...12 (8 bytes) is a gap, then "mnop" at 13.
        stream.acknowledged(upTo: 17, isPartial: false, isOrig: true, sink: &sink)
        XCTAssertEqual(sink.events, [data(1, "ab"), data(3, "cd"), gap(5, 8), data(13, "mnop")])
        XCTAssertEqual(stream.bufferedBytes, 0)
        XCTAssertEqual(stream.nextSequence, 17)
    }

    func testBufferNeverGrowsBeyondCapacity() {
        let capacity = 64
        var stream = StreamReassembler(keepsData: true, capacity: capacity)
        var sink = RecordingSink()
        // Byte 1 is never sent; 1,000 three-byte segments at 10, 20, 30, ... are all held.
        for i in 1...1_000 {
            stream.send("xyz", at: UInt64(i * 10), to: &sink)
            XCTAssertLessThanOrEqual(stream.bufferedBytes, capacity, "after segment \(i)")
        }
        XCTAssertEqual(sink.events, [])
        // Ack beyond everything: every byte is either a gap or delivered exactly once,
        // contiguously from 1 to 10,003 (the last segment is 10,000...10,002).
        stream.acknowledged(upTo: 10_003, isPartial: false, isOrig: true, sink: &sink)
        var next: UInt64 = 1
        for event in sink.events {
            switch event {
            case let .data(sequence, bytes, _):
                XCTAssertEqual(sequence, next)
                next += UInt64(bytes.count)
            case let .gap(sequence, length, _):
                XCTAssertEqual(sequence, next)
                next += length
            }
        }
        XCTAssertEqual(next, 10_003)
        XCTAssertEqual(stream.bufferedBytes, 0)
        XCTAssertFalse(stream.hasPendingData)
    }

    /// One-byte segments sent in descending order (an attacker's way to make every
    /// insertion scan a long list) never pile up beyond `maximumSegments`; when
    /// the bound is hit the held bytes are dropped and surface as a gap.
    func testHeldSegmentsAreBoundedInNumber() {
        var stream = StreamReassembler(keepsData: true)
        var sink = RecordingSink()
        let count = StreamReassembler.maximumSegments + 10
        for i in stride(from: count, through: 1, by: -1) {
            stream.send("x", at: UInt64(2 * i + 1), to: &sink)          // 2n+1: every other byte, highest first
            XCTAssertLessThanOrEqual(stream.bufferedBytes, StreamReassembler.maximumSegments)
        }
        // The first segment past the bound dropped the 1,024 held; 10 were held after it.
        XCTAssertEqual(stream.bufferedBytes, 10)
        stream.acknowledged(upTo: UInt64(2 * count + 2), isPartial: false, isOrig: true, sink: &sink)
        let delivered = sink.deliveries(isOrig: true).reduce(0) { $0 + $1.bytes.count }
        let gaps = sink.gaps(isOrig: true).reduce(UInt64(0)) { $0 + $1.length }
        XCTAssertEqual(delivered, 10)
        XCTAssertEqual(UInt64(delivered) + gaps, UInt64(2 * count + 1), "every byte from 1 is delivered or a gap")
    }

    // MARK: Ranges only

    func testWithoutKeepingDataOnlyRangesAreTrackedAndGapsStillReported() {
        var stream = StreamReassembler(keepsData: false)
        var sink = RecordingSink()
        stream.send("abc", at: 1, to: &sink)                           // in order, next 4; no sink call
        XCTAssertEqual(stream.nextSequence, 4)
        stream.send("hij", at: 8, to: &sink)                           // held as a range of 3
        XCTAssertTrue(stream.hasPendingData)
        XCTAssertEqual(stream.bufferedBytes, 3, "ranges count against the capacity")
        // Ack 14: gap 4...7 (4), the held range 8...10 skipped silently, gap 11...13 (3).
        stream.acknowledged(upTo: 14, isPartial: false, isOrig: true, sink: &sink)
        XCTAssertEqual(sink.events, [gap(4, 4), gap(11, 3)], "a sink that reads no payload gets gaps only")
        XCTAssertEqual(stream.nextSequence, 14)
        XCTAssertEqual(stream.bufferedBytes, 0)
        XCTAssertFalse(stream.hasPendingData)
    }

    func testWithoutKeepingDataHeldRangesAreBoundedByCapacity() {
        var stream = StreamReassembler(keepsData: false, capacity: 4)
        var sink = RecordingSink()
        stream.send("efgh", at: 5, to: &sink)       // 5...8 held: 4 of 4
        XCTAssertEqual(stream.bufferedBytes, 4)
        stream.send("ijklmnop", at: 9, to: &sink)   // 8 > capacity: not held at all
        XCTAssertEqual(stream.bufferedBytes, 4)
        stream.send("abcd", at: 1, to: &sink)       // fills 1...4, then the held 5...8 follows: next 9
        XCTAssertEqual(stream.nextSequence, 9)
        XCTAssertEqual(stream.bufferedBytes, 0)
        // The segment that was not held surfaces as a gap once acknowledged.
        stream.acknowledged(upTo: 17, isPartial: false, isOrig: true, sink: &sink)
        XCTAssertEqual(sink.events, [gap(9, 8)])
    }
}

// MARK: - Through the flow engine

/// Feeds CaptureGenerator packets (Ethernet) one by one through the decoder and a
/// connection table with a recording sink, as the pipeline does per shard.
private func runEngine(_ packets: [Packet]) -> RecordingSink {
    var table = ConnectionTable(shard: 0, configuration: FlowConfiguration())
    var sink = RecordingSink()
    let decoder = PacketDecoder()
    for packet in packets {
        var info = PacketInfo()
        info.timestamp = Timestamp(seconds: packet.time.seconds, nanoseconds: packet.time.nanoseconds)
        info.wireLength = packet.originalLength
        packet.bytes.withUnsafeBytes { raw in
            let outcome = decoder.decode(raw, linkType: Int32(PcapLinkType.ethernet), into: &info)
            XCTAssertEqual(outcome, .ip)
            table.process(info, bytes: raw, sink: &sink)
        }
    }
    return sink
}

/// Swaps two packets of a capture, keeping the timestamps in place so the capture stays time-ordered.
private func swapped(_ packets: [Packet], _ i: Int, _ j: Int) -> [Packet] {
    var result = packets
    let (ti, tj) = (packets[i].time, packets[j].time)
    result.swapAt(i, j)
    result[i].time = ti
    result[j].time = tj
    return result
}

private func conversation() -> TCPConversation {
    TCPConversation(client: "192.168.1.10", clientPort: 49_152, server: "192.168.1.20", serverPort: 80)
}

final class StreamReassemblerEngineTests: XCTestCase {
    func testEngineDeliversEachDirectionInOrder() {
        var tcp = conversation()
        tcp.syn(); tcp.synAck(); tcp.ack(from: .client)
        tcp.send(text("GET / HTTP/1.0\r\n"), from: .client)          // 16 bytes: 1...16
        tcp.send(text("HTTP/1.0 200 OK\r\n\r\n"), from: .server)     // 19 bytes: 1...19
        tcp.send(text("more"), from: .client)                        // 17...20
        tcp.send(text("body"), from: .server)                        // 20...23
        tcp.ack(from: .client)
        tcp.fin(from: .client); tcp.fin(from: .server); tcp.ack(from: .client)
        let sink = runEngine(tcp.packets)
        XCTAssertEqual(sink.gaps(isOrig: true).count + sink.gaps(isOrig: false).count, 0, "\(sink.events)")
        let orig = sink.deliveries(isOrig: true)
        XCTAssertEqual(orig.map(\.sequence), [1, 17])
        XCTAssertEqual(orig.flatMap(\.bytes), text("GET / HTTP/1.0\r\nmore"))
        let resp = sink.deliveries(isOrig: false)
        XCTAssertEqual(resp.map(\.sequence), [1, 20])
        XCTAssertEqual(resp.flatMap(\.bytes), text("HTTP/1.0 200 OK\r\n\r\nbody"))
    }

    /// The second client segment is captured before the first. The engine's
    /// endpoints keep ranges only (TCPEndpoint: `stream = StreamReassembler()`,
    /// keepsData false), so the held segment is delivered in its place in the
    /// sequence, after the first, exactly once and with no gap.
    func testEngineDeliversOutOfOrderSegmentInSequenceOrder() {
        var tcp = conversation()
        tcp.syn(); tcp.synAck(); tcp.ack(from: .client)
        tcp.send(text("0123456789"), from: .client)                  // packet 3: 1...10
        tcp.send(text("ABCDEFGHIJ"), from: .client)                  // packet 4: 11...20
        tcp.ack(from: .server)                                       // acks 21
        tcp.fin(from: .client); tcp.fin(from: .server); tcp.ack(from: .client)
        let sink = runEngine(swapped(tcp.packets, 3, 4))
        XCTAssertEqual(sink.gaps(isOrig: true).count, 0, "\(sink.events)")
        let orig = sink.deliveries(isOrig: true)
        XCTAssertEqual(orig.map(\.sequence), [1, 11], "\(sink.events)")
        XCTAssertEqual(orig.first?.bytes, text("0123456789"))
        XCTAssertEqual(sink.deliveries(isOrig: false).count, 0)
    }

    /// Packets dropped by the capture (50 bytes skipped after the first 10):
    /// the server's acknowledgement of everything reports gap(11, 50) on the
    /// originator's stream, then the held segment at 61 = 11 + 50.
    func testEngineReportsGapForAcknowledgedUnseenData() {
        var tcp = conversation()
        tcp.syn(); tcp.synAck(); tcp.ack(from: .client)
        tcp.send(text("0123456789"), from: .client)                  // 1...10
        tcp.skip(50, from: .client)                                  // 11...60 never captured
        tcp.send(text("ABCDEFGHIJ"), from: .client)                  // 61...70, held
        tcp.ack(from: .server)                                       // acks 71
        let sink = runEngine(tcp.packets)
        let events = sink.events.filter {
            if case let .data(_, _, isOrig) = $0 { return isOrig }
            if case let .gap(_, _, isOrig) = $0 { return isOrig }
            return false
        }
        XCTAssertEqual(events.count, 3, "\(sink.events)")
        guard events.count == 3 else { return }
        XCTAssertEqual(events[0], data(1, "0123456789"))
        XCTAssertEqual(events[1], gap(11, 50))
        if case let .data(sequence, _, _) = events[2] {
            XCTAssertEqual(sequence, 61)
        } else {
            XCTFail("expected the held segment after the gap, got \(events[2])")
        }
    }
}
final class StreamReassemblerEngineContentTests: XCTestCase {
    func testEngineDeliversOutOfOrderSegmentContent() {
        var tcp = conversation()
        tcp.syn(); tcp.synAck(); tcp.ack(from: .client)
        tcp.send(text("0123456789"), from: .client)
        tcp.send(text("ABCDEFGHIJ"), from: .client)
        tcp.ack(from: .server)
        let sink = runEngine(swapped(tcp.packets, 3, 4))
        XCTAssertEqual(sink.deliveries(isOrig: true).flatMap(\.bytes), text("0123456789ABCDEFGHIJ"), "\(sink.events)")
    }
}

// A single out-of-order segment larger than the capacity is not held.
final class StreamReassemblerCapacityBugTests: XCTestCase {
    func testSingleSegmentLargerThanCapacityIsNotHeld() {
        var stream = StreamReassembler(keepsData: true, capacity: 4)
        var sink = RecordingSink()
        // 10 held bytes with capacity 4: at most 4 may be held.
        stream.send("0123456789", at: 5, to: &sink)
        XCTAssertLessThanOrEqual(stream.bufferedBytes, 4)
    }
}
