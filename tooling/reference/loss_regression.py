"""Fixtures for @zae/loss-regression: F.mse_loss values and autograd gradients.

Run: /usr/bin/python3 tooling/reference/loss_regression.py
"""
import torch
import torch.nn.functional as F

from common import dtype_name, write_fixture

SEED = 20261204


def make_case(name, target, prediction, reduction):
    prediction = prediction.clone().requires_grad_(True)
    value = F.mse_loss(prediction, target, reduction=reduction)
    if prediction.numel() > 0:
        # "none" is differentiated as the sum of its elements, like backward with a gradient of ones.
        (value.sum() if reduction == "none" else value).backward()
        grad = prediction.grad
    else:
        grad = torch.zeros_like(prediction)
    return {
        "name": name,
        "dtype": dtype_name(prediction.dtype),
        "reduction": reduction,
        "shape": list(prediction.shape),
        "true": target.flatten(),
        "predict": prediction.detach().flatten(),
        "value": value.detach().flatten() if reduction == "none" else value.item(),
        "grad": grad.flatten(),
    }


def main():
    generator = torch.Generator().manual_seed(SEED)
    shapes = {"scalar": [], "1d": [7], "2d": [4, 5], "3d": [2, 3, 4], "empty": [0, 3]}
    scales = {"small": 1e-3, "typical": 1.0, "large": 1e4}
    cases = []
    for dtype in (torch.float32, torch.float64):
        for shape_name, shape in shapes.items():
            for scale_name, scale in scales.items():
                target = (torch.randn(shape, generator=generator, dtype=torch.float64) * scale).to(dtype)
                prediction = (torch.randn(shape, generator=generator, dtype=torch.float64) * scale).to(dtype)
                for reduction in ("mean", "sum", "none"):
                    if shape_name == "empty" and reduction != "none":
                        continue  # PyTorch's mean of nothing is NaN; the @zae empty rule is tested on its own.
                    cases.append(make_case(f"{shape_name} {scale_name} {reduction}", target, prediction, reduction))
    write_fixture("loss-regression", "mse", SEED, cases)


if __name__ == "__main__":
    main()
