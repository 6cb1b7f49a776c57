"""Fixtures for @zae/tensor-utils: softplus, log-sigmoid and sigmoid in float64.

Run: /usr/bin/python3 tooling/reference/tensor_utils.py
"""
import torch
import torch.nn.functional as F

from common import write_fixture

SEED = 7


def main():
    x = torch.tensor(
        [-1e4, -800.0, -100.0, -40.0, -20.0, -5.0, -1.0, -1e-3, -1e-12, 0.0,
         1e-12, 1e-3, 1.0, 5.0, 20.0, 40.0, 100.0, 800.0, 1e4],
        dtype=torch.float64,
    )
    cases = [
        {"name": "softplus", "x": x, "y": F.softplus(x)},
        {"name": "logSigmoid", "x": x, "y": F.logsigmoid(x)},
        {"name": "sigmoid", "x": x, "y": torch.sigmoid(x)},
    ]
    write_fixture("tensor-utils", "stable-math", SEED, cases)


if __name__ == "__main__":
    main()
