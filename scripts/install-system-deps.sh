#!/usr/bin/env bash
# Installs the Debian packages the test suite needs, only those that are missing:
#   nginx        TLS-terminating gRPC proxy in front of the Spark server (test/support/tls.ts)
#   openssl      certificate inspection and the TLS tests' CLI checks
#   chromium     real browser for the webview and VS Code (code-server) tests
#   libkrb5-dev  chromium's Kerberos library, which Debian's chromium package does not pull in
#   default-jre-headless, maven, python3-venv: to run and obtain Spark when the image lacks them
# Safe to run repeatedly: when everything is present it does nothing and touches no network.
# Works as root without a terminal (CI); uses sudo when not root and sudo exists.
set -euo pipefail

# Package name -> a command or file whose presence proves it is usable. A dpkg query alone is not
# enough on images where a binary comes from elsewhere (java, python3 from pyenv), so both count.
declare -A PROOF=(
  [nginx]=/usr/sbin/nginx
  [openssl]=openssl
  [chromium]=/usr/bin/chromium
  [libkrb5-dev]=/usr/include/krb5.h
  [default-jre-headless]=java
  [maven]=mvn
  [python3-venv]=python3-venv
)

present() { # package proof
  local pkg="$1" proof="$2"
  if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then return 0; fi
  case "$proof" in
    /*) [ -e "$proof" ] ;;
    python3-venv) python3 -c 'import venv, ensurepip' >/dev/null 2>&1 ;;
    *) command -v "$proof" >/dev/null 2>&1 ;;
  esac
}

missing=()
for pkg in "${!PROOF[@]}"; do
  present "$pkg" "${PROOF[$pkg]}" || missing+=("$pkg")
done
if [ "${#missing[@]}" -eq 0 ]; then
  echo "system deps: all present"
  exit 0
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=(sudo -n); else
    echo "system deps missing (${missing[*]}) and not root without sudo" >&2; exit 1
  fi
fi

echo "system deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# One update, only because something is missing; the lists in a fresh image are often empty.
"${SUDO[@]}" apt-get update -qq </dev/null >/dev/null
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null >/dev/null

# Debian's nginx package enables and starts a system service on port 80 where an init system runs.
# The tests start their own nginx instances with private configs, so a leftover system one is only noise;
# it is left alone (it may be someone else's), but the tests never depend on it.
for pkg in "${missing[@]}"; do
  present "$pkg" "${PROOF[$pkg]}" || { echo "system deps: $pkg still missing after apt-get" >&2; exit 1; }
done
echo "system deps: done"
