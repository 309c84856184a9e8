# shellcheck shell=bash
# Throwaway PostgreSQL server for tests, from Debian's packages.
#
# Sourced (by .ci/run):
#     source .ci/postgres.sh
#     pg_start            # exports SCC_TEST_POSTGRES_URL, SCC_PG_DIR, SCC_PG_PORT
#     trap pg_stop EXIT   # stops the server and removes its directory
#
# Executed (by `make pg` / `make pg-stop`):
#     bash .ci/postgres.sh start [ENV_FILE]   # prints `export ...` lines; records them in ENV_FILE
#     bash .ci/postgres.sh stop DIR|ENV_FILE
#
# The server lives in a fresh `mktemp -d` directory (data, socket, log), listens only on
# 127.0.0.1, trusts local connections and runs with fsync=off: for tests only.
# Tunables: SCC_PG_PORT (first port tried, default 55432), SCC_PG_TMPDIR (default /tmp),
# SCC_PG_BINDIR (default: Debian's /usr/lib/postgresql/<newest>/bin).

_pg_log() { printf 'postgres.sh: %s\n' "$*" >&2; }

# Debian's server binaries. /usr/local/bin may hold other pg_ctl/initdb; do not use PATH.
pg_bindir() {
    if [[ -n "${SCC_PG_BINDIR:-}" ]]; then
        printf '%s\n' "$SCC_PG_BINDIR"
        return 0
    fi
    if [[ -x /usr/lib/postgresql/15/bin/pg_ctl ]]; then
        printf '%s\n' /usr/lib/postgresql/15/bin
        return 0
    fi
    local dir
    dir=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -type d -name bin 2>/dev/null \
        | sort -V | tail -n 1)
    if [[ -z "$dir" || ! -x "$dir/pg_ctl" ]]; then
        _pg_log "no PostgreSQL server found under /usr/lib/postgresql/*/bin (apt-get install postgresql)"
        return 1
    fi
    printf '%s\n' "$dir"
}

# Run a command as the server's owner: `postgres` when we are root (initdb refuses root).
_pg_as_owner() {
    if [[ "$(id -u)" -eq 0 ]]; then
        if command -v runuser >/dev/null 2>&1; then
            runuser -u postgres -- "$@"
        else
            su -s /bin/sh postgres -c "$(printf '%q ' "$@")"
        fi
    else
        "$@"
    fi
}

# True if nothing listens on 127.0.0.1:$1 (bind test, so it also sees sockets in TIME_WAIT).
_pg_port_free() {
    python3 - "$1" <<'PY' 2>/dev/null
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
finally:
    s.close()
PY
}

pg_start() {
    # _scc_pg_dir (not exported) marks a server this shell started; an SCC_PG_DIR inherited
    # from the environment belongs to someone else and is neither reused nor stopped.
    if [[ -n "${_scc_pg_dir:-}" && -d "${_scc_pg_dir}/data" ]]; then
        _pg_log "already running in $_scc_pg_dir"
        return 0
    fi
    local bindir dir port tries
    bindir=$(pg_bindir) || return 1
    dir=$(mktemp -d "${SCC_PG_TMPDIR:-/tmp}/scc-pg.XXXXXX") || return 1
    _scc_pg_dir=$dir
    _scc_pg_bindir=$bindir
    mkdir -p "$dir/data" "$dir/sock"
    if [[ "$(id -u)" -eq 0 ]]; then
        if ! id postgres >/dev/null 2>&1; then
            _pg_log "running as root but there is no 'postgres' OS user"
            return 1
        fi
        chown -R postgres:postgres "$dir"
    fi
    chmod 700 "$dir" "$dir/data"

    if ! _pg_as_owner "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust \
            -E UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1; then
        _pg_log "initdb failed:"
        cat "$dir/initdb.log" >&2
        return 1
    fi

    # Pick a free port; retry if another process grabs it between the check and the start.
    port=${SCC_PG_PORT:-55432}
    for tries in $(seq 1 50); do
        if _pg_port_free "$port"; then
            if _pg_as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
                    -o "-c port=$port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir/sock -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
                    start >/dev/null; then
                break
            fi
            _pg_log "start on port $port failed (attempt $tries); server.log tail:"
            tail -n 5 "$dir/server.log" >&2 || true
        fi
        port=$((port + 1))
        if [[ "$tries" -eq 50 ]]; then
            _pg_log "could not start PostgreSQL on any port"
            return 1
        fi
    done

    local i
    for i in $(seq 1 60); do
        if "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres; then
            break
        fi
        if [[ "$i" -eq 60 ]]; then
            _pg_log "server did not become ready on 127.0.0.1:$port"
            return 1
        fi
        sleep 0.5
    done

    SCC_PG_DIR=$dir
    SCC_PG_PORT=$port
    SCC_TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:${port}/postgres"
    export SCC_PG_DIR SCC_PG_PORT SCC_TEST_POSTGRES_URL
    _pg_log "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') ready at $SCC_TEST_POSTGRES_URL (dir $dir)"
}

# Stop the server in DIR (default: the one this shell started) and remove DIR. Safe to call twice.
pg_stop() {
    local dir=${1:-${_scc_pg_dir:-}}
    [[ -n "$dir" && -d "$dir" ]] || return 0
    case "$dir" in
        */scc-pg.*) ;;
        *) _pg_log "refusing to remove $dir (not an scc-pg directory)"; return 1 ;;
    esac
    local bindir
    bindir=${_scc_pg_bindir:-$(pg_bindir)} || bindir=""
    if [[ -f "$dir/data/postmaster.pid" ]]; then
        if [[ -z "$bindir" ]] || ! _pg_as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 30 \
                stop >/dev/null 2>&1; then
            # pg_ctl failed: signal the postmaster we started, by the pid it recorded.
            local pid
            pid=$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null || true)
            if [[ "$pid" =~ ^[0-9]+$ ]]; then
                kill -QUIT "$pid" 2>/dev/null || true
                sleep 1
            fi
        fi
    fi
    rm -rf "$dir"
    if [[ "$dir" == "${_scc_pg_dir:-}" ]]; then
        unset _scc_pg_dir SCC_PG_DIR SCC_PG_PORT SCC_TEST_POSTGRES_URL
    fi
    _pg_log "stopped and removed $dir"
}

# Command-line use (not when sourced).
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    set -euo pipefail
    case "${1:-start}" in
        start)
            # On failure remove the half-made directory; on success leave the server running.
            trap '[[ -n "${_pg_started:-}" ]] || pg_stop' EXIT
            pg_start
            _pg_started=1
            lines="export SCC_TEST_POSTGRES_URL=$SCC_TEST_POSTGRES_URL
export SCC_PG_DIR=$SCC_PG_DIR"
            if [[ -n "${2:-}" ]]; then
                mkdir -p "$(dirname "$2")"
                printf '%s\n' "$lines" >"$2"
            fi
            printf '%s\n' "$lines"
            printf '# stop with: bash .ci/postgres.sh stop %s\n' "${2:-$SCC_PG_DIR}"
            ;;
        stop)
            target=${2:?usage: postgres.sh stop DIR|ENV_FILE}
            if [[ -f "$target" ]]; then
                envfile=$target
                target=$(sed -n 's/^export SCC_PG_DIR=//p' "$envfile")
                pg_stop "$target"
                rm -f "$envfile"
            else
                pg_stop "$target"
            fi
            ;;
        *)
            echo "usage: $0 start [ENV_FILE] | stop DIR|ENV_FILE" >&2
            exit 2
            ;;
    esac
fi
