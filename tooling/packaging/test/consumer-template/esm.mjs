import * as loss from "@zae/loss";
import * as lossIou from "@zae/loss-iou";
import computeResults from "./compute.cjs";

const resolved = { loss: import.meta.resolve("@zae/loss"), lossIou: import.meta.resolve("@zae/loss-iou") };
console.log(JSON.stringify({ resolved, results: computeResults(loss, lossIou) }));
