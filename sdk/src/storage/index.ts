/**
 * `@auteur/sdk/storage`: the verified chunk store (1 MiB blocks, 1-minute VideoCells, manifest
 * CIDs, local / Helia / Kubo backends, XOR replication, LRU cache). See docs/storage.md.
 */
export {
  createStore,
  ChunkStore,
  mediaTypeOf,
  DEFAULT_STORE_DIR,
  DEFAULT_REPLICATION,
  DEFAULT_CACHE_BYTES,
  DEFAULT_TIMEOUT_MS,
} from "./store.js";
export type {
  CreateStoreParameters,
  PutInput,
  PutParameters,
  PutReturnType,
  GetParameters,
  ReadParameters,
  ReadChunkHandler,
  StoreProgress,
  VerifyProblem,
  VerifyReturnType,
  RepairReturnType,
  StatReturnType,
} from "./store.js";
export type { Manifest, ManifestBlock, ManifestCell } from "./manifest.js";
export {
  decodeManifest,
  encodeManifest,
  manifestCid,
  validateManifest,
  MANIFEST_FORMAT,
  MAX_MANIFEST_BYTES,
} from "./manifest.js";
export {
  BLOCK_SIZE,
  MAX_LINKS_PER_NODE,
  parseCid,
  rawCid,
  unixfsCid,
  importerOptions,
  bytesMatchCid,
} from "./cid.js";
export type { CidProfile } from "./cid.js";
export { importContent } from "./importContent.js";
export type { ImportContentParameters, ImportContentReturnType } from "./importContent.js";
export { chunkStream } from "./chunker.js";
export { cutCells, ffmpegAvailable, DEFAULT_CELL_SECONDS } from "./cells.js";
export type { CutCell, CutCellsReturnType } from "./cells.js";
export { byDistance, closestNodes, nodeKey, xorDistance, compareDistance } from "./placement.js";
export { ByteLru } from "./lru.js";
export { LocalDirBackend } from "./backends/LocalDirBackend.js";
export type { LocalDirBackendOptions } from "./backends/LocalDirBackend.js";
export { HeliaBackend } from "./backends/HeliaBackend.js";
export type { HeliaBackendOptions } from "./backends/HeliaBackend.js";
export { KuboBackend } from "./backends/KuboBackend.js";
export type { KuboBackendOptions } from "./backends/KuboBackend.js";
export type { StorageBackend, BackendCallOptions } from "./backends/types.js";
export {
  StorageError,
  StorageInputError,
  StorageBlockCorruptError,
  StorageBlockMissingError,
  StorageManifestError,
  StorageBackendTimeoutError,
  StorageBackendError,
  StorageCellError,
} from "./errors.js";
