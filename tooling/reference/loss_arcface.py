"""Fixtures for @zae/loss-arcface: ArcFace logits, loss and autograd gradients.

The forward pass is zae-engine's ArcFaceLoss.forward, written out here so the
weight can be passed in:
    cosine = F.linear(F.normalize(x), F.normalize(W))
    theta = acos(cosine.clamp(-1 + 1e-7, 1 - 1e-7))
    logits = s * (one_hot * cos(theta + m) + (1 - one_hot) * cosine)
The loss is F.cross_entropy(logits, labels, ignore_index=...) with the mean
reduction. Two opt-in variants change the label column: easy margin keeps the
cosine when it is <= 0, and the insightface fallback uses cosine - m sin(m)
when cosine <= cos(pi - m). Rows whose label is the ignore index get no
margin at all.

Run with Debian's interpreter, which has python3-torch:
    /usr/bin/python3 tooling/reference/loss_arcface.py
"""
import math

import torch
import torch.nn.functional as F

from common import dtype_name, write_fixture

SEED = 20260512
CLAMP = 1e-7


def arcface_logits(x, weight, labels, scale, margin, ignore_index=None, easy_margin=False, margin_fallback=False):
    cosine = F.linear(F.normalize(x), F.normalize(weight))
    theta = torch.acos(cosine.clamp(-1 + CLAMP, 1 - CLAMP))
    target = torch.cos(theta + margin)
    if easy_margin:
        target = torch.where(cosine > 0, target, cosine)
    elif margin_fallback:
        target = torch.where(cosine > math.cos(math.pi - margin), target, cosine - margin * math.sin(margin))

    if ignore_index is None:
        valid = torch.ones_like(labels, dtype=torch.bool)
    else:
        valid = labels != ignore_index
    safe_labels = torch.where(valid, labels, torch.zeros_like(labels))
    one_hot = torch.zeros_like(cosine)
    one_hot.scatter_(1, safe_labels.view(-1, 1), 1)
    one_hot = one_hot * valid.to(cosine.dtype).view(-1, 1)
    return scale * (one_hot * target + (1.0 - one_hot) * cosine)


def run_case(name, x, weight, labels, scale, margin, dtype, ignore_index=None, easy_margin=False, margin_fallback=False):
    """Evaluate logits, loss and both gradients, plus the backward of a random upstream gradient.

    A float32 case also stores "float64": the same outputs computed in float64
    from the float32-rounded inputs and upstream gradient. The package computes
    in float64, so it is compared with those as well as with PyTorch's float32
    run, whose gradients lose digits where the margin's slope is ill-conditioned.
    """
    x = x.to(dtype)
    weight = weight.to(dtype)
    labels = labels.to(torch.int64)
    options = (scale, margin, ignore_index, easy_margin, margin_fallback)
    grad_logits = torch.randn((x.shape[0], weight.shape[0]), dtype=torch.float64).to(dtype)

    outputs = evaluate(x, weight, labels, *options, grad_logits)
    exact = None
    if dtype == torch.float32:
        exact = evaluate(x.double(), weight.double(), labels, *options, grad_logits.double())

    return {
        "name": name,
        "dtype": dtype_name(dtype),
        "scale": scale,
        "margin": margin,
        "ignore_index": ignore_index,
        "easy_margin": easy_margin,
        "margin_fallback": margin_fallback,
        "features": x,
        "weight": weight,
        "labels": labels,
        "grad_logits": grad_logits,
        **outputs,
        "float64": exact,
    }


def evaluate(x, weight, labels, scale, margin, ignore_index, easy_margin, margin_fallback, grad_logits):
    """Logits, loss, autograd gradients of the loss, and the backward of `grad_logits`, in the inputs' dtype."""
    x = x.detach().requires_grad_(True)
    weight = weight.detach().requires_grad_(True)
    logits = arcface_logits(x, weight, labels, scale, margin, ignore_index, easy_margin, margin_fallback)
    kwargs = {} if ignore_index is None else {"ignore_index": ignore_index}
    loss = F.cross_entropy(logits, labels, **kwargs)
    grad_x, grad_w = torch.autograd.grad(loss, (x, weight), retain_graph=True)
    back_x, back_w = torch.autograd.grad(logits, (x, weight), grad_outputs=grad_logits)
    return {
        "logits": logits,
        "loss": loss.item(),
        "grad_features": grad_x,
        "grad_weight": grad_w,
        "backward_features": back_x,
        "backward_weight": back_w,
    }


