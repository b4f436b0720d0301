#!/usr/bin/env bash
# Docs that compile: every TypeScript example in the README and in the TSDoc (@example blocks and
# ```ts blocks in doc comments) must compile, in jsii-rosetta strict mode, against the fixture
# rosetta/default.ts-fixture (the example replaces its `/// here` line, inside a Stack constructor).
#
#   scripts/rosetta-check.sh              # check the examples of .jsii, then self-test
#   scripts/rosetta-check.sh --no-self-test
#
# 1. check:     jsii-rosetta extract --strict on a copy of .jsii (runs `jsii` first if .jsii is
#               missing). Fails on the first example that does not compile, naming it.
# 2. self-test: the same run on a copy of .jsii with one broken README example and one broken
#               @example appended; it must FAIL and name both, or this script fails. This proves
#               the check above really compiles examples (strict mode, fixture found).
# Runs in scratch directories: nothing in the repository is written (no .jsii.tabl.json).
# The README inside .jsii is the one from the last `jsii` compile: compile after editing README.md.
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="${JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION:-20}"
SELF_TEST=1
[ "${1:-}" = "--no-self-test" ] && SELF_TEST=0

if [ ! -f .jsii ]; then
  echo "rosetta-check: no .jsii, compiling"
  npx jsii --silence-warnings=reserved-word || exit 1
fi
[ -f rosetta/default.ts-fixture ] || { echo "rosetta-check: rosetta/default.ts-fixture is missing"; exit 1; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/rosetta-check.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

# A package directory rosetta can compile in: the assembly, package.json, fixtures, and links to
# lib/ (the package's own .d.ts, imported by the fixture as 'cdk-cognito-scopes') and node_modules/.
stage() {
  local dir="$1"
  mkdir -p "$dir"
  cp .jsii package.json "$dir/"
  cp -R rosetta "$dir/rosetta"
  ln -s "$ROOT/lib" "$dir/lib"
  ln -s "$ROOT/node_modules" "$dir/node_modules"
}

extract() {
  local out rc
  out="$(cd "$1" && npx jsii-rosetta extract --strict .jsii 2>&1)"
  rc=$?
  printf '%s\n' "$out" | grep -v 'Unknown user config' | sed '/^!!/d' || true
  return "$rc"
}

status=0
echo "== rosetta: strict compile of the README and TSDoc examples in .jsii"
stage "$WORK/check"
count="$(node -e '
const a = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
let n = ((a.readme && a.readme.markdown) || "").split("```ts").length - 1;
const docs = (d) => { if (!d) return; if (d.example) n++; n += ((d.remarks || "").split("```ts").length - 1); };
for (const t of Object.values(a.types || {})) { docs(t.docs); for (const m of [...(t.methods || []), ...(t.properties || [])]) docs(m.docs); if (t.initializer) docs(t.initializer.docs); }
console.log(n);' "$WORK/check/.jsii")"
echo "   (about $count TypeScript examples)"
if extract "$WORK/check"; then
  echo "rosetta: all examples compile"
else
  echo "rosetta: FAILED - an example above does not compile (fix the example, or the fixture rosetta/default.ts-fixture)"
  status=1
fi

if [ "$SELF_TEST" -eq 1 ]; then
  echo "== rosetta self-test: a broken README example and a broken @example must fail the check"
  stage "$WORK/broken"
  node -e '
const fs = require("fs");
const f = process.argv[1];
const a = JSON.parse(fs.readFileSync(f, "utf8"));
a.readme = a.readme || { markdown: "" };
a.readme.markdown += "\n\n## Broken on purpose\n\n```ts\nconst auth = new CognitoApiAuth(this, \"Broken\", { resourceServerIdentifier: \"x\", scopes: [] });\nauth.requireScopesTypo(auth.scope(\"read\"));\n```\n";
const t = a.types["cdk-cognito-scopes.HostedUiDomain"];
t.docs = { ...(t.docs || {}), example: "const domain: HostedUiDomain = HostedUiDomain.cognitoPrefix(42);" };
fs.writeFileSync(f, JSON.stringify(a));' "$WORK/broken/.jsii"
  out="$(extract "$WORK/broken")"; rc=$?
  echo "$out" | grep -E "error TS|ERROR" | head -5
  if [ "$rc" -ne 0 ] && echo "$out" | grep -q "requireScopesTypo" && echo "$out" | grep -q "HostedUiDomain-example"; then
    echo "rosetta self-test: OK (both broken examples were rejected)"
  else
    echo "rosetta self-test: FAILED - broken examples were not rejected (exit $rc); strict mode or fixture not effective"
    status=1
  fi
fi
exit "$status"
