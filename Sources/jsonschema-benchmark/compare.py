"""Python `jsonschema` on the same schema and instances as main.swift (pip install jsonschema)."""
import importlib.metadata
import json
import time

import jsonschema

SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "org_id": {"oneOf": [{"type": "string", "pattern": "^[0-9]{1,19}$"}, {"type": "integer", "minimum": 1}]},
        "org_name": {"type": "string", "minLength": 1, "maxLength": 255},
        "confirm_delete": {"type": "boolean"},
        "dry_run": {"type": "boolean"},
        "force_delete": {"type": "boolean"},
        "reason": {"type": "string", "maxLength": 2000},
        "request_id": {"type": "string", "minLength": 1, "maxLength": 200},
        "requested_by": {"type": "string", "maxLength": 200},
    },
    "anyOf": [{"required": ["org_id"]}, {"required": ["org_name"]}],
}
VALID = (b'{"org_id": "4821734", "org_name": "Acme Dental", "confirm_delete": true, "dry_run": false, '
         b'"reason": "Client offboarded after contract end", "request_id": "req-2026-12-04-0001", '
         b'"requested_by": "ops@example.com"}')
INVALID = b'{"org_id": "48x21", "confirm_delete": "yes", "dry_run": false, "confirm": true, "request_id": ""}'


def measure(label, iterations, body):
    for _ in range(iterations // 10):
        body()
    start = time.perf_counter()
    for _ in range(iterations):
        body()
    rate = iterations / (time.perf_counter() - start)
    print(f"{label:<44} {rate:12.0f} /s")


validator = jsonschema.Draft202012Validator(SCHEMA)
valid = json.loads(VALID)
invalid = json.loads(INVALID)
assert validator.is_valid(valid) and not validator.is_valid(invalid)
n = 20_000
print("python jsonschema", importlib.metadata.version("jsonschema"))
measure("valid   is_valid (fast path)", n, lambda: validator.is_valid(valid))
measure("valid   iter_errors (full path)", n, lambda: list(validator.iter_errors(valid)))
measure("valid   json.loads + is_valid", n, lambda: validator.is_valid(json.loads(VALID)))
measure("invalid is_valid (fast path)", n, lambda: validator.is_valid(invalid))
measure("invalid iter_errors (full path)", n, lambda: list(validator.iter_errors(invalid)))
measure("invalid json.loads + is_valid", n, lambda: validator.is_valid(json.loads(INVALID)))
