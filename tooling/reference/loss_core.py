"""Write the @zae/loss-core fixtures from PyTorch autograd.

    /usr/bin/python3 tooling/reference/loss_core.py

cross-entropy.json: F.binary_cross_entropy_with_logits (zae-engine's
cross_entropy) with every reduction, class weights of several shapes and
pos_weight. gram-matrix.json: F.normalize(batch, dim=1) @ its transpose,
reduced by mean or not. Every case stores its inputs flat with their shape
(so empty tensors keep it), its dtype, and for each variant the value and
the autograd gradient with respect to the logit or the batch.
"""
import math

import torch
import torch.nn.functional as F

from common import dtype_name, write_fixture

SEED = 0
REDUCTIONS = ("mean", "sum", "none")
DTYPES = (torch.float32, torch.float64)


def flat(tensor):
    """Return a tensor as {data, shape}, with data as the row-major flat list."""
    return {"data": tensor.detach().reshape(-1).tolist(), "shape": list(tensor.shape)}


def log_uniform_logits(generator, shape, low, high):
    """Return logits whose magnitudes are log-uniform in [low, high], with random signs."""
    exponents = torch.rand(shape, generator=generator, dtype=torch.float64)
    magnitudes = torch.exp(math.log(low) + exponents * (math.log(high) - math.log(low)))
    signs = torch.where(torch.rand(shape, generator=generator) < 0.5, -1.0, 1.0).to(torch.float64)
    return magnitudes * signs


def mixed_targets(generator, shape):
    """Return targets that are 0, 1 or soft labels in (0, 1), in roughly equal parts."""
    choice = torch.randint(0, 3, shape, generator=generator)
    soft = torch.rand(shape, generator=generator, dtype=torch.float64)
    return torch.where(choice == 0, torch.zeros(shape, dtype=torch.float64),
                       torch.where(choice == 1, torch.ones(shape, dtype=torch.float64), soft))


def cross_entropy_case(name, logit, target, dtype, weight=None, pos_weight=None):
    logit = logit.to(dtype)
    target = target.to(dtype)
    weight = None if weight is None else weight.to(dtype)
    pos_weight = None if pos_weight is None else pos_weight.to(dtype)
    results = {}
    for reduction in REDUCTIONS:
        x = logit.clone().requires_grad_(True)
        loss = F.binary_cross_entropy_with_logits(x, target, weight=weight, pos_weight=pos_weight, reduction=reduction)
        # "none" is differentiated as the sum of its elements, as backward() with a gradient of ones.
        (loss if reduction != "none" else loss.sum()).backward()
        value = loss.item() if reduction != "none" else flat(loss)
        results[reduction] = {"value": value, "grad": flat(x.grad)}
    return {
        "name": name,
        "dtype": dtype_name(dtype),
        "logit": flat(logit),
        "target": flat(target),
        "weight": None if weight is None else flat(weight),
        "pos_weight": None if pos_weight is None else flat(pos_weight),
        "results": results,
    }


