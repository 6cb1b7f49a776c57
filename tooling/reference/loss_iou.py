"""Fixtures for the box losses of @zae/loss-iou: values and autograd gradients.

2-D boxes come from torchvision 0.14 (generalized_box_iou_loss,
distance_box_iou_loss, complete_box_iou_loss, box_iou, generalized_box_iou).
Intervals (k = 1), 3-D boxes and the IoU loss come from `exact_terms` below, a
torch implementation of the same definitions for any k without torchvision's
eps = 1e-7. For 2-D boxes the script asserts that both agree, so the k-general
reference is checked against torchvision before it is trusted.

Run: /usr/bin/python3 tooling/reference/loss_iou.py
"""
import math

import torch
import torchvision
from torchvision.ops import (
    box_iou,
    complete_box_iou_loss,
    distance_box_iou_loss,
    generalized_box_iou,
    generalized_box_iou_loss,
)

from common import dtype_name, write_fixture

SEED = 20261204


def random_boxes(generator, rows, k, dtype, low=0.0, high=2000.0, min_side=100.0, max_side=600.0):
    """Boxes [rows, 2k] with sides in [min_side, max_side]: large enough that eps = 1e-7 is below 1e-10 relative."""
    minimum = torch.rand(rows, k, generator=generator, dtype=torch.float64) * (high - low) + low
    side = torch.rand(rows, k, generator=generator, dtype=torch.float64) * (max_side - min_side) + min_side
    return torch.cat([minimum, minimum + side], dim=1).to(dtype)


def near_boxes(generator, target, spread):
    """Predictions that overlap their targets: each coordinate moved by up to `spread` times the box side."""
    k = target.shape[1] // 2
    side = (target[:, k:] - target[:, :k]).to(torch.float64)
    shift = (torch.rand(target.shape, generator=generator, dtype=torch.float64) - 0.5) * 2 * spread
    moved = target.to(torch.float64) + shift * torch.cat([side, side], dim=1)
    low = torch.minimum(moved[:, :k], moved[:, k:])
    high = torch.maximum(moved[:, :k], moved[:, k:])
    return torch.cat([low, high], dim=1).to(target.dtype)


def exact_terms(pred, target, kind):
    """Per-row loss for any k, with exact division: kind is iou, giou, diou or ciou.

    Zero unions, hulls and diagonals do not occur in the generated boxes, so the
    special cases of the package (IoU of two empty boxes, zero hull) are tested
    in TypeScript on their own.
    """
    k = pred.shape[-1] // 2
    p_min, p_max = pred[..., :k], pred[..., k:]
    t_min, t_max = target[..., :k], target[..., k:]
    p_side = p_max - p_min
    t_side = t_max - t_min
    raw = torch.minimum(p_max, t_max) - torch.maximum(p_min, t_min)
    overlap = torch.where(raw > 0, raw, torch.zeros_like(raw))
    inter = overlap.prod(dim=-1)
    union = p_side.prod(dim=-1) + t_side.prod(dim=-1) - inter
    iou = inter / union
    hull_side = torch.maximum(p_max, t_max) - torch.minimum(p_min, t_min)
    if kind == "iou":
        return 1 - iou
    if kind == "giou":
        hull = hull_side.prod(dim=-1)
        return 1 - iou + (hull - union) / hull
    center_gap = (p_min + p_max) / 2 - (t_min + t_max) / 2
    distance = (center_gap**2).sum(dim=-1) / (hull_side**2).sum(dim=-1)
    loss = 1 - iou + distance
    if kind == "diou" or k == 1:
        return loss
    # Aspect term: angles of every side against the last side, averaged over the k - 1 pairs.
    p_angle = torch.atan2(p_side[..., :-1], p_side[..., -1:])
    t_angle = torch.atan2(t_side[..., :-1], t_side[..., -1:])
    v = (4 / math.pi**2) * ((t_angle - p_angle) ** 2).mean(dim=-1)
    with torch.no_grad():
        alpha = v / (1 - iou + v)
    return loss + alpha * v


TORCHVISION_LOSSES = {
    "giou": generalized_box_iou_loss,
    "diou": distance_box_iou_loss,
    "ciou": complete_box_iou_loss,
}


def value_and_grad(function, pred, target, reduction):
    """Value with the given reduction and the gradient with respect to pred ("none" is differentiated as a sum)."""
    pred = pred.clone().requires_grad_(True)
    per_row = function(pred, target)
    if reduction == "mean":
        value = per_row.mean()
    elif reduction == "sum":
        value = per_row.sum()
    else:
        value = per_row
    value.sum().backward()
    return value.detach(), pred.grad.detach()


