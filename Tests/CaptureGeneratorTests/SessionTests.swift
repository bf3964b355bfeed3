import CaptureGenerator
import XCTest

final class SessionTests: XCTestCase {
    /// TCP header of an Ethernet/IPv4 frame without options.
    private func tcp(_ packet: Packet) -> (seq: UInt32, ack: UInt32, flags: UInt8, window: UInt16, payload: Int) {
        let b = packet.bytes, t = 14 + 20
        return (b.be32(t + 4), b.be32(t + 8), b[t + 13], b.be16(t + 14), b.count - t - Int(b[t + 12] >> 4) * 4)
    }

    func testHandshakeDataAndCloseTrackSequenceNumbers() {
        var conversation = TCPConversation(client: "10.0.0.1", clientPort: 40_000, server: "10.0.0.2", serverPort: 80,
                                           clientISN: 100, serverISN: 900, clock: PacketClock(start: CaptureTime(seconds: 50), step: 250_000))
        let syn = tcp(conversation.syn(options: []))
        let synAck = tcp(conversation.synAck(options: []))
        let ack = tcp(conversation.ack(from: .client))
        let request = tcp(conversation.send(Array(repeating: 1, count: 10), from: .client))
        let response = tcp(conversation.send(Array(repeating: 2, count: 30), from: .server))
        let again = tcp(conversation.retransmit(from: .server))
        let full = tcp(conversation.zeroWindow(from: .client))
        let fin = tcp(conversation.fin(from: .client))
        let finAck = tcp(conversation.fin(from: .server))
        let last = tcp(conversation.ack(from: .client))

        XCTAssertEqual([syn.seq, syn.ack, UInt32(syn.flags)], [100, 0, 0x02])
        XCTAssertEqual([synAck.seq, synAck.ack, UInt32(synAck.flags)], [900, 101, 0x12])
        XCTAssertEqual([ack.seq, ack.ack, UInt32(ack.flags)], [101, 901, 0x10])
        XCTAssertEqual([request.seq, request.ack, UInt32(request.flags), UInt32(request.payload)], [101, 901, 0x18, 10])
        XCTAssertEqual([response.seq, response.ack, UInt32(response.payload)], [901, 111, 30])
        XCTAssertEqual([again.seq, UInt32(again.payload)], [901, 30])
        XCTAssertEqual([full.seq, full.ack, UInt32(full.window)], [111, 931, 0])
        XCTAssertEqual([fin.seq, UInt32(fin.flags)], [111, 0x11])
        XCTAssertEqual([finAck.seq, finAck.ack, UInt32(finAck.flags)], [931, 112, 0x11])
        XCTAssertEqual([last.seq, last.ack], [112, 932])

        XCTAssertEqual(conversation.packets.count, 10)
        XCTAssertEqual(conversation.packets.last?.time, CaptureTime(seconds: 50, nanoseconds: 9 * 250_000))
    }

    func testServerPacketsSwapAddressesAndMACs() {
        var conversation = TCPConversation(client: "10.0.0.1", clientPort: 1, server: "10.0.0.2", serverPort: 2,
                                           link: EthernetLink(source: 0xAA, destination: 0xBB))
        let fromClient = conversation.syn().bytes, fromServer = conversation.synAck().bytes
        XCTAssertEqual([fromClient[5], fromClient[11], fromServer[5], fromServer[11]], [0xBB, 0xAA, 0xAA, 0xBB])
        XCTAssertEqual(Array(fromClient[26..<30]), [10, 0, 0, 1])
        XCTAssertEqual(Array(fromServer[26..<30]), [10, 0, 0, 2])
        XCTAssertEqual([fromClient.be16(34), fromServer.be16(34)], [1, 2])
    }

    func testGapsAndWrapAroundNear2To32() {
        var conversation = TCPConversation(client: "10.0.0.1", clientPort: 1, server: "10.0.0.2", serverPort: 2,
                                           clientISN: 0xFFFF_FFF0)
        conversation.markEstablished()
        XCTAssertEqual(conversation.nextSequence(of: .client), 0xFFFF_FFF1)
        let before = tcp(conversation.send(Array(repeating: 0, count: 20), from: .client))
        XCTAssertEqual(before.seq, 0xFFFF_FFF1)
        XCTAssertEqual(before.flags & 0x10, 0x10, "established flows carry ACK")
        XCTAssertEqual(conversation.nextSequence(of: .client), 5)
        conversation.skip(1_000, from: .client)
        XCTAssertEqual(tcp(conversation.send([1], from: .client)).seq, 1_005)
        let arbitrary = tcp(conversation.packet(from: .server, flags: .rst, sequence: 7, acknowledgment: 8))
        XCTAssertEqual([arbitrary.seq, arbitrary.ack, UInt32(arbitrary.flags)], [7, 8, 0x04])
    }

    func testIPv6ConversationOnVLAN() {
        var conversation = TCPConversation(client: "fd00::1", clientPort: 1, server: "fd00::2", serverPort: 2,
                                           link: EthernetLink(vlanTags: [VLANTag(id: 100)]))
        let frame = conversation.syn(options: []).bytes
        XCTAssertEqual([frame.be16(12), frame.be16(14), frame.be16(16)], [0x8100, 100, 0x86DD])
        XCTAssertEqual(frame[18 + 6], 6)
        XCTAssertEqual(frame.count, 18 + 40 + 20)
    }

    func testEchoRepliesMatchTheirRequests() {
        var echo = ICMPEcho(client: "fd00::1", server: "fd00::2", identifier: 77)
        let request1 = echo.request().bytes, reply1 = echo.reply().bytes, request2 = echo.request().bytes
        XCTAssertEqual([request1[54], reply1[54], request2[54]], [128, 129, 128])
        XCTAssertEqual([request1.be16(58), reply1.be16(58), request2.be16(58)], [77, 77, 77])
        XCTAssertEqual([request1.be16(60), reply1.be16(60), request2.be16(60)], [1, 1, 2])
    }

    func testUDPExchangeDirections() {
        var udp = UDPExchange(client: "10.0.0.1", clientPort: 5_000, server: "10.0.0.2", serverPort: 53)
        let query = udp.send([1, 2], from: .client).bytes, answer = udp.send([3], from: .server).bytes
        XCTAssertEqual([query.be16(34), query.be16(36), answer.be16(34), answer.be16(36)], [5_000, 53, 53, 5_000])
        XCTAssertEqual([query.be16(38), answer.be16(38)], [10, 9])
    }

    func testTimeOrderedMergeIsStable() {
        let t = CaptureTime(seconds: 5)
        let capture = Capture([Packet(time: t.advanced(byNanoseconds: 1), bytes: [1]), Packet(time: t, bytes: [2]),
                               Packet(time: t, bytes: [3])]).timeOrdered()
        XCTAssertEqual(capture.packets.map(\.bytes), [[2], [3], [1]])
    }
}
