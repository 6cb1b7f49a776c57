"use strict";
const computeResults = require("./compute.cjs");

const resolved = { loss: require.resolve("@zae/loss"), lossIou: require.resolve("@zae/loss-iou") };
console.log(JSON.stringify({ resolved, results: computeResults(require("@zae/loss"), require("@zae/loss-iou")) }));
