#!/usr/bin/env bash
# Mutation testing with Stryker.NET (a local tool, .config/dotnet-tools.json). docs/test-strength.md explains it.
#
#   tests/mutation.sh [--only GLOB]... [--concurrency N] [--test-case-filter EXPR] [TEST_PROJECT]...
#
# TEST_PROJECT is a folder under tests/ with a stryker-config.json (e.g. Shared.Signing.Tests); with none given,
# every such folder is run, one after another. Each stryker-config*.json of a test project is one run: its project
# under test, mutated with the policy of tests/stryker-common.json, less the message text and argument-null guards
# that tests/MutationScope finds. --only mutates just the files matching GLOB (e.g. '**/Hmac.cs'), for quick reruns.
# --test-case-filter runs only the tests matching EXPR (dotnet test --filter syntax): a lower bound on the score, for
# files whose static tables make every mutant run the whole suite (docs/test-strength.md).
#
# Reports go to StrykerOutput/<run>/ (git-ignored): reports/mutation-report.html and .json, stryker.log, and
# scores.md, the score per file, which is also printed. Exits non-zero when a run fails or falls below its "break"
# threshold. Slow and CPU-heavy (minutes per project on 2 cores), so CI does not run it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$PWD"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

usage() { sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

only=()
concurrency=""
filter=""
projects=()
while (($#)); do
  case "$1" in
    --only) only+=(--only "${2:?--only needs a glob}"); shift 2 ;;
    --concurrency) concurrency="${2:?--concurrency needs a number}"; shift 2 ;;
    --test-case-filter) filter="${2:?--test-case-filter needs an expression}"; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    -*) echo "mutation: unknown option '$1'" >&2; usage >&2; exit 2 ;;
    *) projects+=("$(basename "${1%/}" .csproj)"); shift ;;
  esac
done
if ((${#projects[@]} == 0)); then
  for config in tests/*/stryker-config.json; do
    projects+=("$(basename "$(dirname "$config")")")
  done
fi
for project in "${projects[@]}"; do
  if [[ ! -f "tests/$project/stryker-config.json" ]]; then
    echo "mutation: tests/$project has no stryker-config.json" >&2
    exit 2
  fi
done

echo "== restore the Stryker tool and build the scope helper"
dotnet tool restore
dotnet build tests/MutationScope/MutationScope.csproj -c Release -nologo -v quiet
scope=(dotnet "$root/tests/MutationScope/bin/Release/net10.0/MutationScope.dll")

# Test projects that need a Redis server get a private one, started and stopped as CI does.
for project in "${projects[@]}"; do
  case "$project" in
    Valuation.Webhooks.Redis.Tests | Reliability.Tests)
      if ! declare -F services_cleanup >/dev/null; then
        trap 'services_cleanup' EXIT
        # shellcheck source=/dev/null
        source .ci/services.sh
      fi
      ;;
  esac
done

output="$root/StrykerOutput"
status=0
for project in "${projects[@]}"; do
  runs="$("${scope[@]}" config "tests/$project" tests/stryker-common.json "$output" "${only[@]}")"
  while IFS=$'\t' read -r name config exclusions; do
    run_dir="$output/$name"
    rm -rf "$run_dir/reports"
    echo "== $name (left out: $exclusions)"
    args=(--config-file "$config" --output "$run_dir")
    [[ -n "$concurrency" ]] && args+=(--concurrency "$concurrency")
    [[ -n "$filter" ]] && args+=(--test-case-filter "$filter")
    load_before="$(cut -d' ' -f1 /proc/loadavg)"
    start="$(date +%s)"
    set +e
    (cd "tests/$project" && dotnet dotnet-stryker "${args[@]}") >"$run_dir/stryker.log" 2>&1
    rc=$?
    set -e
    elapsed=$(($(date +%s) - start))
    report="$run_dir/reports/mutation-report.json"
    if [[ -f "$report" ]]; then
      "${scope[@]}" report "$report" | tee "$run_dir/scores.md"
    fi
    if [[ "$rc" -ne 0 ]]; then
      status=1
      grep -E '\[(ERR|FTL)\]|final mutation score|threshold' "$run_dir/stryker.log" | tail -n 5 >&2 || true
      echo "mutation: $name failed (exit $rc); see $run_dir/stryker.log" >&2
    fi
    printf 'time: %dm%02ds; 1-minute load average %s at the start, %s at the end; report: %s\n' \
      $((elapsed / 60)) $((elapsed % 60)) "$load_before" "$(cut -d' ' -f1 /proc/loadavg)" "$run_dir/reports/mutation-report.html"
  done <<<"$runs"
done
exit "$status"
