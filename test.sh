#!/usr/bin/env bash
# Runs every test of Loom Gateway on a fresh Debian machine with a JDK 17+ and Maven:
# the unit tests, then the integration tests, which deploy the built WAR into real Tomcat 10.1,
# Tomcat 11 and Jetty 12 servers (the build fetches them from Maven Central) bound to 127.0.0.1.
# First it installs, with apt, whatever the tests need that is not a Maven artifact (Chromium and its driver).
set -euo pipefail
cd "$(dirname "$0")"

# Debian packages the tests need: the browser and its driver for the dashboard's Selenium tests (every server
# the tests start comes from Maven Central).
apt_packages=(chromium chromium-driver)

missing=()
for package in "${apt_packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing ${missing[*]} with apt-get"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}"
fi

command -v java >/dev/null || { echo "A JDK 17 or newer is needed (java is not on the PATH)"; exit 1; }
command -v mvn >/dev/null || { echo "Maven is needed (mvn is not on the PATH)"; exit 1; }

exec mvn -B clean verify "$@"
