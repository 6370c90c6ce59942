/**
 * The subgraph harness: runs the compiled mappings in Node against a real chain and serves the
 * entities over GraphQL with The Graph's query conventions. See docs/subgraph.md.
 */
export { AscMemory, TypeId } from "./asc.js";
export { BigDecimal } from "./bigdecimal.js";
export { MappingError, LogLevel, type LogEntry, type HostContext } from "./host.js";
export {
  Indexer,
  IndexingError,
  DEFAULT_MANIFEST,
  type IndexerOptions,
  type RpcProvider,
  type ContractLocation,
} from "./indexer.js";
export {
  loadManifest,
  canonicalSignature,
  parseContext,
  type Manifest,
  type DataSource,
  type DataSourceTemplate,
  type RawContextEntry,
} from "./manifest.js";
export {
  MappingModule,
  writeEvent,
  type EventInput,
  type BlockInput,
  type TransactionInput,
} from "./runtime.js";
export { loadSchema, parseSchema, type SubgraphSchema, type EntityMeta } from "./schema.js";
export { EntityStore, StoreError, toPlain } from "./store.js";
export { StoreValueKind, type StoreValue, type EntityData } from "./values.js";
export { QueryEndpoint, pluralName, MAX_FIRST, MAX_SKIP, type EndpointOptions } from "./graphql.js";
export { serve, type RunningServer } from "./server.js";
export {
  readBigInt,
  writeBigInt,
  readBigDecimal,
  writeBigDecimal,
  readEntity,
  writeEntity,
  base58,
} from "./host.js";
export { bigintToSignedLE, signedLEToBigint, bytesToHex, hexToBytes } from "./values.js";
export { INTEGRATOR_QUERIES } from "./queries.js";
export { decodeEventParameters, decodeValue } from "./abi.js";
export { toEthereumValue } from "./indexer.js";
export { exportMutableGlobals } from "./wasmGlobals.js";
