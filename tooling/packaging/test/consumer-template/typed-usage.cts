// Type-checked against the published CommonJS declarations (dist/index.d.cts).
import { mse } from "@zae/loss";

const mean: number = mse([1, 2, 3], [1, 2, 5]);

export = mean;
