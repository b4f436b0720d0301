#!/usr/bin/env bash
# Runs the unit tests against the OLDEST aws-cdk-lib / constructs the peer ranges allow.
#
#   scripts/peer-floor.sh                      # floor read from package.json peerDependencies
#   CDK_VERSION=2.262.0 scripts/peer-floor.sh  # try another aws-cdk-lib (e.g. to bisect the floor)
#   CONSTRUCTS_VERSION=10.3.0 scripts/peer-floor.sh
#   scripts/peer-floor.sh test/plugin.test.ts  # extra args go to jest (e.g. a subset of tests)
#
# A scratch project ($TMPDIR/peer-floor by default, PEER_FLOOR_DIR to change it) gets aws-cdk-lib
# and constructs at the floor, the library's runtime deps and the test tool chain at the versions
# installed here, and copies of src/, test/, example/ and the tsconfigs. Then:
#   1. consumer types: the published declarations (lib/**/*.d.ts from the last `jsii` compile)
#      type-checked against the floor's declarations with skipLibCheck off, as a consumer on the
#      floor compiles them;
#   2. jest over test/**/*.test.ts minus the exclusions below (ts-jest in transpile mode, as here);
#   3. for information only (PEER_FLOOR_STRICT_TYPES=1 makes it count): src/ type-checked against
#      the floor. The library is built with the dev aws-cdk-lib, so this is not what consumers get.
# Exit code 0 only if 1 and 2 pass. Nothing in this repository is modified.
#
# Each aws-cdk-lib install downloads ~40 MB; the scratch dir is reused when the versions match.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="${JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION:-20}"

# Lowest version of a caret/tilde/plain range such as ^2.189.1, ~10.0.5, >=2.1.0 or 2.189.1.
floor_of() { node -e 'const r=process.argv[1].trim(); const m=r.match(/^(?:\^|~|>=)?\s*(\d+\.\d+\.\d+)$/); if(!m){console.error("cannot read a floor from range "+r);process.exit(1)} console.log(m[1])' "$1"; }
peer() { node -p "require('./package.json').peerDependencies['$1']"; }
installed() { node -p "require('./node_modules/$1/package.json').version"; }

CDK_VERSION="${CDK_VERSION:-$(floor_of "$(peer aws-cdk-lib)")}"
# constructs: the higher of our own peer floor and the floor aws-cdk-lib@CDK_VERSION itself requires
# (e.g. aws-cdk-lib 2.262 needs constructs ^10.5.0 for IMixin).
if [ -z "${CONSTRUCTS_VERSION:-}" ]; then
  ours="$(floor_of "$(peer constructs)")"
  theirs="$(npm view "aws-cdk-lib@$CDK_VERSION" peerDependencies.constructs 2>/dev/null | grep -v 'Unknown user config' | tail -1)"
  theirs="$(floor_of "${theirs:-^$ours}")"
  CONSTRUCTS_VERSION="$(node -e 'const [a,b]=process.argv.slice(1);const n=(v)=>v.split(".").map(Number);const [x,y]=[n(a),n(b)];for(let i=0;i<3;i++){if(x[i]!==y[i]){console.log(x[i]>y[i]?a:b);process.exit(0)}}console.log(a)' "$ours" "$theirs")"
  [ "$CONSTRUCTS_VERSION" != "$ours" ] && echo "peer-floor: aws-cdk-lib@$CDK_VERSION needs constructs >= $theirs (our peer floor: $ours)"
fi
DIR="${PEER_FLOOR_DIR:-${TMPDIR:-/tmp}/peer-floor}"

# Unit tests that cannot run on the floor by design, each with its reason.
# (integ tests, test/integ.*.ts, are not jest tests and are never matched.)
EXCLUDE=(
  # cdk-nag 3 needs aws-cdk-lib >= 2.257 (Validations / policy-validation plugins API).
  'test/cdk-nag\.test\.ts$'
  # Oracle: the CloudFormation validator (@aws/cloudformation-validate) ships only with recent aws-cdk-lib.
  'test/cfn-validator\.test\.ts$'
  # Template snapshots are recorded with the dev aws-cdk-lib; older versions render templates differently.
  'test/cognito-api-auth\.snapshot\.test\.ts$'
  # Fuzz test: uses the CloudFormation-validator oracle (test/support/cfn-validator.ts).
  'test/fuzz/'
)

# Tool chain and runtime deps at the versions installed in this repository.
TOOLS=()
for p in jest ts-jest typescript @types/jest @types/node @types/sarif; do TOOLS+=("$p@$(installed "$p")"); done
for p in fast-check aws-jwt-verify yaml re2js @microsoft/jest-sarif; do TOOLS+=("$p@$(installed "$p")"); done

echo "peer-floor: aws-cdk-lib@$CDK_VERSION constructs@$CONSTRUCTS_VERSION in $DIR"
mkdir -p "$DIR"
STAMP="$DIR/.installed"
WANT="aws-cdk-lib@$CDK_VERSION constructs@$CONSTRUCTS_VERSION ${TOOLS[*]}"
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$WANT" ]; then
  rm -rf "$DIR/node_modules" "$DIR/package-lock.json"
  cat > "$DIR/package.json" <<'JSON'
{ "name": "peer-floor-scratch", "private": true, "version": "0.0.0" }
JSON
  (cd "$DIR" && npm install --no-audit --no-fund --loglevel=error --legacy-peer-deps \
    "aws-cdk-lib@$CDK_VERSION" "constructs@$CONSTRUCTS_VERSION" "${TOOLS[@]}")
  echo "$WANT" > "$STAMP"
