#!/usr/bin/env bash
# Builds the Debian package: OUT/otsensor_VERSION_ARCH.deb (OUT: .build/deb).
#   scripts/package.sh [--out DIR] [--configuration debug]
# (debug: what scripts/test.sh packages from the debug build it already has; releases
# are built with the default, release.)
# It holds the two binaries (release, the Swift runtime linked in statically, so the
# package depends only on Debian's libraries), the systemd units and timers, the cron
# file, /etc/otsensor/otsensor.toml (a conffile), the sysusers.d and tmpfiles.d files
# (the otsensor user, the spool 0750), man pages from swift-argument-parser's
# generate-manual plugin, and bash, zsh and fish completions from
# --generate-completion-script. Needs dpkg-deb and dpkg-shlibdeps (dpkg-dev).
set -euo pipefail
cd "$(dirname "$0")/.."
out=.build/deb
configuration=release
while [ $# -gt 0 ]; do
    case "$1" in
        --out) out="$2"; shift 2 ;;
        --configuration) configuration="$2"; shift 2 ;;
        *) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
    esac
done
scripts/install-deps.sh --package

# Man pages: the plugin builds the package in the default build directory (the dynamic
# build scripts/test.sh and `swift build` make, so it is usually up to date already) and
# runs generate-manual on each executable.
manual_date="$(git log -1 --format=%cs 2>/dev/null || date -u +%F)"
swift package plugin generate-manual --configuration "$configuration" --date "$manual_date" >/dev/null
manuals=.build/plugins/GenerateManual/outputs
# The shipped binaries link the Swift runtime statically. Objects compiled for that
# cannot be linked against the shared runtime and the reverse, so they are built in a
# directory of their own.
swift build -c "$configuration" --static-swift-stdlib --scratch-path .build/static
bin="$(swift build -c "$configuration" --static-swift-stdlib --scratch-path .build/static --show-bin-path)"

version="$("$bin/otsensor" --version)"
arch="$(dpkg --print-architecture)"
name="otsensor_${version}_${arch}"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
root="$stage/$name"

install -D -m 0755 "$bin/otsensor" "$root/usr/bin/otsensor"
install -D -m 0755 "$bin/process-slice" "$root/usr/bin/process-slice"
strip --strip-unneeded "$root/usr/bin/otsensor" "$root/usr/bin/process-slice"

# The repository's units and cron file name /usr/local/bin, where the README's manual
# install puts the binaries; the package's are in /usr/bin.
for unit in packaging/systemd/otsensor-*; do
    install -D -m 0644 "$unit" "$root/usr/lib/systemd/system/$(basename "$unit")"
done
install -D -m 0644 packaging/cron/otsensor "$root/etc/cron.d/otsensor"
sed -i 's#/usr/local/bin/otsensor#/usr/bin/otsensor#g' "$root"/usr/lib/systemd/system/otsensor-*.service
install -D -m 0640 packaging/otsensor.toml "$root/etc/otsensor/otsensor.toml"
install -D -m 0644 packaging/sysusers.d/otsensor.conf "$root/usr/lib/sysusers.d/otsensor.conf"
install -D -m 0644 packaging/tmpfiles.d/otsensor.conf "$root/usr/lib/tmpfiles.d/otsensor.conf"

for tool in otsensor process-slice; do
    page="$(find "$manuals" -name "$tool.1" | head -1)"
    [ -n "$page" ] || { echo "package: generate-manual wrote no $tool.1 under $manuals" >&2; exit 1; }
    install -D -m 0644 "$page" "$root/usr/share/man/man1/$tool.1"
    gzip -9n "$root/usr/share/man/man1/$tool.1"
    completions="$root/usr/share"
    install -d "$completions/bash-completion/completions" "$completions/zsh/vendor-completions" \
        "$completions/fish/vendor_completions.d"
    "$bin/$tool" --generate-completion-script bash > "$completions/bash-completion/completions/$tool"
    "$bin/$tool" --generate-completion-script zsh > "$completions/zsh/vendor-completions/_$tool"
    "$bin/$tool" --generate-completion-script fish > "$completions/fish/vendor_completions.d/$tool.fish"
done
install -D -m 0644 README.md "$root/usr/share/doc/otsensor/README.md"
install -D -m 0644 -t "$root/usr/share/doc/otsensor/examples" packaging/network/*
gzip -9n "$root/usr/share/doc/otsensor/README.md"

# Depends: what the binaries link, as dpkg-shlibdeps finds it (it wants a debian/control).
mkdir -p "$stage/shlibs/debian"
printf 'Source: otsensor\n\nPackage: otsensor\nArchitecture: any\n' > "$stage/shlibs/debian/control"
depends="$(cd "$stage/shlibs" && dpkg-shlibdeps -O "$root/usr/bin/otsensor" "$root/usr/bin/process-slice" \
    2>/dev/null | sed -n 's/^shlibs:Depends=//p')"
[ -n "$depends" ] || { echo "package: dpkg-shlibdeps found no dependencies" >&2; exit 1; }

install -d "$root/DEBIAN"
install -m 0755 packaging/debian/postinst packaging/debian/prerm packaging/debian/postrm "$root/DEBIAN/"
printf '/etc/otsensor/otsensor.toml\n/etc/cron.d/otsensor\n' > "$root/DEBIAN/conffiles"
cat > "$root/DEBIAN/control" <<EOF
Package: otsensor
Version: $version
Architecture: $arch
Maintainer: otsensor maintainers <otsensor@localhost>
Installed-Size: $(du -sk --exclude=DEBIAN "$root" | cut -f1)
Depends: $depends, adduser | systemd
Recommends: p0f, systemd
Section: net
Priority: optional
Description: network sensor for OT/ICS networks writing Zeek-style logs
 otsensor captures from a monitoring interface and writes the Zeek-style log set
 (conn, dns, arp, dhcp, s7comm, CC-Link IE, p0f, ...) a security analytics service
 consumes, packages it per minute and uploads it over mutual TLS.
 .
 process-slice is the forensic tool: it reads any pcap or pcapng file into the same
 logs, like zeek -r.
EOF

mkdir -p "$out"
# xz as Debian's archives have it; a test package (debug) is compressed fast instead.
compression=(-Zxz)
[ "$configuration" = release ] || compression=(-Zgzip -z1)
dpkg-deb --root-owner-group "${compression[@]}" --build "$root" "$out/$name.deb" >/dev/null
echo "$out/$name.deb"
