import type { CID } from "multiformats/cid";

/** Options every backend call accepts. */
export interface BackendCallOptions {
  /** Aborted when the store's timeout expires. */
  signal?: AbortSignal;
}

/**
 * A place that stores blocks by CID. Backends store bytes as given; the store verifies every block
 * it reads, so a backend never needs to be trusted.
 */
export interface StorageBackend {
  /** Stable identity of the node; its SHA-256 is the node's position for XOR placement. */
  readonly id: string;
  /** True for backends across a network (reads are cached by the store's LRU). */
  readonly remote: boolean;
  /**
   * Stores `bytes` under `cid`; resolves once a reader would see the whole block. The store reuses
   * `bytes` after this resolves, so a backend must copy what it keeps in memory.
   */
  put(cid: CID, bytes: Uint8Array, options?: BackendCallOptions): Promise<void>;
  /**
   * Makes every block `put` so far durable (survives a power loss). Backends whose `put` is
   * durable on its own leave it out. The store calls it before it writes a manifest and before a
   * put or repair returns.
   */
  flush?(): Promise<void>;
  /**
   * For backends that keep each block as a file holding exactly its bytes: that file's path. The
   * store may then read large blocks on a hash worker thread (reading and verifying on every core)
   * instead of calling `get`.
   */
  blockPath?(cid: CID): string;
  /**
   * `put` with the file writes delegated to `writeFile(temp, target, bytes, direct?)`, which
   * writes a new file and renames it into place (for backends that keep each block as a file; the
   * store passes a writer that runs on a worker thread). With `direct` the writer may bypass the
   * page cache (O_DIRECT) and resolves `false` when the file system refused that.
   */
  putWith?(
    cid: CID,
    bytes: Uint8Array,
    writeFile: (
      temp: string,
      target: string,
      bytes: Uint8Array,
      direct?: boolean,
    ) => Promise<boolean | void | undefined>,
  ): Promise<void>;
  /** The bytes stored under `cid`, or `undefined` when this backend does not hold it. */
  get(cid: CID, options?: BackendCallOptions): Promise<Uint8Array | undefined>;
  /** Whether this backend holds `cid`. */
  has(cid: CID, options?: BackendCallOptions): Promise<boolean>;
  /** Removes `cid` (no error when absent). */
  delete(cid: CID, options?: BackendCallOptions): Promise<void>;
  /** Releases files, nodes and sockets. */
  close(): Promise<void>;
}
