#!/usr/bin/env bash
# Installs the Debian package on this machine as an operator would, uses it, and purges it.
#   scripts/tests/package-test.sh [DEB]   (no DEB: scripts/package.sh --configuration debug builds one)
# Checks, in order:
#   * apt-get install ./otsensor_*.deb creates the otsensor user, the spool (0750
#     otsensor:otsensor) and /etc/otsensor (0750 root:otsensor); `otsensor config check`
#     and `process-slice --help` work; `man -w`/`man` find both pages; the completions load;
#   * the units' commands work under the units' users and capabilities: each ExecStart
#     runs through setpriv as its unit's User= with its AmbientCapabilities= only (systemd
#     does not run as PID 1 here, so setpriv stands in for it): capture on lo into the
#     spool, run, send to a real nginx with mutual TLS, clean; every spool file belongs
#     to otsensor with the modes the README promises;
#   * capture --user: opened as root, the process then runs as otsensor; an unknown user
#     is refused with exit 64 before anything is opened;
#   * apt-get purge leaves nothing but the spool (the plant's data).
# Needs root and apt: without them it says so loudly and exits 1. It refuses to run where
# an otsensor package, user or spool already exists (it would change or remove them).
set -euo pipefail
cd "$(dirname "$0")/../.."
fail() { echo "package test: FAILED: $*" >&2; exit 1; }
cannot() { echo "!!! package test NOT RUN: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || cannot "it installs a Debian package and needs root (uid $(id -u))"
command -v apt-get >/dev/null && command -v dpkg >/dev/null || cannot "no apt-get/dpkg on this machine"
command -v setpriv >/dev/null || cannot "no setpriv (util-linux)"
if dpkg-query -W -f='${Status}' otsensor 2>/dev/null | grep -q installed; then
    cannot "the otsensor package is installed already; this test would purge it"
fi
getent passwd otsensor >/dev/null && cannot "a user otsensor exists already; this test removes the one it makes"
[ -e /var/spool/otsensor ] && cannot "/var/spool/otsensor exists already; this test removes the one it makes"

tmp="$(mktemp -d)"
nginx_pid=""
cleanup() {
    [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
    if dpkg-query -W -f='${Status}' otsensor 2>/dev/null | grep -q installed; then
        DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq otsensor >/dev/null 2>&1 || true
    fi
    rm -rf /var/spool/otsensor "$tmp"
    getent passwd otsensor >/dev/null && userdel otsensor 2>/dev/null || true
    getent group otsensor >/dev/null && groupdel otsensor 2>/dev/null || true
}
trap cleanup EXIT

deb="${1:-}"
if [ -z "$deb" ]; then
    deb="$(scripts/package.sh --configuration debug --out "$tmp/deb" | tail -1)" || fail "scripts/package.sh"
fi
deb="$(realpath "$deb")"
echo "== package test: $deb"
# Files left behind by the package. apt's cache is apt's; /var/cache/man is man-db's cache
# of formatted pages, which the `man` run below fills (on a machine where man-db set the
# cache up) and man-db itself prunes: the package owns nothing there.
paths() {
    find /etc /usr /var/lib /var/spool /var/cache -xdev 2>/dev/null | { grep -i otsensor || true; } \
        | { grep -v -e '^/var/cache/apt' -e '^/var/cache/man/' || true; } | sort
}
paths > "$tmp/before"

export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq --no-install-recommends "$deb" >/dev/null || fail "apt-get install $deb"
dpkg -L otsensor > "$tmp/installed"

# What the maintainer scripts and the sysusers.d/tmpfiles.d files made.
getent passwd otsensor | grep -q ':/var/spool/otsensor:/usr/sbin/nologin$' \
    || fail "user otsensor: $(getent passwd otsensor) (want home /var/spool/otsensor, shell nologin)"
check_mode() {  # path mode owner:group
    local actual
    actual="$(stat -c '%a %U:%G' "$1")"
    [ "$actual" = "$2 $3" ] || fail "$1 is $actual, want $2 $3"
}
check_mode /var/spool/otsensor 750 otsensor:otsensor
check_mode /etc/otsensor 750 root:otsensor
check_mode /etc/otsensor/otsensor.toml 640 root:otsensor
grep -qx /etc/otsensor/otsensor.toml /var/lib/dpkg/info/otsensor.conffiles || fail "otsensor.toml is not a conffile"
echo "package test: user, spool and configuration created with the right owners and modes"
systemd-analyze verify /usr/lib/systemd/system/otsensor-* > "$tmp/verify.txt" 2>&1 \
    && [ ! -s "$tmp/verify.txt" ] || fail "systemd-analyze verify of the installed units: $(cat "$tmp/verify.txt")"
echo "package test: systemd-analyze verify finds nothing wrong in the installed units"

otsensor config check > "$tmp/check.txt" || fail "otsensor config check (as root): $(cat "$tmp/check.txt")"
grep -q "/var/spool/otsensor" "$tmp/check.txt" || fail "config check did not print the effective settings"
runuser -u otsensor -- otsensor config check >/dev/null || fail "otsensor config check as the otsensor user"
process-slice --help > "$tmp/help.txt" || fail "process-slice --help exited $?"
grep -q '^USAGE: process-slice' "$tmp/help.txt" || fail "process-slice --help has no USAGE line"
for page in otsensor process-slice; do
    [ "$(man -w "$page")" = "/usr/share/man/man1/$page.1.gz" ] || fail "man -w $page: $(man -w "$page" 2>&1)"
    MANWIDTH=80 man -P cat "$page" 2>/dev/null | head -20 > "$tmp/man.txt"
    grep -q '^NAME' "$tmp/man.txt" && grep -q "$page" "$tmp/man.txt" || fail "man $page: $(cat "$tmp/man.txt")"
done
for tool in otsensor process-slice; do
    bash -c "source /usr/share/bash-completion/completions/$tool && complete -p $tool" >/dev/null \
        || fail "bash completion for $tool does not load"
    grep -q "^#compdef $tool" "/usr/share/zsh/vendor-completions/_$tool" || fail "zsh completion for $tool"
    grep -q "complete -c '\{0,1\}$tool" "/usr/share/fish/vendor_completions.d/$tool.fish" || fail "fish completion for $tool"
done
echo "package test: config check, process-slice --help, man pages and bash/zsh/fish completions work"

# An upload endpoint: nginx with mutual TLS, as the cloud's. The sensor's key goes where
# the README puts it, the otsensor user's alone (send refuses a key others can read).
(
    cd "$tmp"
    echo "subjectAltName = IP:127.0.0.1" > san.cnf
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca.key -out ca.pem \
        -days 2 -subj "/CN=package test CA" 2>/dev/null
    for name in server client; do
        openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout $name.key -out $name.csr \
            -subj "/CN=$name" 2>/dev/null
        openssl x509 -req -in $name.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out $name.pem -days 2 \
            -extfile san.cnf 2>/dev/null
    done
)
install -m 0644 "$tmp/ca.pem" /etc/otsensor/ca.pem
install -m 0644 "$tmp/client.pem" /etc/otsensor/client.pem
install -m 0600 -o otsensor -g otsensor "$tmp/client.key" /etc/otsensor/client.key
port=$((20000 + RANDOM % 20000)) backend=$((40000 + RANDOM % 20000))
mkdir -p "$tmp/nginx/bodies"
cat > "$tmp/nginx/nginx.conf" <<EOF
user root;
daemon off;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log;
events { worker_connections 64; }
http {
    client_body_temp_path $tmp/nginx/bodies;
    access_log $tmp/nginx/access.log;
    server {
        listen 127.0.0.1:$port ssl;
        ssl_certificate $tmp/server.pem;
        ssl_certificate_key $tmp/server.key;
        ssl_client_certificate $tmp/ca.pem;
        ssl_verify_client on;
        client_max_body_size 200m;
        location /upload { proxy_pass http://127.0.0.1:$backend/stored; }
    }
    server { listen 127.0.0.1:$backend; access_log off; location / { return 200 "stored\n"; } }
}
EOF
nginx -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" -e "$tmp/nginx/error.log" &
nginx_pid=$!
sed -i -e 's/^label = .*/label = "pkgtest"/' -e 's/^interface = .*/interface = "lo"/' \
    -e 's/^rotate = .*/rotate = 2/' -e "s#^url = .*#url = \"https://127.0.0.1:$port/upload\"#" \
    /etc/otsensor/otsensor.toml

# Unit $1's ExecStart as systemd would run it, into the array unit_argv: its User=, its
# AmbientCapabilities= and no other capability, no new privileges, its UMask=, and
# MemoryDenyWriteExecute=yes as the kernel enforces it (prctl PR_SET_MDWE, kept across
# exec), so that a Swift runtime that needed writable code pages would fail here. (The
# system call filter and the mount namespaces are not reproduced.) It fills an array
# rather than running the command, so that `"${unit_argv[@]}" &` gives its pid in $!.
unit_command() {
    local unit="/usr/lib/systemd/system/$1" user exec caps umask
    user="$(sed -n 's/^User=//p' "$unit")"
    exec="$(sed -n 's/^ExecStart=//p' "$unit")"
    umask="$(sed -n 's/^UMask=//p' "$unit")"
    caps="$(sed -n 's/^AmbientCapabilities=//p' "$unit" | tr 'A-Z' 'a-z' | sed -e 's/cap_/+/g' -e 's/ /,/g')"
    [ "$user" = otsensor ] || fail "$1 runs as '${user:-root}', not otsensor"
    grep -qx 'MemoryDenyWriteExecute=yes' "$unit" || fail "$1 allows writable and executable memory"
    unit_argv=(python3 -c '
import ctypes, os, sys
prctl = ctypes.CDLL(None, use_errno=True).prctl
PR_SET_MDWE, PR_GET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN = 65, 66, 1
if prctl(PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN, 0, 0, 0) != 0 or prctl(PR_GET_MDWE, 0, 0, 0, 0) != 1:
    sys.exit("package test: this kernel cannot deny writable+executable memory (PR_SET_MDWE, Linux 6.3)")
os.execvp(sys.argv[1], sys.argv[1:])
' setpriv --reuid="$user" --regid="$user" --init-groups --no-new-privs \
        --bounding-set="-all${caps:+,$caps}" --inh-caps="-all${caps:+,$caps}" --ambient-caps="-all${caps:+,$caps}" \
        -- sh -c "umask $umask; exec $exec")
}
for _ in $(seq 50); do [ -s "$tmp/nginx/nginx.pid" ] && break; sleep 0.1; done

unit_command otsensor-capture.service
"${unit_argv[@]}" 2> "$tmp/capture.log" &
capture=$!
for _ in $(seq 100); do ls /var/spool/otsensor/incoming/*.pcap.part >/dev/null 2>&1 && break; sleep 0.1; done
grep -q "^Uid:\s$(id -u otsensor)\s" "/proc/$capture/status" || fail "capture does not run as otsensor"
for i in $(seq 40); do echo "datagram $i" > /dev/udp/127.0.0.1/9999 || true; sleep 0.1; done
kill -TERM "$capture"
wait "$capture" || fail "capture (as otsensor with CAP_NET_RAW/CAP_NET_ADMIN) exited $?: $(cat "$tmp/capture.log")"
ls /var/spool/otsensor/incoming/*-pkgtest.pcap >/dev/null 2>&1 || fail "capture wrote no complete file: $(cat "$tmp/capture.log")"
slices="$(ls /var/spool/otsensor/incoming/*-pkgtest.pcap | wc -l)"
echo "package test: capture as otsensor with CAP_NET_RAW/CAP_NET_ADMIN wrote $slices files from lo"

unit_command otsensor-run.service
"${unit_argv[@]}" 2> "$tmp/run.log" || fail "run as otsensor: $(cat "$tmp/run.log")"
archives="$(ls /var/spool/otsensor/outbox/*-pkgtest.tar.zst | wc -l)"
[ "$archives" -eq "$slices" ] || fail "run packaged $archives archives from $slices captures: $(cat "$tmp/run.log")"
# run carries connections between slices: one still open at the last slice's end is in its conn_long.log.
grep -q 'udp' /var/spool/otsensor/logs/*-pkgtest/conn.log /var/spool/otsensor/logs/*-pkgtest/conn_long.log \
    || fail "no UDP connection in the logs of the capture"
unit_command otsensor-send.service
"${unit_argv[@]}" 2> "$tmp/send.log" || fail "send as otsensor: $(cat "$tmp/send.log")"
[ -z "$(ls /var/spool/otsensor/outbox/)" ] || fail "send left archives in the outbox: $(cat "$tmp/send.log")"
[ "$(grep -c '"POST /upload HTTP/1.1" 200' "$tmp/nginx/access.log")" -eq "$archives" ] \
    || fail "nginx did not accept $archives uploads: $(cat "$tmp/nginx/access.log")"
unit_command otsensor-clean.service
"${unit_argv[@]}" 2> "$tmp/clean.log" || fail "clean as otsensor: $(cat "$tmp/clean.log")"
not_owned="$(find /var/spool/otsensor ! -user otsensor -o ! -group otsensor)"
[ -z "$not_owned" ] || fail "spool files not owned by otsensor:otsensor: $not_owned"
open_to_others="$(find /var/spool/otsensor -perm /0007)"
[ -z "$open_to_others" ] || fail "spool files open to other users: $open_to_others"
wrong_dirs="$(find /var/spool/otsensor -type d ! -perm 0750)"
[ -z "$wrong_dirs" ] || fail "spool directories not 0750: $wrong_dirs"
echo "package test: run, send ($archives archives to nginx over mutual TLS) and clean as otsensor; every spool file otsensor's, nothing open to others"

# capture --user, as cron starts it: root opens lo, then the process is otsensor's.
if otsensor capture --user no-such-user-here --interface lo 2> "$tmp/nouser.log"; then
    fail "capture --user no-such-user-here succeeded"
else
    status=$?
    [ "$status" -eq 64 ] && grep -q "no-such-user-here: no such user" "$tmp/nouser.log" \
        || fail "capture --user no-such-user-here: exit $status, $(cat "$tmp/nouser.log")"
fi
otsensor capture --user otsensor --interface lo --label drop 2> "$tmp/drop.log" &
capture=$!
for _ in $(seq 100); do ls /var/spool/otsensor/incoming/*-drop.pcap.part >/dev/null 2>&1 && break; sleep 0.1; done
uid="$(id -u otsensor)" gid="$(id -g otsensor)"
# Credentials are per thread: every thread must have switched, the main one included.
for task in /proc/"$capture"/task/*; do
    grep -q "^Uid:\s$uid\s$uid\s$uid\s$uid$" "$task/status" || fail "capture --user otsensor: $task: $(grep -E '^Uid' "$task/status")"
    grep -q "^Gid:\s$gid\s$gid\s$gid\s$gid$" "$task/status" || fail "capture --user otsensor: $task kept root's group"
    grep -q "^Groups:\s*$gid\s*$" "$task/status" || fail "capture --user otsensor: $task kept supplementary groups"
    grep -q "^CapEff:\s0*$" "$task/status" || fail "capture --user otsensor: $task kept capabilities"
done
kill -TERM "$capture"
wait "$capture" || fail "capture --user otsensor exited $?: $(cat "$tmp/drop.log")"
[ "$(stat -c %U /var/spool/otsensor/incoming/*-drop.pcap | sort -u)" = otsensor ] || fail "capture --user wrote files not owned by otsensor"
echo "package test: capture --user otsensor runs as otsensor in every thread (uid, gid, groups, no capabilities) after opening lo; an unknown user exits 64"

apt-get purge -y -qq otsensor >/dev/null || fail "apt-get purge otsensor"
paths > "$tmp/after"
left="$(comm -13 "$tmp/before" "$tmp/after" | grep -v '^/var/spool/otsensor' || true)"
[ -z "$left" ] || fail "purge left: $left"
while read -r path; do
    [ "$path" = /. ] || [ -d "$path" ] || [ ! -e "$path" ] || fail "purge left $path"
done < "$tmp/installed"
[ -d /var/spool/otsensor/logs ] || fail "purge removed the spool"
echo "package test: apt-get purge left nothing but the spool"
