// Type-checked against the published CommonJS declarations (dist/index.d.cts).
import { mse } from "@zae/loss";
import { GIoU } from "@zae/loss-iou";

const total: number = mse([1, 2, 3], [1, 2, 5]) + GIoU([[0, 2]], [[5, 7]]);

export = total;
