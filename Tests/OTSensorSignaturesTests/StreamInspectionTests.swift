@testable import OTSensorSignatures
import XCTest

/// Raw stream inspection: when a TCP direction's chunk is due, what it
/// holds, and which rules read the chunk, the packet, or both (Suricata's
/// stream-tcp-reassemble.c and DetectEngineInspectRulePayloadMatches).
final class StreamInspectionTests: XCTestCase {
    private func append(_ stream: inout RawStream, _ text: String, at offset: UInt64) {
        Array(text.utf8).withUnsafeBytes { stream.append($0, at: offset) }
    }

    private func chunk(_ stream: inout RawStream, endOfFlow: Bool = false) -> [String] {
        stream.inspectChunk(endOfFlow: endOfFlow) { blocks in blocks.map { String(decoding: $0, as: UTF8.self) } }
    }

    func testAChunkIsTheAcknowledgedDataOnce2560BytesWait() {
        var stream = RawStream()
        let data = [UInt8](repeating: 0x61, count: 3000)
        data.withUnsafeBytes { stream.append($0, at: 0) }
        XCTAssertFalse(stream.isReady(closing: false), "nothing acknowledged")
        stream.acknowledge(upTo: 2559)
        XCTAssertFalse(stream.isReady(closing: false), "one byte short of the chunk size")
        stream.acknowledge(upTo: 2560)
        XCTAssertTrue(stream.isReady(closing: false))
        XCTAssertEqual(chunk(&stream).map(\.count), [2560])
        XCTAssertEqual(stream.progress, 2560)
        // 440 bytes left: only a closing session makes them due, and then
        // only once acknowledged.
        XCTAssertFalse(stream.isReady(closing: false))
        XCTAssertTrue(stream.isReady(closing: true))
        XCTAssertEqual(chunk(&stream), [], "nothing acknowledged past the last chunk")
        XCTAssertEqual(stream.progress, 2560)
        stream.acknowledge(upTo: 3000)
        XCTAssertEqual(chunk(&stream).map(\.count), [440])
        XCTAssertFalse(stream.hasUninspectedData)
    }

    func testAContentSplitOverTwoSegmentsIsOneChunk() {
        var stream = RawStream()
        append(&stream, "GET /ad", at: 0)
        append(&stream, "min HTTP/1.0\r\n\r\n", at: 7)
        stream.acknowledge(upTo: 23)
        stream.triggered = true
        XCTAssertTrue(stream.isReady(closing: false))
        XCTAssertEqual(chunk(&stream), ["GET /admin HTTP/1.0\r\n\r\n"])
        XCTAssertFalse(stream.triggered, "a chunk clears the trigger")
    }

    func testTheChunkStopsAtTheAcknowledgementAndTheRestFollows() {
        var stream = RawStream()
        append(&stream, "abcdef", at: 0)
        stream.acknowledge(upTo: 4)
        XCTAssertEqual(chunk(&stream, endOfFlow: false), ["abcd"])
        append(&stream, "gh", at: 6)
        XCTAssertEqual(chunk(&stream, endOfFlow: true), ["efgh"], "the flow's end takes what was not acknowledged")
    }

    func testAGapSplitsTheChunkIntoBlocks() {
        var stream = RawStream()
        append(&stream, "0123456789", at: 0)
        stream.gap(at: 10, length: 5)
        append(&stream, "fghij", at: 15)
        XCTAssertEqual(stream.end, 20)
        stream.acknowledge(upTo: 12)
        XCTAssertEqual(chunk(&stream), ["0123456789"], "acknowledged up into the gap")
        XCTAssertEqual(chunk(&stream, endOfFlow: true), ["fghij"])
    }

    func testNothingPastTheDepthIsKept() {
        var stream = RawStream(depth: 8)
        append(&stream, "12345", at: 0)
        XCTAssertFalse(stream.depthReached)
        append(&stream, "6789ab", at: 5)
        XCTAssertTrue(stream.depthReached)
        XCTAssertEqual(stream.end, 8)
        XCTAssertTrue(stream.isReady(closing: false), "the depth flushes at once")
        stream.acknowledge(upTo: 11)
        XCTAssertEqual(chunk(&stream), ["12345678"])
        append(&stream, "cd", at: 11)
        XCTAssertFalse(stream.hasUninspectedData)
    }

    func testSessionClosingAsSuricatasStates() {
        var clientFirst = StreamSession()
        clientFirst.observe(toServer: true, flags: 0x11)
        XCTAssertTrue(clientFirst.closing, "CLOSE_WAIT")
        XCTAssertFalse(clientFirst.closed)
        clientFirst.observe(toServer: false, flags: 0x11)
        XCTAssertFalse(clientFirst.closed, "LAST_ACK")
        clientFirst.observe(toServer: true, flags: 0x10)
        XCTAssertTrue(clientFirst.closed)

        var serverFirst = StreamSession()
        serverFirst.observe(toServer: false, flags: 0x11)
        XCTAssertFalse(serverFirst.closing, "FIN_WAIT1")
        serverFirst.observe(toServer: true, flags: 0x11)
        XCTAssertFalse(serverFirst.closing, "TIME_WAIT")
        serverFirst.observe(toServer: false, flags: 0x10)
        XCTAssertTrue(serverFirst.closing && serverFirst.closed)

        var reset = StreamSession()
        reset.observe(toServer: false, flags: 0x14)
        XCTAssertTrue(reset.closing && reset.closed)
    }