def make_loss_case(name, kind, pred, target, reduction):
    exact = lambda p, t: exact_terms(p, t, kind)
    exact_value, exact_grad = value_and_grad(exact, pred, target, reduction)
    case = {
        "name": name,
        "kind": kind,
        "dtype": dtype_name(pred.dtype),
        "reduction": reduction,
        "shape": list(pred.shape),
        "pred": pred.flatten(),
        "target": target.flatten(),
        "value": exact_value.flatten() if reduction == "none" else exact_value.item(),
        "grad": exact_grad.flatten(),
        "source": "exact_terms",
    }
    k = pred.shape[-1] // 2
    if k == 2 and kind in TORCHVISION_LOSSES:
        function = TORCHVISION_LOSSES[kind]
        tv_value, tv_grad = value_and_grad(lambda p, t: function(p, t, reduction="none"), pred, target, reduction)
        # CIoU keeps eps inside alpha = v / (1 - iou + v + eps), which box size does not dilute,
        # so there the two agree to about 1e-7 only; GIoU and DIoU agree to 1e-10 on these boxes.
        rtol = 1e-6 if kind == "ciou" or pred.dtype == torch.float32 else 1e-10
        assert torch.allclose(tv_value, exact_value, rtol=rtol, atol=rtol), name
        assert torch.allclose(tv_grad, exact_grad, rtol=1e-4, atol=1e-6 * exact_grad.abs().max().item()), name
        if kind == "ciou":
            case["torchvision_value"] = tv_value.flatten() if reduction == "none" else tv_value.item()
            case["torchvision_grad"] = tv_grad.flatten()
        else:
            case["value"] = tv_value.flatten() if reduction == "none" else tv_value.item()
            case["grad"] = tv_grad.flatten()
            case["source"] = f"torchvision.ops.{function.__name__}"
    return case


def loss_cases(generator):
    cases = []
    for dtype in (torch.float64, torch.float32):
        for k in (1, 2, 3):
            target = random_boxes(generator, 6, k, dtype)
            # Three overlapping pairs, two far apart (the predictions lie beyond every target), one nested.
            side = target[5:, k:] - target[5:, :k]
            nested = torch.cat([target[5:, :k] + 0.25 * side, target[5:, k:] - 0.3 * side], dim=1)
            pred = torch.cat(
                [
                    near_boxes(generator, target[:3], 0.3),
                    random_boxes(generator, 2, k, dtype, low=3000.0, high=5000.0),
                    nested,
                ]
            )
            for kind in ("iou", "giou", "diou", "ciou"):
                for reduction in ("mean", "sum", "none"):
                    cases.append(make_loss_case(f"{kind} k={k} {dtype_name(dtype)} {reduction}", kind, pred, target, reduction))
            single_pred, single_target = pred[0], target[0]
            for kind in ("iou", "giou", "diou", "ciou"):
                cases.append(make_loss_case(f"{kind} k={k} {dtype_name(dtype)} single box", kind, single_pred, single_target, "none"))
    return cases


def difference_cases():
    """Cases where exact division and torchvision's eps = 1e-7 (or its atan form) disagree; values are torchvision's."""
    cases = []
    tiny = torch.tensor([[0.5, 0.5, 0.5001, 0.5001]], dtype=torch.float64)
    for kind, function in TORCHVISION_LOSSES.items():
        cases.append({"name": f"identical tiny boxes {kind}", "kind": kind, "pred": tiny.flatten(), "target": tiny.flatten(),
                      "torchvision_value": function(tiny, tiny, reduction="sum").item()})
    flat_pred = torch.tensor([[1.0, 2.0, 4.0, 2.0]], dtype=torch.float64, requires_grad=True)
    flat_target = torch.tensor([[0.0, 1.0, 3.0, 5.0]], dtype=torch.float64)
    value = complete_box_iou_loss(flat_pred, flat_target, reduction="sum")
    value.backward()
    cases.append({"name": "zero-height box ciou", "kind": "ciou", "pred": flat_pred.detach().flatten(), "target": flat_target.flatten(),
                  "torchvision_value": value.item(), "torchvision_grad": flat_pred.grad.flatten()})
    return cases


def pairwise_cases(generator):
    cases = []
    for dtype in (torch.float64, torch.float32):
        first = random_boxes(generator, 5, 2, dtype, high=1500.0)
        second = torch.cat([near_boxes(generator, first[:3], 0.4), random_boxes(generator, 4, 2, dtype, high=1500.0)])
        cases.append({
            "name": f"pairwise {dtype_name(dtype)} 5x7",
            "dtype": dtype_name(dtype),
            "first_shape": list(first.shape),
            "second_shape": list(second.shape),
            "first": first.flatten(),
            "second": second.flatten(),
            "box_iou": box_iou(first, second).flatten(),
            "generalized_box_iou": generalized_box_iou(first, second).flatten(),
        })
    return cases


def main():
    generator = torch.Generator().manual_seed(SEED)
    write_fixture("loss-iou", "box-losses", SEED, loss_cases(generator))
    write_fixture("loss-iou", "box-differences", SEED, difference_cases())
    write_fixture("loss-iou", "pairwise", SEED, pairwise_cases(generator))
    print(f"torchvision {torchvision.__version__}")


if __name__ == "__main__":
    main()
