#!/usr/bin/env bash
# The systemd units' exposure, as `systemd-analyze security --offline=true` rates it
# (0 safest, 10 unsafe): at most 3.0 for run, send and clean, at most 4.0 for capture,
# which keeps CAP_NET_RAW/CAP_NET_ADMIN and the host's network. The units had 9.6.
# Also checks that each service runs as the otsensor user, never as root.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v systemd-analyze >/dev/null; then
    echo "!!! unit security NOT CHECKED: systemd-analyze is missing (scripts/install-deps.sh --package installs systemd)" >&2
    exit 1
fi
failed=0
for entry in run:3.0 send:3.0 clean:3.0 capture:4.0; do
    unit="packaging/systemd/otsensor-${entry%%:*}.service" limit="${entry#*:}"
    rating="$(systemd-analyze security --offline=true --no-pager "$unit" 2>&1 \
        | sed -n 's/^→ Overall exposure level for [^:]*: \([0-9.]*\) .*/\1/p')"
    if [ -z "$rating" ]; then
        echo "unit security: no rating for $unit" >&2; failed=1; continue
    fi
    if awk -v r="$rating" -v l="$limit" 'BEGIN { exit !(r <= l) }'; then
        echo "unit security: $unit rated $rating (limit $limit)"
    else
        echo "unit security: $unit rated $rating, over the limit $limit" >&2; failed=1
    fi
    if ! grep -qx 'User=otsensor' "$unit"; then
        echo "unit security: $unit does not run as User=otsensor" >&2; failed=1
    fi
done
exit $failed
