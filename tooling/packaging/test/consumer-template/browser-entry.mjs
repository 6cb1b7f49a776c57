import * as loss from "@zae/loss";
import * as lossIou from "@zae/loss-iou";
import computeResults from "./compute.cjs";

try {
  globalThis.zaeConsumer = { ok: true, results: computeResults(loss, lossIou) };
} catch (error) {
  globalThis.zaeConsumer = { ok: false, error: String(error && error.stack ? error.stack : error) };
}
document.body.dataset.done = "true";