fi
got="$(node -p "require('$DIR/node_modules/aws-cdk-lib/package.json').version")"
[ "$got" = "$CDK_VERSION" ] || { echo "peer-floor: expected aws-cdk-lib $CDK_VERSION, got $got"; exit 1; }

# Fresh copies of the sources (never symlinks: module resolution must find the floor's aws-cdk-lib).
rm -rf "$DIR/src" "$DIR/test" "$DIR/example" "$DIR/scripts" "$DIR/docs" "$DIR/README.md" "$DIR/API.md" "$DIR/CHANGELOG.md" "$DIR/LICENSE"
cp -R src test "$DIR/"
[ -d example ] && cp -R example "$DIR/"
# Read by tests: the SAM oracle script, the CI examples.
cp -R scripts docs "$DIR/"
# Top-level files tests read (e.g. test/rules/catalogue-readme.test.ts reads README.md).
for f in README.md API.md CHANGELOG.md LICENSE; do [ -f "$f" ] && cp "$f" "$DIR/$f"; done
cp tsconfig.json "$DIR/tsconfig.json"
# The repository's jest config, minus coverage/reporters, plus the exclusions.
node -e '
const [root, dir, ...exclude] = process.argv.slice(1);
const cfg = { ...require(root + "/package.json").jest };
for (const k of ["collectCoverage", "coverageReporters", "coverageDirectory", "coverageProvider", "reporters"]) delete cfg[k];
cfg.testPathIgnorePatterns = [...(cfg.testPathIgnorePatterns || ["/node_modules/"]), ...exclude];
require("fs").writeFileSync(dir + "/jest.config.json", JSON.stringify(cfg, null, 2));
' "$ROOT" "$DIR" "${EXCLUDE[@]}"

status=0
echo "== 1/3 consumer view: lib/**/*.d.ts against aws-cdk-lib@$CDK_VERSION (skipLibCheck off)"
if [ ! -f lib/index.d.ts ]; then
  echo "   no lib/index.d.ts: compiling with jsii"
  npx jsii --silence-warnings=reserved-word
fi
C="$DIR/consumer"
rm -rf "$C" && mkdir -p "$C/node_modules/@types"
cp -R lib "$C/node_modules/cdk-cognito-scopes-lib"
find "$C/node_modules/cdk-cognito-scopes-lib" -name '*.js' -delete
mkdir -p "$C/node_modules/cdk-cognito-scopes" && mv "$C/node_modules/cdk-cognito-scopes-lib" "$C/node_modules/cdk-cognito-scopes/lib"
node -e 'const p=require(process.argv[1]);require("fs").writeFileSync(process.argv[2],JSON.stringify({name:p.name,version:p.version,types:p.types,main:p.main}))' \
  "$ROOT/package.json" "$C/node_modules/cdk-cognito-scopes/package.json"
for dep in $(ls "$DIR/node_modules" | grep -v '^@types$'); do ln -s "$DIR/node_modules/$dep" "$C/node_modules/$dep"; done
for t in node jest; do ln -s "$DIR/node_modules/@types/$t" "$C/node_modules/@types/$t"; done
# Every exported symbol, so that every public declaration is loaded and checked.
node -e '
const a = JSON.parse(require("fs").readFileSync(process.argv[1] + "/.jsii", "utf8"));
const names = Object.values(a.types).filter((t) => !t.namespace && t.kind !== "interface").map((t) => t.name).sort();
const types = Object.values(a.types).filter((t) => !t.namespace && t.kind === "interface").map((t) => t.name).sort();
const src = `import * as lib from "cdk-cognito-scopes";\nexport const values: unknown[] = [${names.map((n) => "lib." + n).join(", ")}];\n`
  + types.map((n) => `export type T_${n} = lib.${n};`).join("\n") + "\n";
require("fs").writeFileSync(process.argv[2] + "/consumer.ts", src);' "$ROOT" "$C"
cat > "$C/tsconfig.json" <<'JSON'
{ "compilerOptions": { "strict": true, "noEmit": true, "skipLibCheck": false, "module": "node16", "target": "ES2022",
    "lib": ["es2022"], "types": ["node"] }, "files": ["consumer.ts"] }
JSON
if (cd "$C" && node "$DIR/node_modules/typescript/bin/tsc" -p tsconfig.json); then
  echo "consumer types: OK"
else
  echo "consumer types: FAILED"; status=1
fi

echo "== 2/3 jest against aws-cdk-lib@$CDK_VERSION (excluded: ${EXCLUDE[*]})"
if (cd "$DIR" && CDK_DISABLE_VERSION_CHECK=1 node node_modules/jest/bin/jest.js --ci --config jest.config.json \
      --maxWorkers="${PEER_FLOOR_WORKERS:-1}" "$@"); then
  echo "jest: OK"
else
  echo "jest: FAILED"; status=1
fi

echo "== 3/3 (information) src/ type-checked against aws-cdk-lib@$CDK_VERSION"
if (cd "$DIR" && node node_modules/typescript/bin/tsc --noEmit -p tsconfig.json); then
  echo "src types: OK"
else
  echo "src types: errors above (information only: the library is compiled with the dev aws-cdk-lib)"
  [ "${PEER_FLOOR_STRICT_TYPES:-0}" = "1" ] && status=1
fi

if [ "$status" -eq 0 ]; then
  echo "peer-floor: PASS on aws-cdk-lib@$CDK_VERSION constructs@$CONSTRUCTS_VERSION"
else
  echo "peer-floor: FAIL on aws-cdk-lib@$CDK_VERSION constructs@$CONSTRUCTS_VERSION"
fi
exit "$status"
