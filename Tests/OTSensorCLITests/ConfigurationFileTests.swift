import Foundation
import OTSensorCLI
import XCTest

final class ConfigurationFileTests: XCTestCase {
    func testEverySettingIsRead() throws {
        let configuration = try ConfigurationFile.parse("""
            label = "plant-a"
            spool = "/srv/spool"
            log_level = "debug"
            [capture]
            interface = "eth1"
            rotate = 30
            snaplen = 1500
            filter = "not port 22"
            [run]
            threads = 2
            format = "json"
            local_nets = "none"
            zstd_level = 19
            keep_pcap = true
            [upload]
            url = "https://cloud.example/api"
            ca = "/etc/otsensor/ca.pem"
            cert = "/etc/otsensor/client.pem"
            key = "/etc/otsensor/client.key"
            timeout = 60
            keep_sent = true
            [retention]
            keep_days = 30.5
            max_gb = 20
            """, source: "test.toml")
        var expected = SensorConfiguration()
        expected.label = "plant-a"
        expected.spool = "/srv/spool"
        expected.logLevel = "debug"
        expected.interface = "eth1"
        expected.rotateSeconds = 30
        expected.snaplen = 1500
        expected.filter = "not port 22"
        expected.threads = 2
        expected.format = "json"
        expected.localNets = "none"
        expected.zstdLevel = 19
        expected.keepPcap = true
        expected.uploadURL = "https://cloud.example/api"
        expected.caFile = "/etc/otsensor/ca.pem"
        expected.certificateFile = "/etc/otsensor/client.pem"
        expected.keyFile = "/etc/otsensor/client.key"
        expected.timeoutSeconds = 60
        expected.keepSent = true
        expected.keepDays = 30.5
        expected.maxGigabytes = 20
        XCTAssertEqual(configuration, expected)
        XCTAssertEqual(configuration.problems(), [])
        XCTAssertEqual(try ConfigurationFile.parse(configuration.rendered(), source: "rendered"), configuration,
                       "config check's output is itself a valid configuration")
    }

    func testTyposAndWrongTypesAreErrorsNamingTheSetting() {
        XCTAssertThrowsError(try ConfigurationFile.parse("[run]\nzstd_levle = 3\n", source: "a.toml")) {
            XCTAssertEqual(($0 as? ConfigurationError)?.description, "a.toml: unknown setting 'run.zstd_levle'")
        }
        XCTAssertThrowsError(try ConfigurationFile.parse("[upload]\ntimeout = \"soon\"\n", source: "a.toml")) {
            XCTAssertEqual(($0 as? ConfigurationError)?.description, "a.toml: upload.timeout must be a number")
        }
        XCTAssertThrowsError(try ConfigurationFile.parse("label = \n", source: "a.toml")) {
            XCTAssertTrue(($0 as? ConfigurationError)?.description.hasPrefix("a.toml: line 1") ?? false, "\($0)")
        }
    }

    /// fuzz-config's crash: a table header that begins with a character no key begins with
    /// made toml++ (under TOMLKit) fail an assertion and abort the process. The input is the
    /// fuzzer's, byte for byte; its line 8 is `[+]ep_pretention]`.
    func testATableHeaderThatDoesNotBeginWithAKeyIsAnErrorNotAnAbort() {
        let crash = "label = \"line-4\"\n[capture]\nintdrface = \"eth0\"\nsnaplen = 65535\n[run]\nformat = \"json\"\n"
            + "local_nets = \"10.0.0.0/8, fd00::/8\"\n[+]ep_pretention]\nmax_gb = 1.5\n"
        XCTAssertThrowsError(try ConfigurationFile.parse(crash, source: "a.toml")) {
            XCTAssertEqual(($0 as? ConfigurationError)?.description,
                           "a.toml: line 8: a table header must begin with a key, not '+'")
        }
        // Every ASCII character toml++ asserted on after `[` (checked one by one on the fuzz build).
        for character in "!#$%&()*+,./:;<=>?@\\^`{|}~" {
            for header in ["[\(character)run]", "[[ \(character)]]", "  [ \(character)"] {
                XCTAssertThrowsError(try ConfigurationFile.parse("label = \"a\"\n\(header)\n", source: "a.toml")) {
                    XCTAssertEqual(($0 as? ConfigurationError)?.description,
                                   "a.toml: line 2: a table header must begin with a key, not '\(character)'")
                }
            }
        }
        // fuzz-config's second crash (crash-14810685): a `[` alone on its line, the key on the next.
        for text in ["[\ncapture]\n", "label = \"a\"\n[ \t\r\n", "[["] {
            XCTAssertThrowsError(try ConfigurationFile.parse(text, source: "a.toml")) {
                XCTAssertTrue(($0 as? ConfigurationError)?.description.hasSuffix(
                    ": a table header must begin with a key, not the end of the line") ?? false, "\($0)")
            }
        }
        // Headers that begin with a key, bare or quoted, are still read.
        XCTAssertEqual(try ConfigurationFile.parse("[ run ]\nthreads = 2\n[\"capture\"]\nsnaplen = 96\n", source: "a.toml").threads, 2)
    }

    func testOutOfRangeValuesAreProblems() throws {
        var configuration = SensorConfiguration()
        configuration.zstdLevel = 40
        configuration.keepDays = 0
        XCTAssertEqual(configuration.problems(), ["run.zstd_level must be 1...22 (is 40)", "retention.keep_days must be more than 0"])
        XCTAssertEqual(SensorConfiguration().uploadProblems(),
                       ["upload.url must be an https:// URL (is not set)", "upload.ca is not set", "upload.cert is not set", "upload.key is not set"])
    }
}
