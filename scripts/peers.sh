# Sourced by ./check: makes sure the real peers that interop tests drive are installed.
# Installs a missing one with apt-get when running as root. Locally, a peer that is still missing
# is a warning (the tests that need it skip, and ./check's last line counts them); in CI
# (CI=true) it fails the run with one line naming what is missing.

COURIER_PEER_PACKAGES=(curl:curl nginx:nginx python3:python3 wrk:wrk openssl:openssl tmux:tmux http:httpie slowhttptest:slowhttptest nghttp:nghttp2-client)

missing_peers() {
  local entry cmd pkg
  for entry in "${COURIER_PEER_PACKAGES[@]}"; do
    cmd=${entry%%:*}; pkg=${entry#*:}
    command -v "$cmd" >/dev/null 2>&1 || [ -x "/usr/sbin/$cmd" ] || printf '%s\n' "$pkg"
  done
  python3 -c 'import requests' >/dev/null 2>&1 || printf '%s\n' python3-requests
  # the reference httpbin for HttpBinParityTest (Debian's package goes to /usr/bin/python3's path)
  python3 -c 'import httpbin' >/dev/null 2>&1 || /usr/bin/python3 -c 'import httpbin' >/dev/null 2>&1 \
    || printf '%s\n' python3-httpbin
  # python3-h2 for the HTTP/2 interop test, also importable only from Debian's python3 here
  python3 -c 'import h2' >/dev/null 2>&1 || /usr/bin/python3 -c 'import h2' >/dev/null 2>&1 \
    || printf '%s\n' python3-h2
}

ensure_peers() {
  local missing
  mapfile -t missing < <(missing_peers)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "check: installing peers: ${missing[*]}"
    apt-get update -qq >/dev/null 2>&1 || echo "check: apt-get update failed" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 \
      || echo "check: apt-get install ${missing[*]} failed" >&2
    mapfile -t missing < <(missing_peers)
    [ ${#missing[@]} -eq 0 ] && return 0
  fi
  if [ "${CI:-}" = "true" ]; then
    echo "check: FAILED in CI: missing peers: ${missing[*]} (the interop tests that drive them would be skipped)" >&2
    return 1
  fi
  echo "check: warning: missing peers (${missing[*]}); tests that need them will be skipped" >&2
}
