#!/usr/bin/env bash
# Regenerates the public API baselines (docs/public-api.md): for every library that tracks its public API
# (TrackPublicApi, set in Directory.Build.targets), PublicAPI.Unshipped.txt is rewritten from the code as it is now;
# PublicAPI.Shipped.txt is left alone (it changes only at a release). Run it after changing the public surface,
# or after merging branches that did, then review the diff: every added or removed line is an API change.
#
#   tests/public-api.sh                      # every tracked project under src/
#   tests/public-api.sh src/Shared.Signing   # only these
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$#" -gt 0 ]; then
  projects=()
  for dir in "$@"; do projects+=("$(ls "${dir%/}"/*.csproj)"); done
else
  projects=()
  for proj in src/*/*.csproj; do
    tracked=$(dotnet msbuild "$proj" -getProperty:TrackPublicApi 2>/dev/null | tr -d '[:space:]')
    [ "$tracked" = "true" ] && projects+=("$proj")
  done
fi

for proj in "${projects[@]}"; do
  dir=$(dirname "$proj")
  echo "== $dir"
  [ -f "$dir/PublicAPI.Shipped.txt" ] || printf '#nullable enable\n' > "$dir/PublicAPI.Shipped.txt"
  # Start from the header alone so removed members disappear too, then let the analyzer's code fix write a line
  # for every public member not in PublicAPI.Shipped.txt (RS0016).
  printf '#nullable enable\n' > "$dir/PublicAPI.Unshipped.txt"
  dotnet format analyzers "$proj" --diagnostics RS0016 --severity warn
  # dotnet format does not see source-generator output (the public JsonSerializerContext's generated members):
  # a build reports what is still missing, with the exact line the baseline wants. It builds into its own
  # configuration (bin/PublicApi, obj/PublicApi) so that the Release outputs are never up to date with warnings
  # that were not errors. Warnings stay warnings here so
  # that a dependency whose baseline is stale too does not stop the build before this project compiles.
  # Its own obj/ and bin/ for this configuration go first: an up-to-date compile (built earlier as another
  # project's reference) would report no warnings at all.
  rm -rf "$dir/obj/PublicApi" "$dir/bin/PublicApi"
  dotnet build "$proj" -c PublicApi -nologo -p:TreatWarningsAsErrors=false -p:WarningsAsErrors= -p:MSBuildTreatWarningsAsErrors=false 2>&1 \
    | grep -F "[$PWD/$proj]" | grep -E '(warning|error) RS0016:' \
    | sed -E "s/.*RS0016: Symbol '(.*)' is not part of the declared public API.*/\1/" >> "$dir/PublicAPI.Unshipped.txt" || true
  # The code fix appends in discovery order; a sorted file keeps merges and reviews readable.
  { head -n 1 "$dir/PublicAPI.Unshipped.txt"; tail -n +2 "$dir/PublicAPI.Unshipped.txt" | LC_ALL=C sort -u; } > "$dir/PublicAPI.Unshipped.txt.tmp"
  mv "$dir/PublicAPI.Unshipped.txt.tmp" "$dir/PublicAPI.Unshipped.txt"
  echo "   $(($(wc -l < "$dir/PublicAPI.Unshipped.txt") - 1)) unshipped entries"
done

echo "Check: dotnet build Valuation.Clients.sln -c Release -warnaserror (RS0016/RS0017 fail the build if a file is stale)."
