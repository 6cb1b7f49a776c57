"""Fixtures for mIoU and the confusion-matrix accumulator of @zae/loss-iou, from NumPy.

The reference counts each class with boolean masks (no confusion matrix), so
it is independent of the TypeScript counting code.

Run: /usr/bin/python3 tooling/reference/loss_iou_miou.py
"""
import numpy as np

from common import write_fixture

SEED = 20261204


def sample_miou(pred, target, ignore_index):
    """Mean over classes present in pred or target (after ignoring) of |P ∩ T| / |P ∪ T|; 1 when none is present."""
    keep = np.ones(target.shape, dtype=bool) if ignore_index is None else target != ignore_index
    pred, target = pred[keep], target[keep]
    classes = [c for c in np.union1d(pred, target) if c != ignore_index]
    if not classes:
        return 1.0
    scores = []
    for c in classes:
        inter = np.logical_and(pred == c, target == c).sum()
        union = np.logical_or(pred == c, target == c).sum()
        scores.append(inter / union)
    return float(np.mean(scores))


def batch_miou(pred, target, ignore_index):
    if pred.ndim == 1:
        return sample_miou(pred, target, ignore_index)
    if pred.shape[0] == 0:
        return 0.0
    return float(np.mean([sample_miou(p, t, ignore_index) for p, t in zip(pred, target)]))


def dataset_scores(pred, target, num_classes, ignore_index):
    """Per-class IoU over all positions pooled (NaN when absent or ignored) and their mean."""
    keep = np.ones(target.shape, dtype=bool) if ignore_index is None else target != ignore_index
    pred, target = pred[keep], target[keep]
    per_class = []
    for c in range(num_classes):
        union = np.logical_or(pred == c, target == c).sum()
        if union == 0 or c == ignore_index:
            per_class.append(float("nan"))
        else:
            per_class.append(float(np.logical_and(pred == c, target == c).sum() / union))
    present = [v for v in per_class if not np.isnan(v)]
    return per_class, float(np.mean(present)) if present else 1.0


def make_case(name, pred, target, num_classes, ignore_index):
    per_class, mean_iou = dataset_scores(pred, target, num_classes, ignore_index)
    return {
        "name": name,
        "shape": list(pred.shape),
        "pred": pred.flatten().tolist(),
        "target": target.flatten().tolist(),
        "num_classes": num_classes,
        "ignore_index": ignore_index,
        "miou": batch_miou(pred, target, ignore_index),
        "per_class_iou": per_class,
        "dataset_miou": mean_iou,
    }


def main():
    rng = np.random.default_rng(SEED)
    cases = []
    for shape, num_classes in (((40,), 4), ((3, 50), 5), ((2, 8, 9), 6), ((4, 6, 6), 21)):
        target = rng.integers(0, num_classes, size=shape)
        # Predictions agree with the target at about 60 % of positions.
        noise = rng.integers(0, num_classes, size=shape)
        pred = np.where(rng.random(shape) < 0.6, target, noise)
        cases.append(make_case(f"random {shape} {num_classes} classes", pred, target, num_classes, None))
        ignored = np.where(rng.random(shape) < 0.2, 255, target)
        cases.append(make_case(f"random {shape} {num_classes} classes ignore 255", pred, ignored, num_classes, 255))
        cases.append(make_case(f"random {shape} {num_classes} classes ignore 0", pred, target, num_classes, 0))
    write_fixture("loss-iou", "miou", SEED, cases)


if __name__ == "__main__":
    main()
