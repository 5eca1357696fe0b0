#!/usr/bin/env bash
# The same-run comparison under Wine: the Win32 completion source, the managed source and thread per
# client, each served by the published win-x64 server and driven by one load generator, the CLI's
# `bench` (also under Wine). Ratios only: Wine is not Windows (docs/benchmarks.md, "Under Wine").
#
#   tests/wine/compare.sh [--runs 3] [--clients "1 5 20 100"] [--configs "win32 managed tpc"] [--no-publish]
#
# Each cell runs --runs times, the configurations interleaved, each run on a fresh database; the
# table shows medians of transactions/s and each configuration's ratio to thread per client, the
# CPU the load generator and the wineserver used, and the server's peak memory.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs=3
clients="1 5 20 100"
configs="win32 managed tpc"
publish=true
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs="$2"; shift ;;
    --clients) clients="$2"; shift ;;
    --configs) configs="$2"; shift ;;
    --no-publish) publish=false ;;
    *) echo "error: unknown option '$1'" >&2; exit 2 ;;
  esac
  shift
done

out="$repo_root/artifacts/wine"
if [[ "$publish" == true || ! -f "$out/server/Server.Web.exe" ]]; then
  for project in Server.Web Client.Cli; do
    folder=$([[ $project == Server.Web ]] && echo server || echo cli)
    dotnet publish "$repo_root/$project/$project.csproj" -c Release -r win-x64 --self-contained -o "$out/$folder" -nologo -v quiet >/dev/null
  done
fi

WINEPREFIX="$(mktemp -d "${TMPDIR:-/tmp}/iocpadmin-wine-bench.XXXXXX")"
export WINEPREFIX WINEDEBUG=-all DOTNET_EnableWriteXorExecute=0
work="$(mktemp -d "${TMPDIR:-/tmp}/iocpadmin-wine-bench-data.XXXXXX")"
server_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null || true
  wineserver -k 2>/dev/null || true
  rm -rf "$WINEPREFIX" "$work"
}
trap cleanup EXIT
# One wineserver, started here in the foreground so its PID is ours to read, serves the whole run.
wineserver -f -p &
wineserver_pid=$!
WINEDLLOVERRIDES="mscoree,mshtml=" wine wineboot -i >/dev/null 2>&1

options_of() {
  case "$1" in
    win32) echo "--Engine:Mode=CompletionPort --Engine:CompletionSource=Win32" ;;
    managed) echo "--Engine:Mode=CompletionPort --Engine:CompletionSource=Managed" ;;
    # The Win32 source without the zero-byte wait: one ReadFile per request instead of two, each
    # client holding a 4 KiB receive buffer while idle.
    win32-eager) echo "--Engine:Mode=CompletionPort --Engine:CompletionSource=Win32 --Engine:WaitForDataBeforeReceiving=false" ;;
    tpc) echo "--Engine:Mode=ThreadPerClient" ;;
    *) echo "error: unknown configuration '$1' (win32, win32-eager, managed, tpc)" >&2; exit 2 ;;
  esac
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }

# transactions per client: a cell lasts a few seconds whatever the client count
per_client() { local c=$1; local n=$(( 4000 / c )); (( n < 50 )) && n=50; echo "$n"; }

results="$work/results.tsv"
: > "$results"
cli="$out/cli/Client.Cli.exe"
for run in $(seq 1 "$runs"); do
  for config in $configs; do
    pipe="wb$RANDOM$RANDOM"
    db="$work/$config-$run.db"
    # shellcheck disable=SC2046
    (cd "$out/server" && exec wine Server.Web.exe --urls http://127.0.0.1:0 --Engine:PipeName="$pipe" --Engine:Workers=2 \
        "--ConnectionStrings:Records=Data Source=$(winepath -w "$db")" $(options_of "$config") >"$work/$config-$run.log" 2>&1) &
    server_pid=$!
    for _ in $(seq 1 120); do
      wine "$cli" count -p "$pipe" --retries 0 >/dev/null 2>&1 && break
      sleep 0.5
    done
    for c in $clients; do
      n=$(per_client "$c")
      before_cli=0; before_ws=$(cpu_ticks "$wineserver_pid"); started=$(date +%s.%N)
      wine "$cli" bench -p "$pipe" --clients "$c" -n "$n" --op get --json >"$work/bench.json" 2>/dev/null &
      bench_pid=$!
      peak_cli=0
      while kill -0 "$bench_pid" 2>/dev/null; do peak_cli=$(cpu_ticks "$bench_pid"); sleep 0.2; done
      wait "$bench_pid" || true
      elapsed=$(echo "$(date +%s.%N) - $started" | bc)
      ws=$(( $(cpu_ticks "$wineserver_pid") - before_ws ))
      tps=$(python3 -c "import json;d=json.load(open('$work/bench.json'));r=d['medians'][0];print(r['transactionsPerSecond'] if r['clean'] else 0)")
      rss=$(awk '/VmHWM/{print $2}' "/proc/$server_pid/status" 2>/dev/null || echo 0)
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$config" "$c" "$run" "$tps" "$(echo "$peak_cli / 100 / $elapsed" | bc -l)" "$(echo "$ws / 100 / $elapsed" | bc -l)" "$rss" >> "$results"
      echo "run $run $config $c clients: $(printf '%.0f' "$tps") tx/s" >&2
    done
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  done
done

python3 - "$results" "$configs" "$clients" <<'PY'
import sys, statistics as st
rows=[l.rstrip('\n').split('\t') for l in open(sys.argv[1]) if l.strip()]
configs=sys.argv[2].split(); clients=[int(c) for c in sys.argv[3].split()]
def med(cfg,c,i): 
    v=[float(r[i]) for r in rows if r[0]==cfg and int(r[1])==c]
    return st.median(v) if v else float('nan')
ratioed=[c for c in configs if c!='tpc'] if 'tpc' in configs else []
header=["clients"]+[f"{c} tx/s" for c in configs]+[f"{c}/tpc" for c in ratioed]+["bench CPU","wineserver CPU"]
print("| " + " | ".join(header) + " |")
print("|" + " ---: |"*len(header))
for c in clients:
    t={cfg:med(cfg,c,3) for cfg in configs}
    ratios=[f"{t[cfg]/t['tpc']:.2f}x" for cfg in ratioed]
    cpu=max(med(cfg,c,4) for cfg in configs); ws=max(med(cfg,c,5) for cfg in configs)
    print("| " + " | ".join([str(c)]+[f"{t[cfg]:,.0f}" for cfg in configs]+ratios+[f"{cpu:.2f}",f"{ws:.2f}"]) + " |")
print()
print("server peak RSS (MB, median): " + ", ".join(f"{cfg} {st.median([int(r[6]) for r in rows if r[0]==cfg])/1024:.0f}" for cfg in configs))
PY
