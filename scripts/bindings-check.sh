#!/usr/bin/env bash
# Generates the Python, Java, .NET and Go bindings with jsii-pacmak --code-only (no language tool
# chain needed) into a temporary directory, and fails on any error.
#
#   scripts/bindings-check.sh            # all four languages
#   scripts/bindings-check.sh python go  # a subset
#   KEEP_BINDINGS=/tmp/bindings scripts/bindings-check.sh   # keep the generated sources there
#
# After generation:
#   python  every generated .py file must byte-compile (python3 -m compileall);
#   java    every generated .java file must parse (javac parser, no dependencies needed) when a JDK is present;
#   go      every generated .go file must parse (gofmt -e) when gofmt is present (apt-get install golang-go);
#   dotnet  generated only (no C# tool chain here; `dotnet build` needs NuGet access).
# Compiling Java/.NET/Go against their dependencies needs Maven Central / NuGet / the Go proxy,
# which is what the publishing CI does (projen publishToMaven / publishToNuget / publishToGo).
#
# package.json may not declare the targets yet (projen publishTo* options do it): the run uses a
# scratch copy of the package whose package.json and .jsii carry the configured targets, or these
# defaults for the missing ones. Compiles with jsii first when .jsii is missing or older than src/.
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="${JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION:-20}"

LANGS=("$@")
[ ${#LANGS[@]} -eq 0 ] && LANGS=(python java dotnet go)

if [ ! -f .jsii ] || [ -n "$(find src -name '*.ts' -newer .jsii -print -quit)" ]; then
  echo "bindings: compiling the jsii assembly"
  npx jsii --silence-warnings=reserved-word || exit 1
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/bindings.XXXXXX")"
OUT="${KEEP_BINDINGS:-$WORK/dist}"
trap 'rm -rf "$WORK"' EXIT
PKG="$WORK/pkg"
mkdir -p "$PKG"
cp package.json .jsii "$PKG/"
[ -f README.md ] && cp README.md "$PKG/"
[ -d lib ] && cp -R lib "$PKG/lib"
ln -s "$ROOT/node_modules" "$PKG/node_modules"

node -e '
const fs = require("fs");
const dir = process.argv[1];
const defaults = {
  python: { distName: "cdk-cognito-scopes", module: "cdk_cognito_scopes" },
  java: { package: "io.github.cdkcognitoscopes", maven: { groupId: "io.github.cdk-cognito-scopes", artifactId: "cdk-cognito-scopes" } },
  dotnet: { namespace: "CdkCognitoScopes", packageId: "CdkCognitoScopes" },
  go: { moduleName: "github.com/cdk-cognito-scopes/cdk-cognito-scopes-go" },
};
const pkg = JSON.parse(fs.readFileSync(dir + "/package.json", "utf8"));
pkg.jsii = pkg.jsii || {};
const targets = pkg.jsii.targets = pkg.jsii.targets || {};
for (const [lang, cfg] of Object.entries(defaults)) {
  if (targets[lang]) console.log(`bindings: ${lang} target from package.json: ${JSON.stringify(targets[lang])}`);
  else { targets[lang] = cfg; console.log(`bindings: ${lang} target not configured, using ${JSON.stringify(cfg)}`); }
}
fs.writeFileSync(dir + "/package.json", JSON.stringify(pkg, null, 2));
const asm = JSON.parse(fs.readFileSync(dir + "/.jsii", "utf8"));
asm.targets = { ...targets, ...(asm.targets || {}), ...targets };
fs.writeFileSync(dir + "/.jsii", JSON.stringify(asm));
' "$PKG" || exit 1

status=0
fail() { echo "bindings: FAILED - $*"; status=1; }

# Translate the examples first, as a release build should: jsii-rosetta writes .jsii.tabl.json next
# to the assembly and pacmak picks it up, so the Python/Java/C#/Go docs show examples in their
# language instead of TypeScript. (Strictness is scripts/rosetta-check.sh's job; here a
# non-compiling example fails only when package.json sets jsii.metadata.jsii.rosetta.strict.)
if [ "${TRANSLATE_EXAMPLES:-1}" = "1" ]; then
  cp -R "$ROOT/rosetta" "$PKG/rosetta" 2>/dev/null || true
  echo "== jsii-rosetta extract (translations for the bindings' docs)"
  (cd "$PKG" && npx jsii-rosetta extract .jsii > "$WORK/rosetta.log" 2>&1) || { grep -v "Unknown user config" "$WORK/rosetta.log" | sed '/^!!/d'; fail "jsii-rosetta extract failed"; }
fi

echo "== jsii-pacmak --code-only --target ${LANGS[*]}"
npx jsii-pacmak --code-only --no-parallel --target "${LANGS[@]}" -o "$OUT" "$PKG" > "$WORK/pacmak.log" 2>&1
rc=$?
grep -v "Unknown user config" "$WORK/pacmak.log" | sed '/^!!/d' || true
[ "$rc" -eq 0 ] || fail "jsii-pacmak exited with code $rc"

for lang in "${LANGS[@]}"; do
  dir="$OUT/$lang"
  case "$lang" in
    python) ext=py ;; java) ext=java ;; dotnet) ext=cs ;; go) ext=go ;;
    *) fail "unknown language $lang"; continue ;;
  esac
  n="$(find "$dir" -name "*.$ext" 2>/dev/null | wc -l)"
  if [ "$n" -eq 0 ]; then fail "$lang: no .$ext files generated under $dir"; continue; fi
  if ! grep -rqs "CognitoApiAuth" "$dir"; then fail "$lang: CognitoApiAuth not found in the generated sources"; continue; fi
  case "$lang" in
    python)
      if python3 -m compileall -q "$dir" >/dev/null; then echo "python: $n files generated, byte-compile OK"
      else python3 -m compileall -q "$dir"; fail "python: byte-compilation failed"; fi ;;
    java)
      if command -v java >/dev/null 2>&1; then
        if java "$ROOT/scripts/JavaParseCheck.java" "$dir"; then echo "java: $n files generated, parse OK"
        else fail "java: generated sources do not parse"; fi
      else echo "java: $n files generated (no JDK: parse check skipped)"; fi ;;
    go)
      if command -v gofmt >/dev/null 2>&1; then
        if errs="$(gofmt -e -l "$dir" 2>&1 >/dev/null)" && [ -z "$errs" ]; then echo "go: $n files generated, gofmt parse OK"
        else echo "$errs" | head -20; fail "go: generated sources do not parse"; fi
      else echo "go: $n files generated (no gofmt: parse check skipped; apt-get install golang-go)"; fi ;;
    dotnet)
      echo "dotnet: $n files generated (no C# compiler here: not compiled)" ;;
  esac
done

if [ "$status" -eq 0 ]; then
  echo "bindings: OK (${LANGS[*]})${KEEP_BINDINGS:+, sources kept in $OUT}"
fi
exit "$status"
