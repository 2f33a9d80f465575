# Sourced by ./check: makes sure the real peers that interop tests drive are installed.
# Installs a missing one with apt-get when running as root; otherwise the tests that need it skip.

COURIER_PEER_PACKAGES=(curl:curl nginx:nginx python3:python3 wrk:wrk openssl:openssl)

ensure_peers() {
  local missing=() entry cmd pkg
  for entry in "${COURIER_PEER_PACKAGES[@]}"; do
    cmd=${entry%%:*}; pkg=${entry#*:}
    command -v "$cmd" >/dev/null 2>&1 || [ -x "/usr/sbin/$cmd" ] || missing+=("$pkg")
  done
  python3 -c 'import requests' >/dev/null 2>&1 || missing+=(python3-requests)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "check: installing peers: ${missing[*]}"
    apt-get update -qq >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 \
      || echo "check: could not install ${missing[*]}; tests that need them will be skipped" >&2
  else
    echo "check: missing peers (${missing[*]}); tests that need them will be skipped" >&2
  fi
}
