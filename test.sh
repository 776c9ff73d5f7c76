#!/usr/bin/env bash
# Builds everything and runs every test. Installs the OS packages it needs first (run as root, as CI does).
# Exits non-zero on any build error or failing test; ends with one line "tests: N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")"

need_packages=(curl openssl procps iproute2 docker-registry busybox-static skopeo tini docker.io python3-docker)
missing=()
for p in "${need_packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing ${missing[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
echo "test.sh: building (Release, warnings are errors)"
dotnet build Swarm.sln -c Release -nologo -v:quiet -clp:ErrorsOnly
# swarm-init, every container's first process, must be NativeAOT (a JIT child cannot survive pivot_root);
# the engine tests and the engine bench run it from .artifacts/swarm-init/swarm-init.
echo "test.sh: publishing swarm-init (NativeAOT)"
dotnet publish worker/Swarm.Engine.Init -c Release -r linux-x64 -o .artifacts/swarm-init -nologo -v:quiet -clp:ErrorsOnly

passed=0 failed=0 skipped=0 status=0
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
# One test assembly at a time: Raft clusters and child processes are timing-sensitive on a 2-core machine.
for project in tests/*.Tests/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  echo "test.sh: $name"
  log="$results/$name.log"
  if ! dotnet test "$project" -c Release --no-build -nologo --logger "console;verbosity=minimal" >"$log" 2>&1; then
    status=1
  fi
  grep -E "^\s*(Failed|Passed|Skipped) [A-Za-z]|Passed!|Failed!" "$log" | sed 's/^/  /' | head -60 || true
  # A failure's message and the top of its stack, so a flaky run can be diagnosed from CI's output alone.
  grep -E -A8 "^\s*Error Message:" "$log" | sed 's/^/  /' | head -80 || true
  summary=$(grep -E "(Passed|Failed)!\s+-" "$log" | tail -1 || true)
  if [ -z "$summary" ]; then
    echo "  no test summary from $name:"; tail -20 "$log" | sed 's/^/  /'; status=1; continue
  fi
  p=$(sed -E 's/.*Passed: *([0-9]+).*/\1/' <<<"$summary")
  f=$(sed -E 's/.*Failed: *([0-9]+).*/\1/' <<<"$summary")
  s=$(sed -E 's/.*Skipped: *([0-9]+).*/\1/' <<<"$summary")
  passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
done

[ "$failed" -eq 0 ] || status=1
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit $status
