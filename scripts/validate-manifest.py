#!/usr/bin/env python3
"""Validates otsensor manifest.json files against docs/manifest.schema.json.

    scripts/validate-manifest.py DIR/manifest.json...

Prints one line per violation (file, JSON path, message) and exits 1 if there
is any; exits 2 when python3-jsonschema is missing (scripts/install-deps.sh --test).
"""
import json
import pathlib
import sys

try:
    import jsonschema
except ImportError:
    print("validate-manifest: python3-jsonschema is not installed (scripts/install-deps.sh --test)", file=sys.stderr)
    sys.exit(2)

schema_path = pathlib.Path(__file__).resolve().parent.parent / "docs" / "manifest.schema.json"
schema = json.loads(schema_path.read_text())
validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
failed = False
for name in sys.argv[1:]:
    with open(name, encoding="utf-8") as f:
        manifest = json.load(f)
    for error in sorted(validator.iter_errors(manifest), key=lambda e: list(e.absolute_path)):
        failed = True
        location = "/".join(str(p) for p in error.absolute_path) or "(top)"
        print(f"{name}: {location}: {error.message}")
sys.exit(1 if failed else 0)
