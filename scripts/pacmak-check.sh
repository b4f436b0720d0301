#!/usr/bin/env bash
# Checks that the jsii assembly generates Python bindings (jsii-pacmak --code-only --target python).
# Compiles with jsii first when .jsii is missing or older than a source file. Exits non-zero on any error.
set -euo pipefail
cd "$(dirname "$0")/.."
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20

OUT="${PACMAK_OUT:-/tmp/pacmak-python}"

if [ ! -f .jsii ] || [ -n "$(find src -name '*.ts' -newer .jsii -print -quit)" ]; then
  echo "pacmak-check: compiling the jsii assembly"
  npx jsii --silence-warnings=reserved-word
fi

# package.json may not configure a Python target yet (projen: publishToPypi). Run pacmak on a scratch
# copy of the package whose package.json and assembly carry a Python target (the configured one if
# present, otherwise distName cdk-cognito-scopes / module cdk_cognito_scopes).
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cp package.json .jsii "$WORK/"
[ -f README.md ] && cp README.md "$WORK/"
[ -d lib ] && cp -r lib "$WORK/lib"
ln -s "$PWD/node_modules" "$WORK/node_modules"
node -e '
  const fs = require("fs");
  const dir = process.argv[1];
  const python = { distName: "cdk-cognito-scopes", module: "cdk_cognito_scopes" };
  const pkg = JSON.parse(fs.readFileSync(dir + "/package.json", "utf8"));
  pkg.jsii = pkg.jsii || {};
  pkg.jsii.targets = pkg.jsii.targets || {};
  pkg.jsii.targets.python = pkg.jsii.targets.python || python;
  fs.writeFileSync(dir + "/package.json", JSON.stringify(pkg, null, 2));
  const asm = JSON.parse(fs.readFileSync(dir + "/.jsii", "utf8"));
  asm.targets = asm.targets || {};
  asm.targets.python = asm.targets.python || pkg.jsii.targets.python;
  fs.writeFileSync(dir + "/.jsii", JSON.stringify(asm));
' "$WORK"

rm -rf "$OUT"
echo "pacmak-check: generating Python bindings into $OUT"
npx jsii-pacmak --code-only --target python -o "$OUT" "$WORK"

# The generated package must contain the public constructs.
init_py="$(find "$OUT" -path '*cdk_cognito_scopes/__init__.py' -print -quit)"
if [ -z "$init_py" ]; then
  echo "pacmak-check: no cdk_cognito_scopes/__init__.py generated under $OUT" >&2
  exit 1
fi
for symbol in 'class CognitoApiAuth(' 'class CognitoApiAuthProps:' 'class HostedUiDomain(' 'class UserClientOptions:' 'class MachineClientOptions:'; do
  if ! grep -qF "$symbol" "$init_py"; then
    echo "pacmak-check: '$symbol' missing from $init_py" >&2
    exit 1
  fi
done
if command -v python3 >/dev/null 2>&1; then
  python3 -m py_compile "$init_py"
fi
echo "pacmak-check: OK ($init_py)"
