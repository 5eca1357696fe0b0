#!/usr/bin/env bash
# The completion port under each source, thread per client and Redis, driven by one load generator
# (loadgen.c) in the same run; medians of --runs runs. docs/benchmarks.md explains the method.
#
#   tests/loadgen/compare.sh [--runs 3] [--seconds 5] [--clients "1 5 20 100 1000 10000"] [--configs "..."]
#
# Needs: a C compiler (cc), redis-server on PATH for the Redis columns (apt-get install redis-server;
# the project itself does not depend on it), and the server built: dotnet build -c Release.
# Every server it starts listens on loopback/Unix sockets only and is stopped by the PID it kept.
set -euo pipefail

runs=3
seconds=5
clients="1 5 20 100 1000 10000"
configs="iouring epoll managed tpc redis"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --clients) clients="$2"; shift 2 ;;
    --configs) configs="$2"; shift 2 ;;
    *) echo "error: unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done

root="$(cd "$(dirname "$0")/../.." && pwd)"
server_dll="$root/Server.Web/bin/Release/net10.0/Server.Web.dll"
[[ -f "$server_dll" ]] || { echo "error: $server_dll is missing: run dotnet build -c Release first" >&2; exit 2; }
if [[ " $configs " == *" redis "* ]] && ! command -v redis-server > /dev/null; then
  echo "error: redis-server is not on PATH (apt-get install redis-server), or leave redis out of --configs" >&2; exit 2
fi

work="$(mktemp -d)"
results="$work/results.txt"
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2> /dev/null || true; wait "$server_pid" 2> /dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
ulimit -n 65536 2> /dev/null || ulimit -n "$(ulimit -Hn)"
cc -O2 -o "$work/loadgen" "$root/tests/loadgen/loadgen.c"

start_server() { # config name -> sets server_pid and socket
  local config="$1" dir="$work/$1-$2"
  mkdir -p "$dir"
  case "$config" in
    redis|redis-aof)
      socket="$dir/redis.sock"
      local persistence=(--appendonly no)
      [[ "$config" == redis-aof ]] && persistence=(--appendonly yes --appendfsync always)
      redis-server --port 0 --unixsocket "$socket" --unixsocketperm 700 --save '' "${persistence[@]}" \
        --maxclients 20000 --dir "$dir" --logfile "$dir/redis.log" &
      ;;
    *)
      local pipe="lg-$$-$config-$2" extra=()
      socket="${TMPDIR:-/tmp}"; socket="${socket%/}/CoreFxPipe_$pipe"
      case "$config" in
        iouring) extra=(--Engine:CompletionSource=IoUring) ;;
        epoll) extra=(--Engine:CompletionSource=Epoll) ;;
        managed) extra=(--Engine:CompletionSource=Managed) ;;
        tpc) extra=(--Engine:Mode=ThreadPerClient) ;;
      esac
      dotnet "$server_dll" --Urls http://127.0.0.1:0 --Engine:PipeName="$pipe" --Engine:MaxClients=20000 \
        --Engine:ListenBacklog=4096 --ConnectionStrings:Records="Data Source=$dir/records.db" \
        --Logging:LogLevel:Default=Warning "${extra[@]}" > "$dir/server.log" 2>&1 &
      ;;
  esac
  server_pid=$!
  for _ in $(seq 1 300); do [[ -S "$socket" ]] && return 0; sleep 0.1; done
  echo "error: $config did not start; its log:" >&2; cat "$dir"/*.log >&2; exit 1
}

stop_server() {
  local hwm
  hwm=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$server_pid/status" 2> /dev/null || echo 0)
  kill "$server_pid"; wait "$server_pid" 2> /dev/null || true; server_pid=""
  echo "$hwm"
}

cell() { # run config cell-name target loadgen-args...
  local run="$1" config="$2" name="$3" target="$4"; shift 4
  local line
  if ! line=$("$work/loadgen" --target "$target" --path "$socket" --seconds "$seconds" "$@"); then
    echo "error: $config $name failed: $line" >&2; line="tx_s=0 loadgen_cpu_share=0 p99_ms=0"
  fi
  local rss
  rss=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$server_pid/status" 2> /dev/null || echo 0)
  echo "run=$run config=$config cell=$name $line rss_mb=$rss" >> "$results"
  echo "  run $run $config $name: $(grep -o 'tx_s=[0-9]*' <<< "$line") $(grep -o 'p99_ms=[0-9.]*' <<< "$line") $(grep -o 'loadgen_cpu_share=[0-9.]*' <<< "$line")" >&2
}

for run in $(seq 1 "$runs"); do
  for config in $configs; do
    target=iocp; [[ "$config" == redis ]] && target=redis
    start_server "$config" "$run"
    for n in $clients; do cell "$run" "$config" "get-$n" "$target" --clients "$n" --op get; done
    cell "$run" "$config" "get-20-p16" "$target" --clients 20 --pipeline 16 --op get
    if [[ "$config" == redis ]]; then
      echo "run=$run config=$config cell=peak-rss-mb value=$(stop_server)" >> "$results"
      start_server redis-aof "$run"
    fi
    cell "$run" "$config" "add-1000" "$target" --clients 1000 --op add
    echo "run=$run config=$config cell=peak-rss-mb value=$(stop_server)" >> "$results"
  done
done

# Medians per config and cell; the ratios are of medians.
awk -v configs="$configs" '
  function field(name,   i, kv) { for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == name) return kv[2] } return "" }
  function median(list,   n, a, i, j, t) {
    n = split(list, a, " "); for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
  {
    c = field("config"); k = field("cell")
    if (k == "peak-rss-mb") { rss[c] = rss[c] " " field("value"); next }
    tx[c, k] = tx[c, k] " " field("tx_s"); mem[c, k] = mem[c, k] " " field("rss_mb"); cpu[c, k] = cpu[c, k] " " field("loadgen_cpu_share"); p99[c, k] = p99[c, k] " " field("p99_ms")
    if (!(k in seen)) { seen[k] = 1; order[++cells] = k }
  }
  END {
    n = split(configs, cfg, " ")
    printf "%-12s", "cell"; for (i = 1; i <= n; i++) printf " %12s", cfg[i] " tx/s"
    printf " %10s %10s %12s\n", "uring/tpc", "uring/redis", "loadgen cpu"
    for (r = 1; r <= cells; r++) {
      k = order[r]; printf "%-12s", k
      for (i = 1; i <= n; i++) { m[cfg[i]] = median(tx[cfg[i], k]); printf " %12d", m[cfg[i]] }
      printf " %9.2fx %9.2fx", (m["tpc"] > 0 ? m["iouring"] / m["tpc"] : 0), (m["redis"] > 0 ? m["iouring"] / m["redis"] : 0)
      printf "   %s\n", median(cpu["iouring", k])
    }
    printf "\np99 ms (median):\n"
    for (r = 1; r <= cells; r++) { k = order[r]; printf "%-12s", k; for (i = 1; i <= n; i++) printf " %12.3f", median(p99[cfg[i], k]); printf "\n" }
    printf "\nserver peak RSS MB so far, after each cell (median):\n"
    for (r = 1; r <= cells; r++) { k = order[r]; printf "%-12s", k; for (i = 1; i <= n; i++) printf " %12d", median(mem[cfg[i], k]); printf "\n" }
  }' "$results"
