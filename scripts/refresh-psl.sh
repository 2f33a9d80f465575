#!/usr/bin/env bash
# Refreshes the Public Suffix List bundled in the library jar from Debian's `publicsuffix` package
# (/usr/share/publicsuffix), and records where it came from in public_suffix_list.properties.
#
#   scripts/refresh-psl.sh            copy the installed list when it differs from the bundled one
#   scripts/refresh-psl.sh --install  apt-get install publicsuffix first (needs root)
#
# The list is MPL-2.0 and is shipped unmodified with its license beside it; never edit the .dat.
# Debian's copy may be older than the bundled snapshot: the script refuses to go back in time
# unless FORCE=1 is set.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dest="$root/courier-core/src/main/resources/dev/courier/cookies"
src=/usr/share/publicsuffix/public_suffix_list.dat

if [ "${1:-}" = "--install" ]; then
  if [ "$(id -u)" -ne 0 ]; then echo "refresh-psl: --install needs root" >&2; exit 1; fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq publicsuffix
fi
if [ ! -r "$src" ]; then
  echo "refresh-psl: $src not found; install Debian's 'publicsuffix' package (or run with --install as root)" >&2
  exit 1
fi

pkg_version=$(dpkg-query -W -f='${Version}' publicsuffix 2>/dev/null || echo unknown)
# Debian versions look like 20230209.2326-1: the list's date is the first 8 digits.
pkg_date=$(printf '%s' "$pkg_version" | sed -n 's/^\([0-9]\{4\}\)\([0-9]\{2\}\)\([0-9]\{2\}\).*/\1-\2-\3/p')
[ -n "$pkg_date" ] || pkg_date=$(date -u -r "$src" +%Y-%m-%d)
current_date=$(sed -n 's/^date=//p' "$dest/public_suffix_list.properties" 2>/dev/null || true)

new_sum=$(sha256sum "$src" | cut -d' ' -f1)
old_sum=$(sha256sum "$dest/public_suffix_list.dat" | cut -d' ' -f1)
if [ "$new_sum" = "$old_sum" ]; then echo "refresh-psl: already up to date ($current_date)"; exit 0; fi
if [ -n "$current_date" ] && [[ "$pkg_date" < "$current_date" ]] && [ "${FORCE:-0}" != 1 ]; then
  echo "refresh-psl: Debian's list ($pkg_date) is older than the bundled one ($current_date); set FORCE=1 to use it anyway" >&2
  exit 1
fi
# A list without its MPL header or the ICANN section is not a list we can ship.
grep -q 'Mozilla Public' "$src" && grep -q '===BEGIN ICANN DOMAINS===' "$src" \
  || { echo "refresh-psl: $src does not look like the Public Suffix List" >&2; exit 1; }

tmp=$(mktemp "$dest/.psl.XXXXXX")
cp "$src" "$tmp" && mv "$tmp" "$dest/public_suffix_list.dat"
if [ -r /usr/share/common-licenses/MPL-2.0 ]; then cp /usr/share/common-licenses/MPL-2.0 "$dest/public_suffix_list.LICENSE-MPL-2.0.txt"; fi
cat > "$dest/public_suffix_list.properties" <<PROPS
# Which Public Suffix List snapshot is bundled (read by PublicSuffixList.version()/date()).
# Written by scripts/refresh-psl.sh on $(date -u +%Y-%m-%dT%H:%M:%SZ).
source=Debian package publicsuffix $pkg_version ($src)
date=$pkg_date
version=$pkg_version
sha256=$new_sum
PROPS
echo "refresh-psl: bundled list is now Debian publicsuffix $pkg_version ($pkg_date); run the PublicSuffixList tests"
