#!/usr/bin/env bash
# Prints the path of Debian's Chromium for the editor tests, installing the package if it is missing.
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1; then
	echo "[chromium] installing Debian's chromium package" >&2
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	$sudo apt-get update -qq >&2
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >&2
fi
command -v chromium
