"""Shared helpers for the fixture generators: tensors to JSON, metadata, output path.

Run every generator with Debian's interpreter, which has python3-torch:
    /usr/bin/python3 tooling/reference/<name>.py
"""
import json
import math
import os
import sys

import torch

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def encode(value):
    """Turn tensors, floats and nested lists into JSON values; non-finite floats become strings."""
    if isinstance(value, torch.Tensor):
        return encode(value.detach().cpu().tolist())
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return value
    if isinstance(value, (list, tuple)):
        return [encode(item) for item in value]
    if isinstance(value, dict):
        return {key: encode(item) for key, item in value.items()}
    return value


def dtype_name(dtype):
    return {torch.float32: "float32", torch.float64: "float64", torch.int64: "int64", torch.int32: "int32"}[dtype]


def write_fixture(package, name, seed, cases):
    """Write packages/<package>/test/fixtures/<name>.json with the generator, torch version and seed."""
    path = os.path.join(ROOT, "packages", package, "test", "fixtures", f"{name}.json")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    document = {
        "generator": os.path.relpath(os.path.abspath(sys.argv[0]), ROOT),
        "torch_version": torch.__version__,
        "seed": seed,
        "cases": encode(cases),
    }
    with open(path, "w") as handle:
        json.dump(document, handle, separators=(",", ":"))
        handle.write("\n")
    print(f"wrote {os.path.relpath(path, ROOT)} ({len(cases)} cases)")