def random_inputs(batch, in_features, out_features):
    x = torch.randn(batch, in_features, dtype=torch.float64)
    weight = torch.randn(out_features, in_features, dtype=torch.float64) * 0.3
    labels = torch.randint(0, out_features, (batch,))
    return x, weight, labels


def main():
    torch.manual_seed(SEED)
    cases = []

    sizes = [
        ("small f64", 4, 8, 5, 30.0, 0.5, torch.float64),
        ("wide f64", 6, 16, 10, 64.0, 0.5, torch.float64),
        ("odd sizes f64", 3, 5, 7, 10.0, 0.2, torch.float64),
        ("single row f64", 1, 4, 3, 30.0, 0.5, torch.float64),
        ("small f32", 8, 12, 6, 30.0, 0.5, torch.float32),
        ("wide f32", 5, 7, 9, 64.0, 0.35, torch.float32),
    ]
    for name, batch, in_features, out_features, scale, margin, dtype in sizes:
        x, weight, labels = random_inputs(batch, in_features, out_features)
        cases.append(run_case(name, x, weight, labels, scale, margin, dtype))

    # Label cosines near -1 and near +1 exercise the margin variants on both sides of their thresholds.
    x, weight, labels = random_inputs(6, 8, 5)
    for row in range(3):
        x[row] = -weight[labels[row]] + 0.05 * torch.randn(8, dtype=torch.float64)
    x[3] = weight[labels[3]] + 0.05 * torch.randn(8, dtype=torch.float64)
    cases.append(run_case("plain margin near -1", x, weight, labels, 30.0, 0.5, torch.float64))
    cases.append(run_case("easy margin", x, weight, labels, 30.0, 0.5, torch.float64, easy_margin=True))
    cases.append(run_case("margin fallback", x, weight, labels, 30.0, 0.5, torch.float64, margin_fallback=True))
    cases.append(run_case("easy margin f32", x, weight, labels, 30.0, 0.5, torch.float32, easy_margin=True))

    x, weight, labels = random_inputs(7, 6, 4)
    labels[1] = -1
    labels[4] = -1
    cases.append(run_case("ignore index -1", x, weight, labels, 30.0, 0.5, torch.float64, ignore_index=-1))
    x, weight, labels = random_inputs(6, 6, 4)
    labels[:3] = 2
    cases.append(run_case("ignore index is a class", x, weight, labels, 30.0, 0.5, torch.float64, ignore_index=2))

    # Exact alignment with the label's weight, exact opposition, a zero feature
    # row and a zero weight row: every clamp in the graph is hit.
    x, weight, labels = random_inputs(5, 6, 4)
    labels = torch.tensor([0, 1, 2, 3, 1])
    weight[3] = 0.0
    x[0] = 2.5 * weight[0]
    x[1] = -weight[1]
    x[2] = 0.0
    x[4] = 0.7 * weight[2]
    for scale in (30.0, 1e4):
        cases.append(run_case(f"edge rows scale {scale:g}", x, weight, labels, scale, 0.5, torch.float64))
    cases.append(run_case("edge rows easy margin", x, weight, labels, 30.0, 0.5, torch.float64, easy_margin=True))
    cases.append(run_case("edge rows fallback", x, weight, labels, 30.0, 0.5, torch.float64, margin_fallback=True))

    x, weight, labels = random_inputs(4, 5, 6)
    cases.append(run_case("zero margin", x, weight, labels, 16.0, 0.0, torch.float64))
    cases.append(run_case("large margin", x, weight, labels, 30.0, 2.5, torch.float64))
    cases.append(run_case("large margin fallback", x, weight, labels, 30.0, 2.5, torch.float64, margin_fallback=True))

    write_fixture("loss-arcface", "arcface", SEED, cases)


if __name__ == "__main__":
    main()
