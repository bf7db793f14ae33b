"""Validates an OpenAPI document (stdin, YAML) with openapi-spec-validator and prints its
operations as JSON lines "METHOD PATH" (an independent reading of the document)."""
import json
import sys

import yaml
from openapi_spec_validator import validate

document = yaml.safe_load(sys.stdin.read())
validate(document)
operations = sorted(f"{method.upper()} {path}" for path, item in document["paths"].items() for method in item)
print(json.dumps(operations))
