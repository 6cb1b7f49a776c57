export { decodeNumbers, loadFixture, type Fixture } from "./load-fixture.js";
export { expectAllClose, relativeError } from "./expect-all-close.js";
export { finiteDifferenceGrad } from "./finite-difference-grad.js";
