/** The integrator queries live in the SDK's indexer client; the harness, tests and demo reuse them. */
export { INTEGRATOR_QUERIES } from "../../sdk/src/indexer/queries.js";
