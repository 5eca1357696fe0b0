#!/usr/bin/env bash
# The Windows leg: the server, the CLI and the tests published for win-x64 (self-contained) and run
# under Wine, against real Windows named pipes and a kernel I/O completion port. Runs the tests
# marked [Trait("Leg", "Windows")] (tests/IocpAdmin.Tests/Infrastructure/WindowsLeg.cs).
#
#   tests/wine/run.sh [--configuration Release|Debug] [--keep] [-- <extra test runner arguments>]
#
# Needs Debian's wine64 (./build.sh --test installs it). Every run gets a private WINEPREFIX, so the
# server and the clients share one wineserver, which is ended (wineserver -k) when the run ends.
# What Wine is not: README.md, "Windows".
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
configuration="Release"
keep=false
extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --configuration|-c) configuration="$2"; shift ;;
    --keep) keep=true ;;
    --) shift; extra=("$@"); break ;;
    *) echo "error: unknown option '$1'" >&2; exit 2 ;;
  esac
  shift
done

for tool in wine wineserver winepath; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "error: '$tool' is not on PATH; install Debian's wine64 (apt-get install -y wine64), or run ./build.sh --test, which does" >&2
    exit 1
  fi
done

out="$repo_root/artifacts/wine"
publish() {
  # Self-contained: the prefix has no .NET installed; the win-x64 runtime packs restore from NuGet.
  dotnet publish "$repo_root/$1" -c "$configuration" -r win-x64 --self-contained -o "$out/$2" -nologo -v quiet \
    -p:GenerateDocumentationFile=false >/dev/null
}
started=$(date +%s)
echo "== publishing Server.Web, Client.Cli and IocpAdmin.Tests for win-x64"
rm -rf "$out"
publish Server.Web/Server.Web.csproj server
publish Client.Cli/Client.Cli.csproj cli
publish tests/IocpAdmin.Tests/IocpAdmin.Tests.csproj tests
echo "== published in $(( $(date +%s) - started )) s"

WINEPREFIX="$(mktemp -d "${TMPDIR:-/tmp}/iocpadmin-wine.XXXXXX")"
export WINEPREFIX
# -all: Wine's own fixme lines are not ours. W^X off: with it, .NET 10 under Wine 8 dies a few
# seconds after start ("Internal CLR error (0x80131506)" in a finalizer).
export WINEDEBUG=-all DOTNET_EnableWriteXorExecute=0
cleanup() {
  wineserver -k 2>/dev/null || true
  if [[ "$keep" != true ]]; then rm -rf "$WINEPREFIX"; else echo "== kept $WINEPREFIX"; fi
}
trap cleanup EXIT

# No Mono or Gecko installers while the prefix is made. Only then: with mscoree disabled at run time,
# Wine's loader cannot map the runtime's own assemblies ("System.Runtime.dll: Module not found").
WINEDLLOVERRIDES="mscoree,mshtml=" wine wineboot -i >/dev/null 2>&1
# A crashed Windows process must end, not wait for Wine's debugger (which kept a failed server up).
wine reg add 'HKLM\Software\Microsoft\Windows NT\CurrentVersion\AeDebug' /v Debugger /d '' /f >/dev/null 2>&1
wine reg add 'HKLM\Software\Microsoft\Windows NT\CurrentVersion\AeDebug' /v Auto /d 0 /f >/dev/null 2>&1

IOCPADMIN_SERVER_EXE="$(winepath -w "$out/server/Server.Web.exe")"
IOCPADMIN_CLI_EXE="$(winepath -w "$out/cli/Client.Cli.exe")"
export IOCPADMIN_SERVER_EXE IOCPADMIN_CLI_EXE

echo "== Windows leg: $(wine --version), tests under Wine"
cd "$out/tests"
status=0
# Bounded: the leg takes under 2 minutes; a hang (a test, or Wine itself) ends the run after 10, and
# -longRunning names any test still running after 60 s meanwhile.
timeout --kill-after=30 600 wine IocpAdmin.Tests.exe -trait "Leg=Windows" -noColor -noLogo -longRunning 60 "${extra[@]}" || status=$?
if [[ $status -eq 124 || $status -eq 137 ]]; then echo "error: the Windows leg did not finish within 10 minutes" >&2; fi
echo "== Windows leg $( [[ $status -eq 0 ]] && echo passed || echo "failed (exit $status)" ) in $(( $(date +%s) - started )) s"
exit "$status"
