#!/usr/bin/env bash
# Fetch the offline enrichment data from package registries, once, into DIR
# (default ${XDG_CACHE_HOME:-$HOME/.cache}/unmask/enrich):
#
#   DIR/ip/            ip-location-db's ASN CSVs (npm `@ip-location-db/asn`) and country MMDB
#                      (npm `@ip-location-db/geo-whois-asn-country-mmdb`), with their licence files
#   DIR/warninglists/  MISP warning lists of cloud, hosting, CDN and VPN ranges (PyPI
#                      `pymispwarninglists`), one `<name>/list.json` each, and their LICENSE
#
#   scripts/enrich-setup.sh [DIR]
#
# Progress goes to stderr. At the end stdout gets the `[enrich]` snippet for unmask.toml, the
# commands that import the warning lists, and the attribution the data's licences require.
# Idempotent: what is already in DIR is kept (delete a folder to fetch it again). Uses `npm pack`
# and `pip download` only: nothing is installed and no package.json is written. Needs npm,
# python3 with pip, and tar.
set -euo pipefail

DIR="${1:-${XDG_CACHE_HOME:-${HOME:?set HOME or pass DIR}/.cache}/unmask/enrich}"
IP="$DIR/ip"
LISTS="$DIR/warninglists"

# Cloud, hosting, CDN and VPN ranges. pymispwarninglists 1.7.0 carries no Tor list; any list
# whose name mentions tor, vpn or proxy is added below when a later release has one.
WANTED_LISTS=(
    vpn-ipv4 vpn-ipv6
    amazon-aws google-gcp
    microsoft-azure microsoft-azure-china microsoft-azure-germany microsoft-azure-us-gov
    ovh-cluster cloudflare akamai fastly stackpath zscaler
)

say() { echo "enrich-setup: $*" >&2; }
fail() { echo "error: $*" >&2; exit 1; }

command -v npm >/dev/null || fail "\`npm\` is missing (Debian: apt-get install npm)"
command -v python3 >/dev/null || fail "\`python3\` is missing"
command -v tar >/dev/null || fail "\`tar\` is missing"

mkdir -p "$IP" "$LISTS"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/unmask-enrich.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

# npm_unpack PACKAGE FILE... : `npm pack` PACKAGE into $WORK and copy FILEs into $IP.
npm_unpack() {
    local package="$1"
    shift
    say "fetching $package (npm pack)"
    local tarball
    tarball="$(cd "$WORK" && npm pack "$package" --silent --pack-destination "$WORK" | tail -n 1)"
    [ -f "$WORK/$tarball" ] || fail "\`npm pack $package\` left no tarball"
    local dest="$WORK/${tarball%.tgz}"
    mkdir -p "$dest"
    tar -xzf "$WORK/$tarball" -C "$dest"
    local version
    version="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["version"])' "$dest/package/package.json")"
    for file in "$@"; do
        [ -f "$dest/package/$file" ] || fail "$package $version has no \`$file\`"
        cp "$dest/package/$file" "$IP/$file"
    done
    cp "$dest/package/README.md" "$IP/${package##*/}.README.md"
    echo "$package $version" >>"$IP/VERSIONS"
    say "$package $version: $* -> $IP"
}

# ASN: the address-style CSVs only; the `-num` files hold the same rows again.
if [ -f "$IP/asn-ipv4.csv" ] && [ -f "$IP/asn-ipv6.csv" ]; then
    say "ASN tables present in $IP, skipped"
else
    npm_unpack @ip-location-db/asn asn-ipv4.csv asn-ipv6.csv \
        DBIP-LICENSE NRO_LICENSE ROUTEVIEWS-LICENSE MODIFICATIONS
fi

# Country: the combined MMDB only; the -ipv4 and -ipv6 files are its two halves.
if [ -f "$IP/geo-whois-asn-country.mmdb" ]; then
    say "country MMDB present in $IP, skipped"
else
    npm_unpack @ip-location-db/geo-whois-asn-country-mmdb geo-whois-asn-country.mmdb NRO_LICENSE
fi

missing=()
for name in "${WANTED_LISTS[@]}"; do
    [ -f "$LISTS/$name/list.json" ] || missing+=("$name")
done
if [ "${#missing[@]}" -eq 0 ] && [ -f "$LISTS/LICENSE" ]; then
    say "warning lists present in $LISTS, skipped"
else
    say "fetching pymispwarninglists (pip download --no-deps)"
    python3 -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
        --dest "$WORK/pip" pymispwarninglists >&2
    wheel="$(ls "$WORK"/pip/pymispwarninglists-*.whl)"
    # Unzip the lists named above, and any other tor/vpn/proxy list, with the licence.
    python3 - "$wheel" "$LISTS" "${WANTED_LISTS[@]}" <<'PY'
import os, re, sys, zipfile

wheel, dest, wanted = sys.argv[1], sys.argv[2], set(sys.argv[3:])
prefix = "pymispwarninglists/data/misp-warninglists/lists/"
with zipfile.ZipFile(wheel) as z:
    names = {}
    for member in z.namelist():
        if member.startswith(prefix) and member.endswith("/list.json"):
            names[member[len(prefix):-len("/list.json")]] = member
        elif member.endswith("/licenses/LICENSE") or member.endswith(".dist-info/LICENSE"):
            with open(os.path.join(dest, "LICENSE"), "wb") as out:
                out.write(z.read(member))
    extra = {n for n in names if re.search(r"(^|-)(tor|vpn|proxy)(-|$)", n)}
    absent = sorted(wanted - names.keys())
    if absent:
        sys.exit(f"error: pymispwarninglists has no list {', '.join(absent)}")
    for name in sorted(wanted | extra):
        os.makedirs(os.path.join(dest, name), exist_ok=True)
        with open(os.path.join(dest, name, "list.json"), "wb") as out:
            out.write(z.read(names[name]))
        print(f"enrich-setup: warning list {name}", file=sys.stderr)
PY
    echo "pymispwarninglists ${wheel##*/pymispwarninglists-}" | sed 's/-py3.*//' >"$LISTS/VERSION"
fi

# What to do with it, on stdout.
echo "# unmask.toml"
echo "[enrich]"
echo "ip = [\"$IP\"]"
echo
echo "# Import the warning lists (cloud, hosting, CDN and VPN ranges):"
for list in "$LISTS"/*/list.json; do
    [ -f "$list" ] && echo "unmask ingest misp-warninglist $list"
done
echo
cat <<'EOF'
# Attribution, required by the data's licences (CC BY 4.0; licence files are in the ip/ folder):
# - IP to ASN data: ip-location-db (github.com/sapics/ip-location-db), built from DB-IP's
#   IP to ASN Lite database (IP Geolocation by DB-IP, https://db-ip.com, CC BY 4.0),
#   RouteViews (https://www.routeviews.org, CC BY 4.0) and the regional internet registries'
#   statistics from NRO (https://www.nro.net, CC BY 4.0), with modifications (see MODIFICATIONS).
# - IP to country data: ip-location-db's geo-whois-asn-country (GeoFeed, the RIRs' WHOIS and
#   ASN data), licensed CC BY 4.0 by NRO (https://www.nro.net).
# - Warning lists: MISP warninglists (github.com/MISP/misp-warninglists), BSD-3-Clause.
EOF
say "done: $DIR"