def cross_entropy_cases(generator):
    g = generator
    inputs = []
    inputs.append(("scalar", torch.tensor(0.75, dtype=torch.float64), torch.tensor(1.0, dtype=torch.float64), {}))
    inputs.append(("1-D hard targets", torch.randn(6, generator=g, dtype=torch.float64) * 3,
                   torch.randint(0, 2, (6,), generator=g).to(torch.float64), {}))
    inputs.append(("2-D soft targets", torch.randn(4, 3, generator=g, dtype=torch.float64) * 2,
                   mixed_targets(g, (4, 3)), {}))
    inputs.append(("2-D weight [C]", torch.randn(4, 3, generator=g, dtype=torch.float64) * 2, mixed_targets(g, (4, 3)),
                   {"weight": torch.rand(3, generator=g, dtype=torch.float64) * 2}))
    inputs.append(("2-D weight [N, 1]", torch.randn(4, 3, generator=g, dtype=torch.float64) * 2, mixed_targets(g, (4, 3)),
                   {"weight": torch.rand(4, 1, generator=g, dtype=torch.float64) * 2}))
    inputs.append(("2-D weight full shape", torch.randn(4, 3, generator=g, dtype=torch.float64) * 2,
                   mixed_targets(g, (4, 3)), {"weight": torch.rand(4, 3, generator=g, dtype=torch.float64) * 2}))
    inputs.append(("3-D weight [C, 1] on [N, C, L]", torch.randn(2, 3, 4, generator=g, dtype=torch.float64) * 2,
                   mixed_targets(g, (2, 3, 4)), {"weight": torch.tensor([[0.5], [1.0], [3.0]], dtype=torch.float64)}))
    inputs.append(("2-D pos_weight [C]", torch.randn(4, 3, generator=g, dtype=torch.float64) * 2,
                   mixed_targets(g, (4, 3)), {"pos_weight": torch.tensor([0.5, 2.0, 7.0], dtype=torch.float64)}))
    inputs.append(("3-D pos_weight [C, 1] and weight [C, 1]", torch.randn(2, 3, 4, generator=g, dtype=torch.float64) * 2,
                   mixed_targets(g, (2, 3, 4)),
                   {"pos_weight": torch.tensor([[3.0], [0.25], [1.0]], dtype=torch.float64),
                    "weight": torch.tensor([[2.0], [1.0], [0.5]], dtype=torch.float64)}))

    # Extreme inputs: logit magnitudes from 1e-3 to 1e4, losses of 2e-9 and less, and an empty batch.
    inputs.append(("logits 1e-3 to 1e4", log_uniform_logits(g, (8, 5), 1e-3, 1e4), mixed_targets(g, (8, 5)), {}))
    inputs.append(("logits 1e-3 to 1e4 with pos_weight and weight", log_uniform_logits(g, (8, 5), 1e-3, 1e4),
                   mixed_targets(g, (8, 5)),
                   {"pos_weight": torch.tensor([1.0, 2.0, 0.5, 4.0, 10.0], dtype=torch.float64),
                    "weight": torch.rand(8, 1, generator=g, dtype=torch.float64)}))
    inputs.append(("tiny losses", torch.tensor([-20.0, 20.0, -30.0, 30.0, -40.0, 40.0], dtype=torch.float64),
                   torch.tensor([0.0, 1.0, 0.0, 1.0, 0.0, 1.0], dtype=torch.float64), {}))
    inputs.append(("empty [0, 3] with weight [C]", torch.zeros(0, 3, dtype=torch.float64),
                   torch.zeros(0, 3, dtype=torch.float64), {"weight": torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64)}))

    cases = []
    for name, logit, target, extra in inputs:
        for dtype in DTYPES:
            cases.append(cross_entropy_case(name, logit, target, dtype, **extra))
    return cases


def gram_case(name, batch, dtype, grad_output):
    batch = batch.to(dtype)
    results = {}
    for reduce in (True, False):
        x = batch.clone().requires_grad_(True)
        gram = torch.mm(F.normalize(x, p=2, dim=1), F.normalize(x, p=2, dim=1).t())
        if reduce:
            gram.mean().backward()
            results["reduce"] = {"value": gram.mean().item(), "grad": flat(x.grad)}
        else:
            gram.sum().backward()
            results["matrix"] = {"value": flat(gram), "grad": flat(x.grad)}
            x.grad = None
            gram = torch.mm(F.normalize(x, p=2, dim=1), F.normalize(x, p=2, dim=1).t())
            upstream = grad_output.to(dtype)
            (gram * upstream).sum().backward()
            results["matrix_with_grad_output"] = {"grad_output": flat(upstream), "grad": flat(x.grad)}
    return {"name": name, "dtype": dtype_name(dtype), "batch": flat(batch), "results": results}


def gram_cases(generator):
    g = generator
    inputs = [
        ("random [4, 3]", torch.randn(4, 3, generator=g, dtype=torch.float64)),
        ("random [6, 8]", torch.randn(6, 8, generator=g, dtype=torch.float64) * 5),
        ("single row [1, 5]", torch.randn(1, 5, generator=g, dtype=torch.float64)),
        ("one column [5, 1]", torch.tensor([[2.0], [-3.0], [0.5], [7.0], [-0.25]], dtype=torch.float64)),
        ("zero row", torch.tensor([[0.0, 0.0], [3.0, 4.0]], dtype=torch.float64)),
        ("norm below eps", torch.tensor([[1e-13, -2e-13, 0.0], [1.0, 2.0, 2.0], [5e-13, 5e-13, 5e-13]], dtype=torch.float64)),
        ("parallel rows", torch.tensor([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [-3.0, -6.0, -9.0]], dtype=torch.float64)),
        ("large magnitudes", torch.randn(3, 4, generator=g, dtype=torch.float64) * 1e4),
        ("zero columns [3, 0]", torch.zeros(3, 0, dtype=torch.float64)),
        ("empty [0, 3]", torch.zeros(0, 3, dtype=torch.float64)),
    ]
    cases = []
    for name, batch in inputs:
        size = batch.shape[0]
        grad_output = torch.randn(size, size, generator=g, dtype=torch.float64)
        for dtype in DTYPES:
            cases.append(gram_case(name, batch, dtype, grad_output))
    return cases


def main():
    torch.manual_seed(SEED)
    generator = torch.Generator().manual_seed(SEED)
    write_fixture("loss-core", "cross-entropy", SEED, cross_entropy_cases(generator))
    write_fixture("loss-core", "gram-matrix", SEED, gram_cases(generator))


if __name__ == "__main__":
    main()
