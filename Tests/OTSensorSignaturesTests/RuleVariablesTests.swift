@testable import OTSensorSignatures
import XCTest

final class RuleVariablesTests: XCTestCase {
    let groups = GroupParser(variables: .defaults)

    func testDefaultsFollowLOGS() throws {
        let home = try groups.addresses("$HOME_NET")
        XCTAssertTrue(home.contains(RuleIP(v4: 0x0A01_0203)))      // 10.1.2.3
        XCTAssertTrue(home.contains(RuleIP(v4: 0xAC1F_FFFF)))      // 172.31.255.255
        XCTAssertFalse(home.contains(RuleIP(v4: 0xAC20_0000)))     // 172.32.0.0
        let external = try groups.addresses("$EXTERNAL_NET")
        XCTAssertTrue(external.contains(RuleIP(v4: 0x0808_0808)))
        XCTAssertFalse(external.contains(RuleIP(v4: 0xC0A8_0001)))
        XCTAssertTrue(external.contains(RuleIP(v6: 1)), "EXTERNAL_NET = !HOME_NET includes all of IPv6")
        XCTAssertEqual(try groups.ports("$FILE_DATA_PORTS").ranges, [80...80, 110...110, 143...143])
        XCTAssertEqual(try groups.ports("$SHELLCODE_PORTS").ranges, [0...79, 81...65535])
    }

    func testListsNegationAndRanges() throws {
        let a = try groups.addresses("[10.0.0.0/8, !10.1.0.0/16, 192.168.1.1]")
        XCTAssertTrue(a.contains(RuleIP(v4: 0x0A02_0000)))
        XCTAssertFalse(a.contains(RuleIP(v4: 0x0A01_0001)))
        XCTAssertTrue(a.contains(RuleIP(v4: 0xC0A8_0101)))
        XCTAssertFalse(a.contains(RuleIP(v4: 0xC0A8_0102)))
        let only = try groups.addresses("[!10.0.0.0/8]")
        XCTAssertTrue(only.contains(RuleIP(v4: 0x0B00_0000)))
        XCTAssertFalse(only.contains(RuleIP(v4: 0x0A00_0000)))
        let v6 = try groups.addresses("2001:db8::/32")
        XCTAssertTrue(v6.contains(RuleIP(v6: UInt128(0x2001_0db8) << 96 | 5)))
        XCTAssertFalse(v6.contains(RuleIP(v4: 5)))
        XCTAssertEqual(try groups.ports("[1024:,!8080]").ranges, [1024...8079, 8081...65535])
        XCTAssertEqual(try groups.ports(":1023").ranges, [0...1023])
        XCTAssertEqual(try groups.ports("![80,443]").ranges, [0...79, 81...442, 444...65535])
    }

    func testErrors() {
        XCTAssertThrowsError(try groups.addresses("$NO_SUCH"))
        XCTAssertThrowsError(try groups.ports("70000"))
        XCTAssertThrowsError(try groups.ports("90:80"))
        XCTAssertThrowsError(try groups.addresses("10.0.0.256"))
        XCTAssertThrowsError(try groups.addresses("[10.0.0.1"))
        let loop = GroupParser(variables: RuleVariables(addressGroups: ["A": "$B", "B": "$A"], portGroups: [:]))
        XCTAssertThrowsError(try loop.addresses("$A"))
    }

    func testSuricataYAMLOverridesDefaults() throws {
        let yaml = """
        %YAML 1.1
        ---
        vars:
          address-groups:
            HOME_NET: "[10.10.0.0/16]"   # plant network
          port-groups:
            HTTP_PORTS: "[80,8080]"
        outputs:
          - eve-log:
              enabled: yes
        """
        let vars = try RuleVariables.loading(yaml: yaml)
        XCTAssertEqual(vars.addressGroups["HOME_NET"], "[10.10.0.0/16]")
        XCTAssertEqual(vars.portGroups["HTTP_PORTS"], "[80,8080]")
        XCTAssertEqual(vars.addressGroups["EXTERNAL_NET"], "!$HOME_NET")
        let g = GroupParser(variables: vars)
        XCTAssertTrue(try g.addresses("$EXTERNAL_NET").contains(RuleIP(v4: 0xC0A8_0001)))
        XCTAssertEqual(try g.ports("$FILE_DATA_PORTS").ranges, [80...80, 110...110, 143...143, 8080...8080])
    }
}
