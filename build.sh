#!/usr/bin/env bash
# The repository's entry point, in the manner of dotnet/aspnetcore's and dotnet/aspire's build.sh:
#
#   ./build.sh            restore and build the solution (Release)
#   ./build.sh --test     build, install what the tests need that this machine lacks, run every test
#   ./build.sh --help
#
# What --test installs, only when missing: Debian's `chromium` package (the e2e tests drive the
# system's Chromium through Playwright; a browser is never downloaded) and Debian's `wine64` (the
# Windows leg: the server and the tests published for win-x64 and run under Wine, tests/wine/run.sh).
# Installing needs root, or sudo; with neither, the script stops and says what to install.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
configuration="Release"
run_tests=false
install_prerequisites=true
windows_leg=true
extra_test_args=()

usage() {
  cat <<'TXT'
Usage: ./build.sh [--test] [--configuration Debug|Release] [--no-install] [--no-windows] [-- <dotnet test arguments>]

  (no option)        restore and build IocpAdmin.sln
  --test             also install what the tests need (Debian's chromium and wine64, via apt-get;
                     needs root or sudo) and run every test: unit, integration, process and e2e,
                     then the Windows leg under Wine (tests/wine/run.sh)
  --configuration    Release (default) or Debug
  --no-install       never install anything; fail if a prerequisite is missing
  --no-windows       skip the Windows leg (and do not install Wine)
  -- ARGS            passed on to `dotnet test`, e.g. -- --filter FullyQualifiedName~Contract
TXT
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --test|-t) run_tests=true ;;
    --configuration|-c)
      [[ $# -ge 2 ]] || { echo "error: $1 needs a value (Debug or Release)" >&2; exit 2; }
      configuration="$2"; shift ;;
    --no-install) install_prerequisites=false ;;
    --no-windows) windows_leg=false ;;
    --help|-h) usage; exit 0 ;;
    --) shift; extra_test_args=("$@"); break ;;
    *) echo "error: unknown option '$1' (./build.sh --help lists them)" >&2; exit 2 ;;
  esac
  shift
done

case "$configuration" in
  Debug|Release) ;;
  *) echo "error: --configuration must be Debug or Release, not '$configuration'" >&2; exit 2 ;;
esac

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if ! command -v dotnet >/dev/null 2>&1; then
  echo "error: the .NET SDK is not on PATH; install the .NET 10 SDK (global.json pins the band)" >&2
  exit 1
fi

# Installs a Debian package when the command it provides is missing: Chromium for the e2e tests
# (Playwright is pointed at it, ExecutablePath; its own browser download is never used) and Wine
# for the Windows leg.
ensure_package() {
  local command_name="$1" package="$2" purpose="$3"
  if command -v "$command_name" >/dev/null 2>&1; then
    return 0
  fi

  if [[ "$install_prerequisites" != true ]]; then
    echo "error: $command_name is not on PATH and --no-install was given; install it with: sudo apt-get install -y $package" >&2
    exit 1
  fi

  if ! command -v apt-get >/dev/null 2>&1; then
    echo "error: $command_name is not on PATH and this machine has no apt-get; install $package from your distribution so that '$command_name' is on PATH" >&2
    exit 1
  fi

  local sudo=""
  if [[ "$(id -u)" -ne 0 ]]; then
    if ! command -v sudo >/dev/null 2>&1; then
      echo "error: $package is missing and installing it needs root; run as root or install sudo (apt-get install -y $package)" >&2
      exit 1
    fi
    sudo="sudo"
  fi

  echo "== installing Debian's $package ($purpose)"
  export DEBIAN_FRONTEND=noninteractive
  if [[ -z "${apt_updated:-}" ]]; then
    $sudo apt-get update -qq
    apt_updated=1
  fi
  $sudo apt-get install -y -qq "$package" >/dev/null
}

ensure_chromium() {
  if command -v chromium-browser >/dev/null 2>&1; then
    return 0
  fi
  ensure_package chromium chromium "for the e2e tests"
}

cd "$repo_root"
echo "== .NET SDK $(dotnet --version), configuration $configuration"

if [[ "$run_tests" == true ]]; then
  ensure_chromium
  echo "== $( (chromium --version || chromium-browser --version) 2>/dev/null | head -1)"
  if [[ "$windows_leg" == true ]]; then
    ensure_package wine wine64 "for the Windows leg"
  fi
  # Building first keeps build errors apart from test failures; the tests then run without a rebuild.
  dotnet build IocpAdmin.sln -c "$configuration"
  if [[ ${#extra_test_args[@]} -gt 0 ]]; then
    dotnet test IocpAdmin.sln -c "$configuration" --no-build "${extra_test_args[@]}"
  else
    # Tests that measure time (trait Run=Alone) run on their own after the rest: the test
    # projects run side by side, and their load would be in the figures.
    dotnet test IocpAdmin.sln -c "$configuration" --no-build --filter "Run!=Alone"
    echo "== tests that measure time, alone"
    dotnet test e2e -c "$configuration" --no-build --filter "Run=Alone"
  fi
  if [[ "$windows_leg" == true ]]; then
    tests/wine/run.sh --configuration "$configuration"
  fi
else
  dotnet build IocpAdmin.sln -c "$configuration"
fi
