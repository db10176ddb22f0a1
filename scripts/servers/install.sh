#!/usr/bin/env bash
# Installs the Debian packages of the test servers (kafka = kcat's mock cluster, redis, nats); quiet when present.
# Usage: scripts/servers/install.sh [kafka] [redis] [nats]   (no argument: all three)
set -euo pipefail

package_of() {
  case "$1" in
    kafka) echo kcat ;;
    redis) echo redis-server ;;
    nats) echo nats-server ;;
    *) echo "unknown test server '$1' (expected kafka, redis or nats)" >&2; return 1 ;;
  esac
}

binary_of() {
  case "$1" in
    kafka) echo kcat ;;
    redis) echo redis-server ;;
    nats) echo nats-server ;;
  esac
}

names=("$@")
[ ${#names[@]} -eq 0 ] && names=(kafka redis nats)

missing=()
for name in "${names[@]}"; do
  package=$(package_of "$name")
  command -v "$(binary_of "$name")" >/dev/null 2>&1 || PATH="$PATH:/usr/sbin" command -v "$(binary_of "$name")" >/dev/null 2>&1 ||
    missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=()
[ "$(id -u)" -ne 0 ] && sudo=(sudo)
echo "installing ${missing[*]} (apt-get)" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq >/dev/null
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
