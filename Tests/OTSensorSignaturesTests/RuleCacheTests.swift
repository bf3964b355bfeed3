@testable import OTSensorSignatures
import XCTest

/// The compiled-rules cache: what is read back is what was compiled, a
/// cache that is missing, stale, cut short or altered is rebuilt and never
/// used, and entries are written whole with owner/group-only permissions.
final class RuleCacheTests: XCTestCase {
    /// Every keyword family and header form the cache has to carry.
    static let rules = """
        alert tcp $HOME_NET [1024:,!8080] -> [10.0.0.0/8,!10.1.0.0/16] $HTTP_PORTS (msg:"content \\"chain\\""; flow:established,to_server; content:"GET"; startswith; nocase; content:"|0d 0a|Host"; distance:0; within:20; fast_pattern; content:!"evil"; content:"abc"; endswith; content:"ET"; offset:1; depth:4; classtype:trojan-activity; metadata:created_at 2020_01_01, tag a, tag b; reference:url,example.com; sid:1; rev:3;)
        alert http any any -> any any (msg:"buffers"; http.method; content:"POST"; http.uri; content:"/gate"; fast_pattern:1,3; bsize:>4; urilen:<100; http.host; dotprefix; content:".example.com"; endswith; pcre:"/^\\/ga(t|x)e/Ui"; flowbits:set,seen; flowbits:noalert; priority:2; target:dest_ip; sid:2;)
        alert udp any any <> any 53 (msg:"bytes"; dsize:10<>100; byte_extract:2,0,len,relative,little; byte_test:2,>,len,2,relative,big; byte_jump:2,0,relative,multiplier 2,post_offset -1,align,from_beginning; isdataat:!5,relative; byte_test:4,&,0xff,0,string,hex; content:"x"; distance:len; threshold:type limit, track by_src, count 1, seconds 60; sid:3;)
        alert icmp any any -> any any (msg:"header"; itype:>3; icode:0; ttl:<=64; detection_filter:track by_dst, count 5, seconds 10, unique_on dst_port; flowbits:isset,seen|other; sid:4;)
        alert tcp any any -> any any (msg:"flags"; flags:SA+,12; ip_proto:6; flow:not_established,stateless; tls.sni; content:"bad"; nocase; pcre:!"/x{2,}/sR"; sid:5;)
        alert ip any any -> any any (msg:"ip only"; sid:6; gid:2;)
        pass tcp-stream any any -> any any (msg:"stream"; content:"ok"; flowbits:toggle,t; sid:7;)
        drop dns any any -> any any (msg:"dns"; dns.query; content:"evil"; pcre:"/\\.evil$/"; threshold:type both, track by_rule, count 2, seconds 5; sid:8;)
        alert tcp any any -> any any (msg:"unsupported"; content:"a"; xbits:set,x,track ip_src; sid:9;)
        alert tcp any any -> any any (msg:"malformed"; content:"|4|"; sid:10;)
        alert tcp any any -> any any (msg:"duplicate"; content:"b"; sid:1;)
        """

    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("rule-cache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func ruleFile(_ text: String = rules, name: String = "test.rules") throws -> String {
        let path = directory.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private var cache: RuleCache { RuleCache(directory: directory.appendingPathComponent("cache").path, engineVersion: "test") }

    private func entries() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: cache.directory).sorted()
    }

    /// Everything a rule set holds, field by field (regexes by their source),
    /// a line per rule; dictionaries in key order.
    static func dump(_ set: RuleSet) -> [String] {
        var lines = set.signatures.map { s in
            var line = String(reflecting: s)
            for b in s.buffers { for case .pcre(let p) in b.matchers { line += " pcre \(p.regex.pattern) \(p.regex.options)" } }
            return line
        }
        let r = set.report
        lines.append("loaded \(r.loaded) duplicates \(r.duplicates) unsupported "
                     + r.unsupported.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ","))
        lines += r.malformed.map(\.description)
        lines += set.classifications.entries.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
        return lines
    }

    /// The first line where two dumps differ, for a readable failure.
    static func assertSame(_ a: RuleSet, _ b: RuleSet, _ what: String = "", line: UInt = #line) {
        let x = dump(a), y = dump(b)
        XCTAssertEqual(x.count, y.count, what, line: line)
        if let i = zip(x, y).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
            XCTFail("\(what) line \(i) differs:\n\(x[i])\n\(y[i])", line: line)
        }
    }

    func testWarmLoadIsWhatWasCompiled() throws {
        let file = try ruleFile()
        let compiled = try RuleSet.load(files: [file])
        XCTAssertEqual(compiled.report.loaded, 8)
        XCTAssertEqual(compiled.report.unsupported, ["xbits": 1])
        let cold = try cache.load(files: [file])
        XCTAssertEqual(cold.report.cache, .cold("no cache for these rules yet; rebuilt"))
        let warm = try cache.load(files: [file])
        XCTAssertEqual(warm.report.cache, .warm)
        Self.assertSame(warm, compiled)
        Self.assertSame(cold, compiled)
        // Matching from the cache is matching: the content chain of sid 1 on a hand-made request.
        var harness = RuleHarness(rules: warm)
        XCTAssertEqual(harness.sids(Array("GET / HTTP/1.1\r\nHost: abc".utf8)), [1])
    }

    func testEntryIsOneFileReadableByOwnerAndGroupOnly() throws {
        _ = try cache.load(files: [try ruleFile()])
        let names = try entries()
        XCTAssertEqual(names.count, 1, "\(names)")
        XCTAssertTrue(names[0].hasPrefix("rules-") && names[0].hasSuffix(".cache"), names[0])
        let mode = try FileManager.default.attributesOfItem(atPath: cache.directory + "/" + names[0])[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o640)
    }

    func testChangedRulesOrVariablesAreNotServedFromTheCache() throws {
        let file = try ruleFile()
        _ = try cache.load(files: [file])
        var variables = RuleVariables.defaults
        variables.addressGroups["HOME_NET"] = "[10.0.0.0/8]"
        let otherVars = try cache.load(files: [file], variables: variables)
        XCTAssertEqual(otherVars.report.cache, .cold("no cache for these rules yet; rebuilt"))
        Self.assertSame(otherVars, try RuleSet.load(files: [file], variables: variables))
        _ = try ruleFile(Self.rules.replacingOccurrences(of: "sid:6; gid:2;", with: "sid:6; gid:3;"))
        let edited = try cache.load(files: [file])
        XCTAssertEqual(edited.report.cache, .cold("no cache for these rules yet; rebuilt"))
        XCTAssertEqual(edited.signatures.first { $0.sid == 6 }?.gid, 3)
        let otherEngine = try RuleCache(directory: cache.directory, engineVersion: "test 2").load(files: [file])
        XCTAssertEqual(otherEngine.report.cache, .cold("no cache for these rules yet; rebuilt"))
    }

    /// An entry under the right name but holding another key (copied, or
    /// from a build that named entries differently) is stale.
    func testEntryOfAnotherKeyIsStale() throws {
        let file = try ruleFile()
        _ = try cache.load(files: [file])
        let old = try entries()[0]
        _ = try ruleFile(Self.rules + "\nalert tcp any any -> any any (msg:\"new\"; content:\"n\"; sid:11;)")
        let current = cache.entryPath(RuleCache.key(try RuleSource.read([file]), variables: .defaults,
                                                    engine: "test; " + ExecutableIdentity.current))
        try FileManager.default.copyItem(atPath: cache.directory + "/" + old, toPath: current)
        let set = try cache.load(files: [file])
        guard case .cold(let why) = set.report.cache else { return XCTFail("\(set.report.cache)") }
        XCTAssertTrue(why.hasPrefix("stale: ") && why.contains("other rules"), why)
        XCTAssertNotNil(set.signatures.first { $0.sid == 11 })
        XCTAssertEqual(try cache.load(files: [file]).report.cache, .warm, "the rebuilt entry serves the next load")
    }

    func testDamagedEntryIsRebuiltNeverTrusted() throws {
        let file = try ruleFile()
        let compiled = try RuleSet.load(files: [file])
        _ = try cache.load(files: [file])
        let entry = cache.directory + "/" + (try entries()[0])
        let original = try Data(contentsOf: URL(fileURLWithPath: entry))
        let damages: [(String, Data)] = [
            ("one payload byte flipped", { var d = original; d[d.count - 10] ^= 0x40; return d }()),
            ("truncated", original.prefix(original.count - 1)),
            ("truncated to its header", original.prefix(RuleCache.headerSize - 5)),
            ("empty", Data()),
            ("another format", { var d = original; d[8] &+= 1; return d }()),
        ]
        for (what, bytes) in damages {
            try bytes.write(to: URL(fileURLWithPath: entry))
            let set = try cache.load(files: [file])
            guard case .cold(let why) = set.report.cache else { XCTFail("\(what): used"); continue }
            XCTAssertTrue(why.hasPrefix("damaged: ") || why.hasPrefix("stale: "), "\(what): \(why)")
            XCTAssertTrue(why.hasSuffix("; rebuilt"), "\(what): \(why)")
            Self.assertSame(set, compiled, what)
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: entry)), original, "\(what): the entry is written anew")
        }
    }

    /// A payload whose checksum is right but whose bytes are not a rule set
    /// (a writer bug, say) is refused by the reader's own checks.
    func testPayloadThatIsNotARuleSetIsRefused() throws {
        let set = RuleSet.parse(Self.rules)
        let payload = set.encodedForCache()
        for cut in [1, payload.count / 3, payload.count / 2, payload.count - 1] {
            XCTAssertThrowsError(try payload.prefix(cut).withUnsafeBytes { try RuleSet.decodeCached($0) }, "cut at \(cut)")
        }
        XCTAssertThrowsError(try (payload + [0]).withUnsafeBytes { try RuleSet.decodeCached($0) })
        let back = try payload.withUnsafeBytes { try RuleSet.decodeCached($0) }
        Self.assertSame(back, set)
    }

    func testUnwritableCacheStillLoadsTheRules() throws {
        let file = try ruleFile()
        let blocker = directory.appendingPathComponent("not-a-directory").path
        try Data("x".utf8).write(to: URL(fileURLWithPath: blocker))
        let set = try RuleCache(directory: blocker + "/cache", engineVersion: "test").load(files: [file])
        guard case .cold(let why) = set.report.cache else { return XCTFail("\(set.report.cache)") }
        XCTAssertTrue(why.contains("not saved"), why)
        XCTAssertEqual(set.report.loaded, 8)
    }

    /// Each rule type's stored fields, as the cache writes them. A field added
    /// to one of these types fails here until Cache/*+Cache.swift writes and
    /// reads it (and this list names it).
    func testEveryStoredFieldIsCached() throws {
        func labels(_ value: Any) -> [String] { Mirror(reflecting: value).children.map { $0.label ?? "?" } }
        let set = RuleSet.parse(Self.rules)
        let s = try XCTUnwrap(set.signatures.first { $0.sid == 1 })
        XCTAssertEqual(labels(s), ["action", "proto", "source", "sourcePorts", "destination", "destinationPorts",
                                   "bidirectional", "sid", "gid", "rev", "message", "classtype", "priority", "metadata",
                                   "target", "flow", "dsize", "headerChecks", "buffers", "flowbits", "noalert",
                                   "threshold", "detectionFilter", "file", "line"])
        XCTAssertEqual(labels(s.source), ["v4", "v6"])
        XCTAssertEqual(labels(s.sourcePorts), ["ranges"])
        XCTAssertEqual(labels(s.flow), ["toServer", "established", "stateless", "onlyStream", "noStream", "streamHeader"])
        XCTAssertEqual(labels(s.buffers[0]), ["buffer", "matchers", "size", "dotPrefix"])
        var seen: Set<String> = []
        for rule in set.signatures {
            for buffer in rule.buffers {
                for matcher in buffer.matchers {
                    switch matcher {
                    case .content(let c):
                        seen.insert("content")
                        XCTAssertEqual(labels(c), ["pattern", "negated", "nocase", "offset", "depth", "distance", "within",
                                                   "startsWith", "endsWith", "fastPattern", "fastPatternSlice"])
                    case .pcre(let p):
                        seen.insert("pcre")
                        XCTAssertEqual(labels(p), ["regex", "negated", "relative", "unlimited", "buffer"])
                        XCTAssertEqual(labels(p.regex), ["code", "pattern", "options", "jitCompiled", "jitLock"],
                                       "the JIT state is per process, the rest is cached")
                    case .byteTest(let b):
                        seen.insert("byteTest")
                        XCTAssertEqual(labels(b), ["read", "op", "negated", "value"])
                        XCTAssertEqual(labels(b.read), ["count", "offset", "relative", "littleEndian", "stringBase", "bitmask"])
                    case .byteJump(let b):
                        seen.insert("byteJump")
                        XCTAssertEqual(labels(b), ["read", "multiplier", "postOffset", "align", "fromBeginning", "fromEnd"])
                    case .byteExtract(let b):
                        seen.insert("byteExtract")
                        XCTAssertEqual(labels(b), ["read", "multiplier", "align", "variable"])
                    case .isDataAt(let i):
                        seen.insert("isDataAt")
                        XCTAssertEqual(labels(i), ["position", "relative", "negated"])
                    }
                }
            }
            if let t = rule.threshold ?? rule.detectionFilter { XCTAssertEqual(labels(t), ["kind", "track", "count", "seconds", "unique"]) }
            if let d = rule.dsize { XCTAssertEqual(labels(d), ["kind", "value", "upper"]) }
            for f in rule.flowbits { XCTAssertEqual(labels(f), ["kind", "names", "anyOf"]) }
            for case .tcpFlags(let f) in rule.headerChecks { XCTAssertEqual(labels(f), ["bits", "mode", "ignored"]) }
        }
        XCTAssertEqual(seen, ["content", "pcre", "byteTest", "byteJump", "byteExtract", "isDataAt"])
        XCTAssertEqual(labels(set.report), ["loaded", "unsupported", "malformed", "duplicates", "loadSeconds", "cache"],
                       "loadSeconds and cache describe one load and are not cached; any other field is")
    }

    /// ET Open (../shared/rules), where it is: the warm load is the compiled one.
    func testETOpenFromTheCacheIsTheCompiledSet() throws {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: RuleParserTests.etOpen.path)) ?? [])
            .filter { $0.hasSuffix(".rules") }.sorted().map { RuleParserTests.etOpen.appendingPathComponent($0).path }
        guard !files.isEmpty else {
            print("SKIPPED LOUDLY: the ET Open ruleset is not at \(RuleParserTests.etOpen.path); the cache's whole-ruleset test runs where it is")
            throw XCTSkip("ET Open ruleset not found")
        }
        let cold = try cache.load(files: files)
        let warm = try cache.load(files: files)
        XCTAssertEqual(warm.report.cache, .warm)
        print("ET Open through the cache: cold \(String(format: "%.2f", cold.report.loadSeconds)) s, "
              + "warm \(String(format: "%.2f", warm.report.loadSeconds)) s (debug build)")
        XCTAssertEqual(warm.report.loaded, cold.report.loaded)
        Self.assertSame(warm, cold)
    }
}

extension RuleHarness {
    /// A harness over rules loaded elsewhere (from the cache).
    init(rules: RuleSet) {
        self.rules = rules
        engine = SignatureEngine(rules: rules)
    }
}
