#!/usr/bin/env bash
# Makes sure PostgreSQL and Redis servers from Debian's packages are on this machine (for the queue-mode tests).
set -euo pipefail
missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)
if [ ${#missing[@]} -gt 0 ]; then
	echo "[queue-mode] installing Debian packages: ${missing[*]}" >&2
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	$sudo apt-get update -qq >&2
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
# Prints the folder with initdb and pg_ctl.
dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)"
