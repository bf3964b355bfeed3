@testable import OTSensorCore
import XCTest

/// The Modbus recogniser confirms on a whole MBAP-framed PDU and violates
/// where Zeek's modbus-protocol.pac enforces the header.
final class ModbusRecognizerTests: XCTestCase {
    func testReadCoilsRequestConfirms() {
        var recognizer = ModbusRecognizer()
        let outcome = recognizer.feed(ModbusTraceBytes.readCoils)
        XCTAssertEqual(outcome.verdict, .confirmed)
        XCTAssertEqual(outcome.decidedAt, 0)
        var response = ModbusRecognizer()
        XCTAssertEqual(response.feed(ModbusTraceBytes.readCoils.filter { !$0.isOrig }).verdict, .confirmed)
    }

    func testPDUSplitAcrossSegmentsConfirmsOnItsLastByte() {
        for size in [1, 5, 8, 11] {
            var recognizer = ModbusRecognizer()
            let request = Array(ModbusTraceBytes.readCoils.prefix(1))
            let outcome = recognizer.feed(request, pieceSize: size)
            XCTAssertEqual(outcome.verdict, .confirmed, "pieces of \(size)")
            XCTAssertEqual(outcome.decidedAt, pieceCount(request, size: size) - 1)
        }
    }

    /// modbus-and-non-modbus-p502.pcap: Zeek gives none of these port-502
    /// connections the modbus service.
    func testOtherProtocolsOnPort502AreNotConfirmed() {
        for payload in ModbusTraceBytes.otherProtocols {
            var recognizer = ModbusRecognizer()
            XCTAssertEqual(recognizer.feed(payload.bytes, isOrig: true),
                           .violated(reason: "modbus.protocol_id_not_zero"))
        }
        var tls = ModbusRecognizer()
        XCTAssertNotEqual(tls.feed(TLSTraceBytes.port502ClientHello).verdict, .confirmed)
    }

    func testLengthBelowTwoViolates() {
        var recognizer = ModbusRecognizer()
        XCTAssertEqual(recognizer.feed([0, 1, 0, 0, 0, 1, 10, 1], isOrig: true), .violated(reason: "modbus.length_too_short"))
    }

    func testUnfinishedPDUStaysUndecided() {
        var recognizer = ModbusRecognizer()
        XCTAssertEqual(recognizer.feed(Array(ModbusTraceBytes.readCoils[0].bytes.prefix(11)), isOrig: true), .undecided)
    }

    /// Zeek enforces the header of every PDU: a later one with another
    /// protocol identifier is a violation, which removes the confirmed service.
    func testEveryPDUHeaderIsChecked() {
        var recognizer = ModbusRecognizer()
        let request = ModbusTraceBytes.readCoils[0].bytes
        XCTAssertEqual(recognizer.feed(request + request, isOrig: true), .confirmed)
        XCTAssertEqual(recognizer.feed(Array(ModbusTraceBytes.readCoils[1].bytes.prefix(4)), isOrig: false), .confirmed)
        XCTAssertEqual(recognizer.feed(Array("GET / HTTP/1.1\r\n".utf8), isOrig: true),
                       .violated(reason: "modbus.protocol_id_not_zero"))
    }
}
