export {
  createIndexerClient,
  type CreateIndexerClientParameters,
  type IndexerClient,
  type IndexerData,
} from "./createIndexerClient.js";
export { INTEGRATOR_QUERIES } from "./queries.js";
