/// The content signatures of Zeek's dynamic protocol detection, verbatim from
/// zeek/zeek's `scripts/base/protocols/*/dpd.sig` at commit
/// a13de64fbbdb (BSD licence, ../shared/conformance/zeek/COPYING.zeek)
/// and parsed at start-up, so that updating them is a copy of the files.
/// A signature whose `enable` names no registered analyzer or recogniser is
/// dropped when the dispatch tables are built.
public enum ZeekSignatures {
    /// Each protocol's file, by the folder it comes from.
    public static let files: [(protocol: String, text: String)] = [
        ("dce-rpc", ##"""

        signature dpd_dce_rpc {
        	payload /\x05[\x00\x01][\x00-\x13]/
        	enable "DCE_RPC"
        }
        """##),
        ("dhcp", ##"""
        signature dhcp_cookie {
          ip-proto == udp
          payload /^.{236}\x63\x82\x53\x63/
          enable "dhcp"
        }
        """##),
        ("dnp3", ##"""

        # DNP3 packets always starts with 0x05 0x64 .

        signature dpd_dnp3_server {
        	ip-proto == tcp
        	payload /\x05\x64/
        	tcp-state responder
         	enable "dnp3_tcp"
        }

        signature dpd_dnp3_server_udp {
        	ip-proto == udp
        	payload /\x05\x64/
        	enable "dnp3_udp"
        }
        """##),
        ("ftp", ##"""
        signature dpd_ftp_client {
          ip-proto == tcp
          payload /(|.*[\n\r]) *[uU][sS][eE][rR] /
          tcp-state originator
        }

        # Match for server greeting (220, 120) and for login or passwd
        # required (230, 331).
        signature dpd_ftp_server {
          ip-proto == tcp
          payload /[\n\r ]*(120|220)[^0-9].*[\n\r] *(230|331)[^0-9]/
          tcp-state responder
          requires-reverse-signature dpd_ftp_client
          enable "ftp"
        }
        """##),
        ("http", ##"""
        # List of HTTP headers pulled from:
        #   https://www.iana.org/assignments/http-methods/http-methods.xhtml
        #   https://learn.microsoft.com/en-us/previous-versions/office/developer/exchange-server-2003/aa142917(v=exchg.65)
        #   https://datatracker.ietf.org/doc/html/rfc3253 (MKWORKSPACE)
        #   Microsoft's RPC over HTTP protocol (RPC_IN_DATA / RPC_OUT_DATA)
        #   https://www.rfc-editor.org/info/rfc10008 (QUERY)
        #
        # The headers in the signature below are ordered by the list of sources
        # above, with the exception of putting some of the more commonly-
        # encountered methods earlier in the regex.
        #
        # We match each side of the connection independently to avoid missing
        # large HTTP sessions where one side exceeds the DPD buffer size on
        # its own already. See https://github.com/zeek/zeek/issues/343.

        signature dpd_http_client {
          ip-proto == tcp
          payload /^[[:space:]]*(OPTIONS|GET|HEAD|POST|PUT|DELETE|QUERY|ACL|BASELINE-CONTROL|BIND|CHECKIN|CHECKOUT|CONNECT|COPY|LABEL|LINK|LOCK|MERGE|MKACTIVITY|MKCALENDAR|MKCOL|MKREDIRECTREF|MOVE|ORDERPATCH|PATCH|PROPFIND|PROPPATCH|REBIND|REPORT|SEARCH|TRACE|UNBIND|UNCHECKOUT|UNLINK|UNLOCK|UPDATE|VERSION-CONTROL|BCOPY|BDELETE|BMOVE|BPROPFIND|BPROPPATCH|NOTIFY|POLL|SUBSCRIBE|UNSUBSCRIBE|X-MS-ENUMATTS|MKWORKSPACE|RPC_IN_DATA|RPC_OUT_DATA)[[:space:]]*/
          tcp-state originator
          enable "http"
        }

        signature dpd_http_server {
          ip-proto == tcp
          payload /^[hH][tT][tT][pP]\/[0-9]/
          tcp-state responder
          enable "http"
        }
        """##),
        ("irc", ##"""
        signature irc_client1 {
          ip-proto == tcp
          payload /(|.*[\r\n]) *[Uu][Ss][Ee][Rr] +.+[\n\r]+ *[Nn][Ii][Cc][Kk] +.*[\r\n]/
          requires-reverse-signature irc_server_reply
          tcp-state originator
          enable "irc"
        }

        signature irc_client2 {
          ip-proto == tcp
          payload /(|.*[\r\n]) *[Nn][Ii][Cc][Kk] +.+[\r\n]+ *[Uu][Ss][Ee][Rr] +.+[\r\n]/
          requires-reverse-signature irc_server_reply
          tcp-state originator
          enable "irc"
        }

        signature irc_server_reply {
          ip-proto == tcp
          payload /^(|.*[\n\r])(:[^ \n\r]+ )?[0-9][0-9][0-9] /
          tcp-state responder
        }

        signature irc_server_to_server1 {
          ip-proto == tcp
          payload /(|.*[\r\n]) *[Ss][Ee][Rr][Vv][Ee][Rr] +[^ ]+ +[0-9]+ +:.+[\r\n]/
        }

        signature irc_server_to_server2 {
          ip-proto == tcp
          payload /(|.*[\r\n]) *[Ss][Ee][Rr][Vv][Ee][Rr] +[^ ]+ +[0-9]+ +:.+[\r\n]/
          requires-reverse-signature irc_server_to_server1
          enable "irc"
        }
        """##),
        ("krb", ##"""
        # This is the ASN.1 encoded version and message type headers

        signature dpd_krb_udp_requests {
        	ip-proto == udp
        	payload /(\x6a|\x6c).{1,4}\x30.{1,4}\xa1\x03\x02\x01\x05\xa2\x03\x02\x01/
        	enable "krb"
        }

        signature dpd_krb_udp_replies {
        	ip-proto == udp
        	payload /(\x6b|\x6d|\x7e).{1,4}\x30.{1,4}\xa0\x03\x02\x01\x05\xa1\x03\x02\x01/
        	enable "krb"
        }

        signature dpd_krb_tcp_requests {
        	ip-proto == tcp
        	payload /.{4}(\x6a|\x6c).{1,4}\x30.{1,4}\xa1\x03\x02\x01\x05\xa2\x03\x02\x01/
        	enable "krb_tcp"
        }

        signature dpd_krb_tcp_replies {
        	ip-proto == tcp
        	payload /.{4}(\x6b|\x6d|\x7e).{1,4}\x30.{1,4}\xa0\x03\x02\x01\x05\xa1\x03\x02\x01/
        	enable "krb_tcp"
        }
        """##),
        ("ldap", ##"""
        signature dpd_ldap_client_udp {
          ip-proto == udp
          payload /^\x30.\x02\x01.\x60/
        }

        signature dpd_ldap_server_udp {
          ip-proto == udp
          payload /^\x30/
          requires-reverse-signature dpd_ldap_client_udp
          enable "LDAP_UDP"
        }

        signature dpd_ldap_client_tcp {
          ip-proto == tcp
          payload /^\x30.\x02\x01.\x60/
        }

        signature dpd_ldap_server_tcp {
          ip-proto == tcp
          payload /^\x30/
          requires-reverse-signature dpd_ldap_client_tcp
          enable "LDAP_TCP"
        }
        """##),
        ("mqtt", ##"""

        signature dpd_mqtt {
        	payload /^.{4,7}MQ/
        	enable "mqtt"
        }
        """##),
        ("pop3", ##"""
        signature dpd_pop3_server {
          ip-proto == tcp
          payload /^\+OK/
          requires-reverse-signature dpd_pop3_client
          enable "pop3"
          tcp-state responder
        }

        signature dpd_pop3_client {
          ip-proto == tcp
          payload /(|.*[\r\n])[[:space:]]*([uU][sS][eE][rR][[:space:]]|[aA][pP][oO][pP][[:space:]]|[cC][aA][pP][aA]|[aA][uU][tT][hH]|[sS][tT][lL][sS])/
          tcp-state originator
        }
        """##),
        ("postgresql", ##"""
        # Enable the analyzer if we see the SSLRequest message and a S|N reply from the server.
        signature dpd_postgresql_client_sslrequest {
          ip-proto == tcp
          payload /^\x00\x00\x00\x08\x04\xd2\x16\x2f/
        }

        signature dpd_postgresql_server_ssl_confirm {
          requires-reverse-signature dpd_postgresql_client_sslrequest
          payload /^[SN]/
          enable "PostgreSQL"
        }

        signature dpd_postgresql_client_startup_3_x {
          ip-proto == tcp
          # 4 byte length, then protocol version major, minor (16bit each),
          # then expect the "user\x00" parameter to follow. Not sure about
          # other versions, but we likely wouldn't properly parse them anyway.
          payload /^....\x00\x03\x00.{0,256}user\x00/
        }

        signature dpd_postgresql_server_any_response {
          requires-reverse-signature dpd_postgresql_client_startup_3_x

          # One byte printable message type 4 bytes length. Assumes the first
          # server message is not larger 64k(2^16) so match on \x00\x00 after
          # the first byte.
          payload /^[a-zA-Z0-9]\x00\x00../
          enable "PostgreSQL"
        }
        """##),
        ("quic", ##"""
        signature dpd_quic_initial {
        	ip-proto == udp
        	payload /^[\xC0-\xCF]\x00\x00\x00\x01/
        	enable "quic"
        }

        signature dpd_quic_v2_initial {
        	ip-proto == udp
        	payload /^[\xD0-\xDF]\x6b\x33\x43\xcf/
        	enable "quic"
        }
        """##),
        ("rdp", ##"""
        signature dpd_rdp_client {
        	ip-proto == tcp
        	# Client request
        	payload /.*(Cookie: mstshash\=|Duca.*(rdpdr|rdpsnd|drdynvc|cliprdr))/
        	requires-reverse-signature dpd_rdp_server
        	enable "rdp"
        }

        signature dpd_rdp_server {
        	ip-proto == tcp
        	payload /(.{5}\xd0|.*McDn)/
        }

        signature dpd_rdpeudp_syn {
        	ip-proto == udp
        	payload-size <= 1232
        	payload-size >= 1132
        	payload /^\xff{4}.{2}.{1}\x01/
        	enable "rdpeudp"
        }
        """##),
        ("redis", ##"""
        signature resp-client {
          ip-proto == tcp
          payload /^.*\r\n/
          tcp-state originator
          requires-reverse-signature resp-serialized-server
          enable "Redis"
        }

        signature resp-serialized-server {
          ip-proto == tcp
          payload /^([-+_,].*\r\n|[:$*#(!=%`~>][+-]?[0-9]+(\.[0-9]*)?\r\n)/
          tcp-state responder
          enable "Redis"
        }
        """##),
        ("rfb", ##"""
        signature dpd_rfb_server {
        	ip-proto == tcp
        	payload /^RFB/
        	tcp-state responder
        	requires-reverse-signature dpd_rfb_client
        	enable "rfb"
        }

        signature dpd_rfb_client {
        	ip-proto == tcp
        	payload /^RFB/
        	tcp-state originator
        }
        """##),
        ("sip", ##"""
        signature dpd_sip_udp_req {
          ip-proto == udp
          payload /.* SIP\/[0-9]\.[0-9]\x0d\x0a/
          enable "sip"
        }

        signature dpd_sip_udp_resp {
          ip-proto == udp
          payload /^ ?SIP\/[0-9]\.[0-9](\x0d\x0a| [0-9][0-9][0-9] )/
          enable "sip"
        }

        # We don't support SIP-over-TCP yet.
        #
        # signature dpd_sip_tcp {
        #   ip-proto == tcp
        #   payload /^( SIP\/[0-9]\.[0-9]\x0d\x0a|SIP\/[0-9]\.[0-9] [0-9][0-9][0-9] )/
        #   enable "sip_tcp"
        # }
        """##),
        ("smb", ##"""
        signature dpd_smb {
        	ip-proto == tcp
        	payload /^....[\xfe\xff]SMB/
        	enable "smb"
        }
        """##),
        ("smtp", ##"""
        signature dpd_smtp_client {
          ip-proto == tcp
          payload /(|.*[\n\r])[[:space:]]*([hH][eE][lL][oO]|[eE][hH][lL][oO])/
          requires-reverse-signature dpd_smtp_server
          enable "smtp"
          tcp-state originator
        }

        signature dpd_smtp_server {
          ip-proto == tcp
          payload /^[[:space:]]*220[[:space:]-]/
          tcp-state responder
        }
        """##),
        ("socks", ##"""
        signature dpd_socks4_client {
        	ip-proto == tcp
        	# '32' is a rather arbitrary max length for the user name.
        	payload /^\x04[\x01\x02].{0,32}\x00/
        	tcp-state originator
        }

        signature dpd_socks4_server {
        	ip-proto == tcp
        	requires-reverse-signature dpd_socks4_client
        	payload /^\x00[\x5a\x5b\x5c\x5d]/
        	tcp-state responder
        	enable "socks"
        }

        signature dpd_socks4_reverse_client {
        	ip-proto == tcp
        	# '32' is a rather arbitrary max length for the user name.
        	payload /^\x04[\x01\x02].{0,32}\x00/
        	tcp-state responder
        }

        signature dpd_socks4_reverse_server {
        	ip-proto == tcp
        	requires-reverse-signature dpd_socks4_reverse_client
        	payload /^\x00[\x5a\x5b\x5c\x5d]/
        	tcp-state originator
        	enable "socks"
        }

        signature dpd_socks5_client {
        	ip-proto == tcp
        	# Watch for a few authentication methods to reduce false positives.
        	payload /^\x05.[\x00\x01\x02\x03\x05\x06\x07\x08\x09]/
        	tcp-state originator
        }

        signature dpd_socks5_server {
        	ip-proto == tcp
        	requires-reverse-signature dpd_socks5_client
        	# Watch for a single authentication method to be chosen by the server or
        	# the server to indicate the no authentication is required.
        	# From wikipedia:
        	# 0x00: No authentication
        	# 0x01: GSSAPI (RFC 1961)
        	# 0x02: Username/password (RFC 1929)
        	# 0x03–0x7F: methods assigned by IANA[11]
        	# 0x03: Challenge-Handshake Authentication Protocol
        	# 0x04: Unassigned
        	# 0x05: Challenge-Response Authentication Method
        	# 0x06: Secure Sockets Layer
        	# 0x07: NDS Authentication
        	# 0x08: Multi-Authentication Framework
        	# 0x09: JSON Parameter Block
        	# 0x0A–0x7F: Unassigned
        	# 0x80–0xFE: methods reserved for private use
        	#
        	# Keep in sync with dpd_socks5_client, 0xff is "no acceptable methods"
        	payload /^\x05[\x00\x01\x02\x03\x05\x06\x07\x08\x09\xff]/
        	tcp-state responder
        	enable "socks"
        }
        """##),
        ("ssh", ##"""
        signature dpd_ssh_client {
          ip-proto == tcp
          payload /^[sS][sS][hH]-[12]\./
          requires-reverse-signature dpd_ssh_server
          enable "ssh"
          tcp-state originator
        }

        signature dpd_ssh_server {
          ip-proto == tcp
          payload /^[sS][sS][hH]-[12]\./
          tcp-state responder
        }
        """##),
        ("ssl", ##"""
        signature dpd_tls_server {
          ip-proto == tcp
          # SSL3 / TLS Server hello.
          payload /^(\x15\x03[\x00\x01\x02\x03]....)?\x16\x03[\x00\x01\x02\x03]..\x02...((\x03[\x00\x01\x02\x03\x04])|(\x7F[\x00-\x50])).*/
          tcp-state responder
          enable "ssl"
        }

        signature dpd_tls_client {
          ip-proto == tcp
          # SSL3 / TLS Client hello.
          payload /^\x16\x03[\x00\x01\x02\x03]..\x01...\x03[\x00\x01\x02\x03].*/
          tcp-state originator
          enable "ssl"
        }

        signature dpd_dtls_client {
          ip-proto == udp
        	# Client hello.
        	payload /^\x16\xfe[\xff\xfd]\x00\x00\x00\x00\x00\x00\x00...\x01...........\xfe[\xff\xfd].*/
        	enable "dtls"
        }
        """##),
        ("xmpp", ##"""
        signature dpd_xmpp {
        	ip-proto == tcp
        	payload /^(<\?xml[^?>]*\?>)?[\n\r ]*<stream:stream [^>]*xmlns='jabber:/
        	enable "xmpp"
        }
        """##),
    ]
}