    func testFlowEndPseudoPackets() {
        var open = StreamSession()
        open.established = true
        XCTAssertTrue(open.flowEndDirections == (true, true), "an established session not closed: both ways")
        var closed = StreamSession()
        closed.established = true
        closed.observe(toServer: true, flags: 0x04)
        Array("x".utf8).withUnsafeBytes { closed.toClient.append($0, at: 0) }
        XCTAssertTrue(closed.flowEndDirections == (false, true), "closed: only where data waits")
    }

    // MARK: Which rules read the chunk

    func testAStreamRuleMatchesTheChunkNotThePacket() {
        var h = RuleHarness(rule(1, #"content:"admin";"#))
        XCTAssertEqual(h.sids(Array("GET /ad".utf8), streamAdded: true), [], "the segment alone")
        XCTAssertEqual(h.sids(Array("min".utf8), streamAdded: true), [])
        XCTAssertEqual(h.sids([], stream: [Array("GET /admin".utf8)]), [1], "the chunk joins them")
        XCTAssertEqual(h.sids(Array("admin".utf8), streamAdded: false), [1],
                       "a payload kept out of the stream (a reset's) is read as a packet")
    }

    func testPacketKeywordsKeepARuleOnPackets() {
        var h = RuleHarness([
            rule(1, #"content:"admin"; dsize:>3;"#),
            rule(2, #"content:"admin"; flags:PA;"#),
        ].joined(separator: "\n"))
        // The harness's packets have no TCP flags: sid 2 never matches.
        XCTAssertEqual(h.sids(Array("xadmin".utf8), streamAdded: true), [1], "read although it is in the stream")
        XCTAssertEqual(h.sids(Array("zz".utf8), stream: [Array("admin".utf8)], streamAdded: true), [],
                       "a packet rule never reads the chunk")
    }

    func testDepthOrOffsetReadsBothChunkAndPacket() {
        var h = RuleHarness([
            rule(1, #"content:"GET"; depth:3;"#),
            rule(2, #"content:"GET";"#),
            rule(3, #"content:"GET"; startswith;"#),
        ].joined(separator: "\n"))
        XCTAssertEqual(h.sids(Array("GET /".utf8), streamAdded: true), [1, 3],
                       "anchored contents fall back to the packet even when it is in the stream")
        XCTAssertEqual(h.sids([], stream: [Array("GET /".utf8)]), [1, 2, 3])
        XCTAssertEqual(h.sids(Array("xx".utf8), stream: [Array("a GET".utf8)], streamAdded: true), [2],
                       "depth counts from the chunk's start")
    }

    func testEveryBlockOfAChunkIsTried() {
        var h = RuleHarness(rule(1, #"content:"abc";"#) + "\n" + rule(2, #"content:"c|20|d";"#))
        XCTAssertEqual(h.sids([], stream: [Array("xxab".utf8), Array("abc d".utf8)]), [1, 2])
        XCTAssertEqual(h.sids([], stream: [Array("xxab".utf8), Array("c".utf8)]), [],
                       "a content does not span a gap")
    }

    func testFlowEndPacketsRunOnlyStreamRules() {
        var h = RuleHarness([
            rule(1, #"content:"tail";"#),
            rule(2, "flow:established;"),
            rule(3, #"content:"tail"; dsize:0;"#),
        ].joined(separator: "\n"))
        XCTAssertEqual(h.sids([], stream: [Array("the tail".utf8)], pseudo: true), [1])
        XCTAssertEqual(h.sids([], pseudo: true), [], "no chunk, nothing to read")
        XCTAssertEqual(h.sids([]), [2], "a real packet meets the packet rule")
    }

    func testUDPPayloadIsAlwaysAPacket() {
        var h = RuleHarness(rule(1, #"content:"q";"#, proto: "udp") + "\n" + rule(2, #"content:"q";"#, proto: "ip"))
        XCTAssertEqual(h.sids(Array("q".utf8), ipProtocol: 17), [1, 2])
    }

    func testRequirementsAsSuricataSetsThem() {
        func requirement(_ options: String, proto: String = "tcp") -> StreamRequirement {
            let set = RuleSet.parse(rule(1, options, proto: proto))
            return set.streamRequirements[0]
        }
        XCTAssertEqual(requirement(#"content:"a";"#), [.stream])
        XCTAssertEqual(requirement(#"content:"a"; offset:0;"#), [.stream, .packet])
        XCTAssertEqual(requirement(#"content:"a"; content:"b"; distance:0;"#), [.stream], "relative is not anchored")
        XCTAssertEqual(requirement(#"content:"a"; ttl:3;"#), [.packet])
        XCTAssertEqual(requirement(#"flow:only_stream; content:"a";"#), [.stream, .streamOnly])
        XCTAssertEqual(requirement(#"content:"a";"#, proto: "tcp-stream"), [.stream])
        XCTAssertEqual(requirement(#"content:"a";"#, proto: "tcp-pkt"), [.packet])
        XCTAssertEqual(requirement(#"content:"a";"#, proto: "udp"), [])
        XCTAssertEqual(requirement("flow:established;"), [], "no payload matchers")
        XCTAssertEqual(requirement(#"http.uri; content:"a";"#), [], "an application buffer is not the payload")
    }
}
