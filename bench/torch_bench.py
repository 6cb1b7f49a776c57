"""Times the benchmark workloads in PyTorch, one thread, for bench/run.mjs.

Usage: /usr/bin/python3 bench/torch_bench.py MANIFEST.json

The manifest lists the workloads, the float32/int32 input arrays (offsets into
one binary file written by run.mjs), the warm-up and run counts, and the
output paths. This script writes the outputs of the last timed run as float64
into `outputs_file` and a JSON summary (median milliseconds and output
offsets per workload) into `summary_file`.
"""

import json
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
import torchvision

torch.set_num_threads(1)


def load_arrays(data, spec):
    arrays = {}
    for name, entry in spec.items():
        dtype = np.float32 if entry["dtype"] == "float32" else np.int32
        view = np.frombuffer(data, dtype=dtype, count=entry["length"], offset=entry["offset"])
        arrays[name] = torch.from_numpy(view.copy())
    return arrays


def normalize_rows(x):
    return F.normalize(x, dim=1, eps=1e-12)


def arcface_logits(features, weight, labels, scale, margin):
    cosine = F.linear(normalize_rows(features), normalize_rows(weight))
    clamped = cosine.clamp(-1 + 1e-7, 1 - 1e-7)
    # cos(theta + m) = cos(theta) cos(m) - sin(theta) sin(m), with sin(theta) = sqrt(1 - cos^2).
    target = clamped * np.cos(margin) - torch.sqrt(1 - clamped * clamped) * np.sin(margin)
    one_hot = torch.zeros_like(cosine)
    one_hot.scatter_(1, labels.view(-1, 1).long(), 1.0)
    return scale * (one_hot * target + (1 - one_hot) * cosine)


def make_run(workload, a):
    op = workload["op"]
    if op == "bce":
        return lambda: [F.binary_cross_entropy_with_logits(a["logits"], a["targets"]).item()]
    if op == "mse":
        return lambda: [F.mse_loss(a["predictions"], a["targets"]).item()]
    if op == "gram":
        batch = a["batch"].view(*workload["shape"])

        def gram():
            normalized = normalize_rows(batch)
            return [(normalized @ normalized.T).numpy()]

        return gram
    if op in ("arcface_forward", "arcface_backward"):
        b, d, c = workload["batch"], workload["inFeatures"], workload["classes"]
        scale, margin = workload["scale"], workload["margin"]
        features = a["features"].view(b, d)
        weight = a["weight"].view(c, d)
        labels = a["labels"].long()
        if op == "arcface_forward":
            def forward():
                with torch.no_grad():
                    return [arcface_logits(features, weight, labels, scale, margin).numpy()]

            return forward

        def backward():
            f = features.clone().requires_grad_(True)
            w = weight.clone().requires_grad_(True)
            loss = F.cross_entropy(arcface_logits(f, w, labels, scale, margin), labels)
            loss.backward()
            return [loss.item(), f.grad.numpy(), w.grad.numpy()]

        return backward
    if op == "giou":
        n = workload["count"]
        boxes1 = a["boxes1"].view(n, 4)
        boxes2 = a["boxes2"].view(n, 4)
        return lambda: [torchvision.ops.generalized_box_iou_loss(boxes1, boxes2, reduction="mean").item()]
    if op == "miou":
        c = workload["num_classes"]
        prediction, target = a["prediction"], a["target"]

        def miou():
            counts = torch.bincount(prediction * c + target, minlength=c * c).view(c, c).double()
            intersection = counts.diagonal()
            union = counts.sum(0) + counts.sum(1) - intersection
            present = union > 0
            return [(intersection[present] / union[present]).mean().item()]

        return miou
    raise ValueError(f"unknown workload op {op!r}")


def main():
    with open(sys.argv[1]) as handle:
        manifest = json.load(handle)
    with open(manifest["data_file"], "rb") as handle:
        data = handle.read()

    summary = {"torch_version": torch.__version__, "threads": torch.get_num_threads(), "results": []}
    offset = 0
    with open(manifest["outputs_file"], "wb") as outputs:
        for workload in manifest["workloads"]:
            run = make_run(workload, load_arrays(data, workload["arrays"]))
            for _ in range(workload["warmup"]):
                run()
            times = []
            for _ in range(manifest["runs"]):
                start = time.perf_counter()
                parts = run()
                times.append((time.perf_counter() - start) * 1000)
            part_specs = []
            for part in parts:
                values = np.asarray(part, dtype=np.float64).ravel()
                outputs.write(values.tobytes())
                part_specs.append({"offset": offset, "length": int(values.size), "scalar": np.ndim(part) == 0})
                offset += values.nbytes
            summary["results"].append({"name": workload["name"], "median_ms": statistics.median(times), "parts": part_specs})
            print(f"torch: {workload['name']} done", file=sys.stderr, flush=True)

    with open(manifest["summary_file"], "w") as handle:
        json.dump(summary, handle)


if __name__ == "__main__":
    main()
