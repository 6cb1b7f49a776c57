// Each line marked "type error expected" must fail to type-check against the
// published declarations; any other error, or a missing one, fails the test.
import { ArcFaceLoss, mIoU, mse } from "@zae/loss";

const text: string = mse([1, 2], [1, 2]); // type error expected
mse([1, 2], [1, 2], { reduction: "average" }); // type error expected
mse([1, 2]); // type error expected
mIoU([0, 1], [0, 1], { classes: 2 }); // type error expected
new ArcFaceLoss(4); // type error expected

export { text };
