#!/usr/bin/env python3
"""Translate a SAM template offline with the SAM translator (samtranslator), the oracle of
test/decl-sam-oracle.test.ts: `python3 scripts/sam-translate.py template.(json|yaml)` prints the
CloudFormation template as JSON. No AWS call: the region is set and the managed-policy loader is a
stub that knows no policy (the fixtures use none)."""
import json
import os
import sys

os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")

try:
    from samtranslator.translator.transform import transform
    from samtranslator.translator.managed_policy_translator import ManagedPolicyLoader
    from samtranslator.yaml_helper import yaml_parse
except ImportError as e:  # the test reports this and fails
    print("samtranslator is not installed (pip install aws-sam-translator): %s" % e, file=sys.stderr)
    sys.exit(3)


class StubPolicyLoader(ManagedPolicyLoader):
    def __init__(self):  # no IAM client
        pass

    def load(self):
        return {}


def main():
    if len(sys.argv) != 2:
        print("usage: sam-translate.py <template>", file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:
        template = yaml_parse(f.read())
    out = transform(template, {}, StubPolicyLoader())
    json.dump(out, sys.stdout, indent=1, sort_keys=True, default=str)
    return 0


if __name__ == "__main__":
    sys.exit(main())
