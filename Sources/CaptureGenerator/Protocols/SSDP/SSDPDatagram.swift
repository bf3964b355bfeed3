/// SSDP datagrams (UPnP Device Architecture §1): an HTTP-like start line and
/// headers, each line ending with CR LF, then an empty line.
public enum SSDPDatagram {
    /// `startLine` and `headers` joined with CR LF, with the closing empty line.
    public static func message(startLine: String, headers: [(String, String)]) -> [UInt8] {
        var text = startLine + "\r\n"
        for (name, value) in headers { text += name + ": " + value + "\r\n" }
        return Array((text + "\r\n").utf8)
    }

    public static func notify(server: String?, location: String = "http://192.168.1.131:49152/desc.xml") -> [UInt8] {
        var headers = [("HOST", "239.255.255.250:1900"), ("CACHE-CONTROL", "max-age=1800"), ("LOCATION", location),
                       ("NT", "upnp:rootdevice"), ("NTS", "ssdp:alive")]
        if let server { headers.append(("SERVER", server)) }
        headers.append(("USN", "uuid:12345678-1234-1234-1234-123456789abc::upnp:rootdevice"))
        return message(startLine: "NOTIFY * HTTP/1.1", headers: headers)
    }

    public static func search(userAgent: String?) -> [UInt8] {
        var headers = [("HOST", "239.255.255.250:1900"), ("MAN", "\"ssdp:discover\""), ("MX", "1"),
                       ("ST", "urn:dial-multiscreen-org:service:dial:1")]
        if let userAgent { headers.append(("USER-AGENT", userAgent)) }
        return message(startLine: "M-SEARCH * HTTP/1.1", headers: headers)
    }

    public static func searchResponse(server: String) -> [UInt8] {
        message(startLine: "HTTP/1.1 200 OK", headers: [
            ("CACHE-CONTROL", "max-age=1800"), ("EXT", ""), ("LOCATION", "http://192.168.1.1:1900/igd.xml"),
            ("SERVER", server), ("ST", "upnp:rootdevice"), ("USN", "uuid:abc::upnp:rootdevice"),
        ])
    }
}
