import Foundation
import Logging
import OTSensorCore
import XCTest

/// Capture's rotation follows the wall clock, and wall clocks jump: NTP steps
/// them, an operator sets them by hand. A real capture on the loopback
/// interface with an injected clock that goes back an hour, then forward a
/// day, must give one complete file per slot it was in, none spanning a jump.
final class CaptureClockTests: XCTestCase {
    /// A clock that moves 10 ms per reading and jumps at given readings; it asks
    /// capture to stop after the last.
    private final class JumpingClock: @unchecked Sendable {
        private(set) var readings = 0
        private var time: TimeInterval
        private let jumps: [Int: TimeInterval]
        private let stopAfter: Int
        private let stop: StopRequest

        init(start: TimeInterval, jumps: [Int: TimeInterval], stopAfter: Int, stop: StopRequest) {
            self.time = start
            self.jumps = jumps
            self.stopAfter = stopAfter
            self.stop = stop
        }

        func now() -> Date {
            readings += 1
            time += jumps[readings] ?? 0.01
            if readings >= stopAfter { stop.request() }
            return Date(timeIntervalSince1970: time)
        }
    }

    func testRotationSurvivesTheClockGoingBackAnHourAndForwardADay() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("otsensor-clock-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: root) }
        let layout = SpoolLayout(root: root.path)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let capture: LiveCapture
        do {
            capture = try LiveCapture(settings: LiveCaptureSettings(interface: "lo", label: "clock"), layout: layout, logger: logger)
        } catch {
            print("SKIPPED LOUDLY: cannot capture on lo (\(error)); run as root, as scripts/test.sh does")
            throw XCTSkip("capturing on lo needs root: \(error)")
        }
        let start: TimeInterval = 1_795_430_460 + 10  // 10:41:10 UTC, in the 10:41 slot
        let stop = StopRequest()
        let clock = JumpingClock(start: start, jumps: [6: -3_600, 12: 86_400], stopAfter: 18, stop: stop)

        let slices = try capture.run(until: stop, now: clock.now)

        let minute = RotationSchedule(seconds: 60)
        let expected = [start, start - 3_600, start - 3_600 + 86_400].map {
            SliceID(start: minute.slotStart(containing: Date(timeIntervalSince1970: $0)), label: "clock").description
        }
        XCTAssertEqual(slices, expected, "one slice per slot the clock was in: 10:41, then 09:41, then 09:41 a day later")
        let names = try FileManager.default.contentsOfDirectory(atPath: layout.incoming.path)
        XCTAssertFalse(names.contains { $0.hasSuffix(".part") }, "every slice was completed: \(names)")
        for id in expected {
            XCTAssertTrue(names.contains("\(id).pcap"), "\(id).pcap in \(names)")
            let stats = try CaptureStatistics.decode(Data(contentsOf: layout.incoming.appendingPathComponent("\(id).capture.json")))
            XCTAssertGreaterThanOrEqual(stats.end, stats.start, "\(id): a slice never ends before it starts")
            XCTAssertLessThanOrEqual(stats.end.timeIntervalSince(stats.start), 60, "\(id) spans no jump")
        }
    }
}
