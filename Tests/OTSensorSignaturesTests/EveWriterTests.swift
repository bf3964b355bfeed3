@testable import OTSensorSignatures
import XCTest

final class EveWriterTests: XCTestCase {
    let rules = RuleSet.parse(#"alert tcp any any -> any any (msg:"ET TEST \"x\"\\y"; content:"a"; classtype:trojan-activity; metadata:former_category MALWARE, signature_severity Major; sid:2001999; rev:9;)"#)

    func alert() -> EveAlert {
        let client = RuleIP(v4: 0xAC12_0003), server = RuleIP(v4: 0xAC12_0002)
        // 2024-03-21T01:10:25.012059Z
        let t: Int64 = 1_710_983_425_012_059_000
        let flow = EveFlow(packetsToServer: 3, packetsToClient: 2, bytesToServer: 398, bytesToClient: 254,
                           startNanoseconds: t - 77_000, client: client, clientPort: 52383, server: server,
                           serverPort: 80)
        return EveAlert(timeNanoseconds: t, flowID: 1_234_567_890_123_456, source: client, sourcePort: 52383,
                        destination: server, destinationPort: 80, ipProtocol: 6, signature: 0, toServer: true,
                        flow: flow)
    }

    func testSuricataLayoutFieldOrder() {
        let line = EveWriter().line(alert(), rules: rules)
        XCTAssertEqual(line, #"{"timestamp":"2024-03-21T01:10:25.012059+0000","flow_id":1234567890123456,"event_type":"alert","src_ip":"172.18.0.3","src_port":52383,"dest_ip":"172.18.0.2","dest_port":80,"proto":"TCP","pkt_src":"wire/pcap","alert":{"action":"allowed","gid":1,"signature_id":2001999,"rev":9,"signature":"ET TEST \"x\"\\y","category":"A Network Trojan was detected","severity":1,"metadata":{"former_category":["MALWARE"],"signature_severity":["Major"]}},"direction":"to_server","flow":{"pkts_toserver":3,"pkts_toclient":2,"bytes_toserver":398,"bytes_toclient":254,"start":"2024-03-21T01:10:25.011982+0000","src_ip":"172.18.0.3","dest_ip":"172.18.0.2","src_port":52383,"dest_port":80}}"#)
    }

    func testOsectLayoutMatchesLOGSExampleShape() {
        // LOGS.md §6.17's example: +0900, in_iface, app_proto, host last.
        var a = alert()
        a.interface = "enp1s0"
        a.appProto = "http"
        let writer = EveWriter(layout: .osect, host: "akb-ob-suricata-vm01", utcOffset: { _ in 9 * 3600 })
        XCTAssertEqual(writer.line(a, rules: rules), #"{"timestamp":"2024-03-21T10:10:25.012059+0900","flow_id":1234567890123456,"in_iface":"enp1s0","event_type":"alert","src_ip":"172.18.0.3","src_port":52383,"dest_ip":"172.18.0.2","dest_port":80,"proto":"TCP","alert":{"action":"allowed","gid":1,"signature_id":2001999,"rev":9,"signature":"ET TEST \"x\"\\y","category":"A Network Trojan was detected","severity":1,"metadata":{"former_category":["MALWARE"],"signature_severity":["Major"]}},"app_proto":"http","flow":{"pkts_toserver":3,"pkts_toclient":2,"bytes_toserver":398,"bytes_toclient":254,"start":"2024-03-21T10:10:25.011982+0900"},"host":"akb-ob-suricata-vm01"}"#)
    }

    func testIPv6TextAndNegativeOffset() {
        XCTAssertEqual(IPText.format(RuleIP(v6: UInt128(0x2001_0db8) << 96 | 1)), "2001:db8::1")
        XCTAssertEqual(IPText.format(RuleIP(v6: 1)), "::1")
        XCTAssertEqual(IPText.format(RuleIP(v6: UInt128(0xfe80) << 112)), "fe80::")
        XCTAssertEqual(IPText.format(RuleIP(v6: UInt128(1) << 112 | UInt128(1) << 64 | 1)), "1:0:0:1::1")
        let w = EveWriter(utcOffset: { _ in -(5 * 3600 + 30 * 60) })
        XCTAssertEqual(w.timestamp(0), "1969-12-31T18:30:00.000000-0530")
    }

    func testFlowIDIsSameForBothDirectionsAndFitsIn51Bits() {
        let a = RuleIP(v4: 1), b = RuleIP(v4: 2)
        let x = EveAlert.flowID(client: a, clientPort: 1, server: b, serverPort: 2, ipProtocol: 6,
                                startNanoseconds: 1_500_000_000)
        let y = EveAlert.flowID(client: b, clientPort: 2, server: a, serverPort: 1, ipProtocol: 6,
                                startNanoseconds: 1_500_000_000)
        XCTAssertEqual(x, y)
        XCTAssertLessThan(x, 1 << 51)
        // Bit 31 up holds the hash (it overlaps the seconds' top bit, as in Suricata).
        XCTAssertEqual(x >> 16 & 0x7FFF, 1, "start seconds")
        XCTAssertEqual(x & 0xFFFF, 500_000 & 0xFFFF, "start microseconds")
    }
}
