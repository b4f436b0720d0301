#!/usr/bin/env bash
# Deploy-and-assert run of an integration test against a real AWS account, then clean up.
#
#   scripts/integ-deploy.sh [test/integ.full.ts]
#
# Needs AWS credentials and a bootstrapped account/region (`npx cdk bootstrap`). Deploys the
# test stack and its assertion stack (integ-tests-alpha); every assertion in the test uses
# waitForAssertions(), so a failed assertion fails the deployment. Both stacks are destroyed
# afterwards whatever the outcome. Costs: a few cents (Cognito, API Gateway, Lambda, Step Functions).
#
# This is the fallback for integ-runner: with an @aws-cdk/integ-runner that reads cloud-assembly
# schema 55 (newer than 2.197.10), the equivalent is
#   npx integ-runner --directory test --language typescript --app "npx tsx {filePath}" --update-on-failed --force
# (then re-write the committed snapshot with `npx tsx scripts/integ-snapshot.ts --update`).
set -uo pipefail
cd "$(dirname "$0")/.."
TEST="${1:-test/integ.full.ts}"
APP="npx tsx $TEST"
OUT="$(mktemp -d "${TMPDIR:-/tmp}/integ-deploy.XXXXXX")"
export CDK_DISABLE_VERSION_CHECK=1 CDK_DISABLE_CLI_TELEMETRY=true JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20

echo "== deploying $TEST (test stack + assertion stack)"
npx cdk deploy --app "$APP" --output "$OUT" --all --require-approval never --no-notices --outputs-file "$OUT/outputs.json"
rc=$?
if [ -f "$OUT/outputs.json" ]; then
  echo "== assertion results"; grep -i '"AssertionResults' "$OUT/outputs.json" || true
fi
echo "== destroying"
npx cdk destroy --app "$APP" --output "$OUT" --all --force --no-notices || { echo "destroy failed: delete the stacks by hand"; rc=${rc:-1}; [ "$rc" -eq 0 ] && rc=1; }
rm -rf "$OUT"
if [ "$rc" -eq 0 ]; then echo "integ: $TEST passed"; else echo "integ: $TEST FAILED (see the DeployAssert stack's events)"; fi
exit "$rc"
