#!/usr/bin/env python3
"""`model schema` against the loader: the JSON Schema must accept every model the loader accepts
and reject the bad inputs it is listed to reject.

  schema_test.py MODEL ROOT

* Every samples/*/model.yaml, and every tests/golden/*/model.yaml whose case exits 0, must
  validate.
* tests/schema/expectations.txt says, for every golden case with a model that the loader rejects,
  whether the schema rejects it too (`reject`) or cannot (`accept`, with the reason: the rule
  needs names resolved across the model, and so on). Each line is checked, and a rejected golden
  case missing from the list fails the test, so new cases get classified.
* tests/schema/cases/*.yaml are small models named good-* (the loader accepts them, so must the
  schema) and bad-* (the loader rejects them with exit 1, and so must the schema); the model
  binary is run on each so the expectation stays true of the loader.

YAML is read as YAML 1.2 (core schema: only true/false are booleans, `1:1` is a string), as the
loader and editors' schema checkers read it. Needs python3-yaml and python3-jsonschema (Debian);
without them the test exits 77 (skipped), unless CI=true.
"""
import json
import os
import pathlib
import re
import subprocess
import sys


def skip(why):
    if os.environ.get("CI") == "true":
        print(f"schema_test: {why}, which CI=true requires", file=sys.stderr)
        sys.exit(1)
    print(f"schema_test: skipped: {why}")
    sys.exit(77)


try:
    import jsonschema
    import yaml
except ImportError as e:  # pragma: no cover - depends on the machine
    skip(f"cannot import {e.name} (apt-get install python3-yaml python3-jsonschema)")


class Yaml12Loader(yaml.SafeLoader):
    """SafeLoader with the YAML 1.2 core schema's implicit types instead of YAML 1.1's."""


Yaml12Loader.yaml_implicit_resolvers = {}
for tag, pattern, first in [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    ("tag:yaml.org,2002:float",
     r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
     r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", "-+0123456789."),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:merge", r"^(?:<<)$", "<"),
]:
    Yaml12Loader.add_implicit_resolver(tag, re.compile(pattern), list(first))


def load_yaml(path):
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=Yaml12Loader)


def main():
    model, root = sys.argv[1], pathlib.Path(sys.argv[2])
    schema = json.loads(subprocess.run([model, "schema"], check=True, capture_output=True,
                                       text=True).stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    failures = []

    def errors(path):
        try:
            data = load_yaml(path)
        except (yaml.YAMLError, UnicodeDecodeError, RecursionError) as e:
            # Not a YAML document a schema could be applied to: a checker rejects it too.
            return [f"not YAML: {e}".splitlines()[0]]
        return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
                for e in validator.iter_errors(data)]

    def expect(path, valid, why=""):
        found = errors(path)
        if valid and found:
            failures.append(f"{path}: the schema rejects it, but the loader accepts it: {found[0]}")
        if not valid and not found:
            failures.append(f"{path}: the schema accepts it, but the loader rejects it ({why})")

    checked = 0
    for path in sorted(root.glob("samples/*/model.yaml")):
        expect(path, True)
        checked += 1
    listed = {}
    for line in (root / "tests/schema/expectations.txt").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        verdict, case, *why = line.split(None, 2)
        if verdict not in ("reject", "accept"):
            failures.append(f"expectations.txt: '{verdict}' is neither reject nor accept")
        listed[case] = (verdict, why[0] if why else "")
    for case in sorted((root / "tests/golden").iterdir()):
        path = case / "model.yaml"
        if not path.is_file():
            continue
        exit_code = (case / "expected/exit_code").read_text().strip()
        args = (case / "args").read_text() if (case / "args").is_file() else ""
        reads_model = "model.yaml" in args.split()
        if exit_code == "0" and reads_model:
            expect(path, True)
            checked += 1
        elif case.name in listed:
            verdict, why = listed.pop(case.name)
            expect(path, verdict == "accept", why)
            checked += 1
        elif exit_code == "1" and reads_model and case.name.startswith("bad-"):
            failures.append(f"{case.name}: not in tests/schema/expectations.txt; say whether the "
                            "schema rejects it")
    for case in listed:
        failures.append(f"expectations.txt: no golden case {case}")
    for path in sorted((root / "tests/schema/cases").glob("*.yaml")):
        good = path.name.startswith("good-")
        run = subprocess.run([model, "validate", str(path)], capture_output=True, text=True)
        if run.returncode != (0 if good else 1):
            failures.append(f"{path}: model validate exits {run.returncode}, not "
                            f"{0 if good else 1}: {run.stderr.strip()[:300]}")
        expect(path, good, "its name says bad")
        checked += 1
    for f in failures:
        print(f"FAIL {f}")
    print(f"schema_test: {checked} models checked, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
