#!/usr/bin/env bash
# Makes sure `prometheus` and `promtool` are on the PATH for the Prometheus integration tests
# (test/telemetry/prometheus/*.int.test.ts start their own server on a free port), installing
# Debian's prometheus package when they are missing.
set -euo pipefail

have_prometheus() {
  command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1
}

if have_prometheus; then
  echo "prometheus already installed: $(prometheus --version 2>&1 | head -1)"
  exit 0
fi

echo "prometheus/promtool not found; installing Debian's prometheus package"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
install() { DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends prometheus; }
if ! { install || { $SUDO apt-get update && install; }; }; then
  echo "ensure-prometheus: could not install prometheus — install it yourself (apt-get install prometheus)" >&2
  exit 1
fi
# The package may start a system service on :9090; the tests use their own server and port.
have_prometheus
echo "prometheus installed: $(prometheus --version 2>&1 | head -1)"
