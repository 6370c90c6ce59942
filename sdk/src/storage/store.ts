/**
 * The verified chunk store: puts content as 1 MiB blocks (and VideoCells for video) on one or more
 * backends, replicated to the R closest backends by XOR distance, addressed by the CID of its
 * manifest; reads verify every block before a byte leaves the store.
 */
import { createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { CID } from "multiformats/cid";

import { LocalDirBackend } from "./backends/LocalDirBackend.js";
import { BufferPool, readBlocks, sharedBuffer } from "./blockReader.js";
import { HashPool, isShared } from "./hashWorkers.js";
import type { StorageBackend } from "./backends/types.js";
import { cutCells, DEFAULT_CELL_SECONDS } from "./cells.js";
import { BLOCK_SIZE, bytesMatchCid, DAG_CBOR_CODE, parseCid } from "./cid.js";

/** Blocks a put keeps in flight (hashing or writing) at least, whatever `concurrency` says. */
const PUT_DEPTH = 16;
/**
 * Blocks a streaming read keeps in flight at least when every backend is a local directory: the
 * main thread pauses for garbage collection (each block is a fresh buffer), and with more blocks
 * queued the hash workers keep reading and verifying through the pause.
 */
const LOCAL_STREAM_DEPTH = 32;
/** Blocks smaller than this are verified inline (a worker round trip costs more). */
const WORKER_MIN_BYTES = 256 * 1024;
const SHA2_256_CODE = 0x12;
const EMPTY = new Uint8Array(0);
import {
  StorageBackendError,
  StorageBackendTimeoutError,
  StorageBlockCorruptError,
  StorageBlockMissingError,
  StorageError,
  StorageInputError,
} from "./errors.js";
import { importContent } from "./importContent.js";
import { ByteLru } from "./lru.js";
import {
  decodeManifest,
  encodeManifest,
  manifestCid,
  MANIFEST_FORMAT,
  type Manifest,
  type ManifestBlock,
  type ManifestCell,
} from "./manifest.js";
import { byDistance } from "./placement.js";

/** Default directory of the local backend. */
export const DEFAULT_STORE_DIR = ".auteur/store";
/** Default replication factor R. */
export const DEFAULT_REPLICATION = 3;
/** Default LRU cache size in front of remote backends (64 MiB). */
export const DEFAULT_CACHE_BYTES = 64 * 1_048_576;
/** Default time a backend has to answer one call. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Options of `createStore`. */
export interface CreateStoreParameters {
  /** Backends (nodes). Default: one `LocalDirBackend(dir)`. */
  backends?: StorageBackend[];
  /** Directory of the default local backend (default `.auteur/store`); ignored with `backends`. */
  dir?: string;
  /** Copies of each block (R, default 3, at most the number of backends). */
  replication?: number;
  /** LRU cache in front of remote backends, in bytes (default 64 MiB; 0 disables). */
  cacheBytes?: number;
  /** Time one backend call may take before it counts as failed (default 30 s). */
  timeoutMs?: number;
  /**
   * Blocks prefetched by a read (a streaming read from local directories only: at least 32), and
   * written by a put (at least 16), at the same time (default 8).
   */
  concurrency?: number;
}

/** What `put` accepts: a file path, bytes, a Node stream, a web stream or any async iterable. */
export type PutInput =
  | string
  | Uint8Array
  | AsyncIterable<Uint8Array>
  | Iterable<Uint8Array>
  | ReadableStream<Uint8Array>;

/** Progress of a put or a get. */
export interface StoreProgress {
  phase: "blocks" | "cells";
  /** Bytes done in this phase. */
  bytes: number;
  /** Bytes of this phase when known. */
  total?: number;
}

/** Options of `put`. */
export interface PutParameters {
  /** Media type (default: from the file extension, else `application/octet-stream`). */
  mediaType?: string;
  /** Cut VideoCells (default: true for `video/*`). */
  cells?: boolean;
  /** Target cell duration in seconds (default 60). */
  cellSeconds?: number;
  onProgress?: (progress: StoreProgress) => void;
}

/** Result of `put`. */
export interface PutReturnType {
  /** Manifest CID: what the registry records. */
  cid: string;
  manifest: Manifest;
}

/** Options of the streaming reads. */
export interface GetParameters {
  onProgress?: (progress: StoreProgress) => void;
}

/** Options of `read`. */
export interface ReadParameters extends GetParameters {
  /** First byte to read (default 0). */
  offset?: number;
  /** Bytes to read from `offset` (default: to the end). */
  length?: number;
  /** Read VideoCell `cell` (a stand-alone playable file) instead of the content. */
  cell?: number;
}

/**
 * Receives one verified piece of a `read`, in order. The memory behind `chunk` is reused once
 * this returns (or the promise it returns settles): copy what must outlive the call.
 */
export type ReadChunkHandler = (chunk: Uint8Array) => void | Promise<void>;

/** One problem found by `verify`. */
export interface VerifyProblem {
  /** Which block, e.g. `block 3`, `cell 2 block 0`, `manifest`. */
  block: string;
  cid: string;
  backend: string;
  problem: "missing" | "corrupt" | "unreachable";
  message?: string;
}

/** Result of `verify`. */
export interface VerifyReturnType {
  cid: string;
  /** Every copy on every placement node is present and intact. */
  ok: boolean;
  /** Every block has at least one intact copy (the content can be read). */
  readable: boolean;
  /** Distinct blocks checked (manifest, data blocks, DAG nodes, cell blocks). */
  blocks: number;
  /** Copies checked (blocks x R). */
  copies: number;
  problems: VerifyProblem[];
}

/** Result of `repair`. */
export interface RepairReturnType {
  cid: string;
  blocks: number;
  /** Copies written to placement nodes that lacked an intact copy. */
  repaired: number;
  /** Blocks with no intact copy anywhere: they cannot be repaired. */
  lost: string[];
}

/** Result of `stat`. */
export interface StatReturnType {
  cid: string;
  mediaType: string;
  size: number;
  sha256: string;
  root: string;
  blockSize: number;
  blocks: number;
  nodes: number;
  cellSeconds: number;
  cells: Array<
    Pick<ManifestCell, "index" | "startSeconds" | "endSeconds" | "size" | "sha256" | "root">
  >;
  replication: number;
  backends: string[];
}

interface BlockRef {
  cid: CID;
  label: string;
  /** Size the manifest gives, when known. */
  size?: number;
}

/**
 * Reused memory a pooled read fills. `tainted` once a read into it failed or timed out: a worker
 * may still be writing into it, so it is never used again.
 */
interface Slot {
  memory: Buffer;
  tainted: boolean;
}

/** The blocks and byte range a read covers. */
interface Span {
  blocks: ManifestBlock[];
  start: number;
  end: number;
  label: string;
}

const MEDIA_TYPES: Record<string, string> = {
  ".mp4": "video/mp4",
  ".m4v": "video/mp4",
  ".mov": "video/quicktime",
  ".webm": "video/webm",
  ".mkv": "video/x-matroska",
  ".ts": "video/mp2t",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".png": "image/png",
  ".webp": "image/webp",
  ".gif": "image/gif",
  ".tif": "image/tiff",
  ".tiff": "image/tiff",
  ".dng": "image/x-adobe-dng",
  ".mp3": "audio/mpeg",
  ".wav": "audio/wav",
  ".txt": "text/plain",
  ".json": "application/json",
  ".pdf": "application/pdf",
};

/** Media type guessed from a file name's extension. */
export function mediaTypeOf(path: string): string {
  return MEDIA_TYPES[extname(path).toLowerCase()] ?? "application/octet-stream";
}

function isNodeError(error: unknown, code: string): boolean {
  return (error as NodeJS.ErrnoException)?.code === code;
}

/**
 * A verified chunk store over one or more backends.
 *
 * @example
 * ```ts
 * const store = createStore({ dir: ".auteur/store" });
 * const { cid, manifest } = await store.put("clip.mp4");
 * await pipeline(store.get(cid), createWriteStream("copy.mp4"));
 * await store.close();
 * ```
 */
export class ChunkStore {
  readonly backends: readonly StorageBackend[];
  readonly replication: number;
  readonly timeoutMs: number;
  readonly concurrency: number;
  /** Verified blocks read from remote backends. */
  readonly cache: ByteLru;
  /** SHA-256 worker threads for puts and verified reads (started on first use). */
  private readonly hashes = new HashPool();
  private readonly writeFile = (
    temp: string,
    target: string,
    bytes: Uint8Array,
    direct?: boolean,
  ) => this.hashes.writeFile(temp, target, bytes, direct);

  constructor(options: CreateStoreParameters = {}) {
    const backends = options.backends ?? [new LocalDirBackend(options.dir ?? DEFAULT_STORE_DIR)];
    if (backends.length === 0) {
      throw new StorageInputError("STORE_NO_BACKEND", "a store needs at least one backend", {
        hints: [
          "pass backends: [new LocalDirBackend(dir)] or omit the option for the local default",
        ],
      });
    }
    const ids = new Set(backends.map((b) => b.id));
    if (ids.size !== backends.length) {
      throw new StorageInputError("STORE_DUPLICATE_BACKEND", "two backends share an id", {
        details: { ids: backends.map((b) => b.id) },
        hints: ["give each backend its own directory, URL or `id` option"],
      });
    }
    const replication = options.replication ?? DEFAULT_REPLICATION;
    if (!Number.isInteger(replication) || replication < 1) {
      throw new StorageInputError(
        "STORE_BAD_REPLICATION",
        `replication must be a whole number >= 1, got ${replication}`,
      );
    }
    this.backends = [...backends];
    this.replication = Math.min(replication, backends.length);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.concurrency = Math.max(1, options.concurrency ?? 8);
    this.cache = new ByteLru(options.cacheBytes ?? DEFAULT_CACHE_BYTES);
  }

  /** Backends that hold `cid` by placement, closest first. */
  placement(cid: CID | string): StorageBackend[] {
    const parsed = typeof cid === "string" ? parseCid(cid) : cid;
    return byDistance(parsed.multihash.digest, this.backends).slice(0, this.replication);
  }

  /** Every backend, closest to `cid` first. */
  private byDistance(cid: CID): readonly StorageBackend[] {
    return this.backends.length === 1
      ? this.backends
      : byDistance(cid.multihash.digest, this.backends);
  }

  // -- backend calls with a deadline --

  private async call<T>(
    backend: StorageBackend,
    op: string,
    cid: CID | string,
    fn: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(
          new StorageBackendTimeoutError(
            "STORE_BACKEND_TIMEOUT",
            `backend ${backend.id} did not ${op} ${cid} within ${this.timeoutMs} ms`,
            {
              details: { backend: backend.id, cid: cid.toString(), op, timeoutMs: this.timeoutMs },
              hints: [
                "check that the backend is up and reachable, or raise the timeout (timeoutMs)",
              ],
            },
          ),
        );
      }, this.timeoutMs);
    });
    try {
      return await Promise.race([fn(controller.signal), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Writes one block to its R closest backends, falling back to the next ones when a node fails. */
  private async writeBlock(cid: CID, bytes: Uint8Array): Promise<void> {
    const order = byDistance(cid.multihash.digest, this.backends);
    let stored = 0;
    const failures: unknown[] = [];
    const failed: string[] = [];
    let next = 0;
    while (stored < this.replication && next < order.length) {
      const batch = order.slice(next, next + (this.replication - stored));
      next += batch.length;
      const results = await Promise.allSettled(
        batch.map((b) => {
          // Blocks of a put live in reused shared memory: other backends get a private copy, as
          // libraries that keep or post the bytes may not accept shared memory.
          if (isShared(bytes) && b.putWith !== undefined) {
            // The block file is written on a worker thread, straight from the shared buffer.
            return this.call(b, "store", cid, () => b.putWith!(cid, bytes, this.writeFile));
          }
          const own = isShared(bytes) ? new Uint8Array(bytes) : bytes;
          return this.call(b, "store", cid, (signal) => b.put(cid, own, { signal }));
        }),
      );
      results.forEach((result, i) => {
        if (result.status === "fulfilled") stored += 1;
        else {
          failures.push(result.reason);
          failed.push(batch[i].id);
        }
      });
    }
    if (stored < this.replication) {
      const timeouts = failures.every((f) => f instanceof StorageBackendTimeoutError);
      const Type = timeouts ? StorageBackendTimeoutError : StorageBackendError;
      throw new Type(
        timeouts ? "STORE_BACKEND_TIMEOUT" : "STORE_REPLICATION_FAILED",
        `block ${cid} was stored on ${stored} of the ${this.replication} backends it needs (failed: ${failed.join(", ")})`,
        {
          details: { cid: cid.toString(), stored, replication: this.replication, failed },
          hints: [
            "bring the failing backends back (see the causes) or lower the replication factor, then put again",
          ],
          cause: failures[0],
        },
      );
    }
  }

  /**
   * Reads one block, closest backend first, and returns it only when it hashes to its CID. Copies
   * that are missing, corrupt or unreachable are skipped; when none is intact the error names the
   * block.
   */
  private async readBlock(ref: BlockRef, slot?: Slot): Promise<Uint8Array> {
    const key = ref.cid.toString();
    // The cache never lends out its own arrays: a caller that alters the bytes it was given must
    // not change what the next read returns (cached bytes are not hashed again).
    const cached = this.cache.get(key);
    if (cached !== undefined) return new Uint8Array(cached);
    const corrupt: string[] = [];
    const failures: unknown[] = [];
    for (const backend of this.byDistance(ref.cid)) {
      let read: { bytes: Uint8Array; intact: boolean } | undefined;
      const into = slot?.tainted === false ? slot.memory : undefined;
      try {
        read = await this.call(backend, "read", ref.cid, (signal) =>
          this.fetch(ref, backend, signal, into),
        );
      } catch (error) {
        // A read that timed out may still be filling the slot: never hand that memory out again.
        if (into !== undefined) slot!.tainted = true;
        failures.push(error);
        continue;
      }
      if (read === undefined) continue;
      if (!read.intact) {
        corrupt.push(backend.id);
        continue;
      }
      if (backend.remote) {
        // The cache keeps its own copy, apart from the bytes handed to the caller.
        this.cache.set(key, new Uint8Array(read.bytes));
      }
      return read.bytes;
    }
    const details = { block: ref.label, cid: key, corruptOn: corrupt, failures: failures.length };
    if (corrupt.length > 0) {
      throw new StorageBlockCorruptError(
        "STORE_BLOCK_CORRUPT",
        `${ref.label} (${key}) does not match its SHA-256 on ${corrupt.join(", ")}`,
        {
          details,
          hints: [
            "the stored copy was altered or truncated; run `auteur store repair <cid>` if another copy exists, else put the file again",
          ],
          cause: failures[0],
        },
      );
    }
    if (failures.length > 0 && failures.every((f) => f instanceof StorageBackendTimeoutError)) {
      throw new StorageBackendTimeoutError(
        "STORE_BACKEND_TIMEOUT",
        `no backend returned ${ref.label} (${key}) in time`,
        {
          details,
          hints: ["check that the backends are up and reachable, or raise the timeout (timeoutMs)"],
          cause: failures[0],
        },
      );
    }
    throw new StorageBlockMissingError(
      "STORE_BLOCK_MISSING",
      `${ref.label} (${key}) is on none of the ${this.backends.length} backends`,
      {
        details,
        hints: [
          "check --dir / the backend list; if a node lost it, run `auteur store repair <cid>`, else put the file again",
        ],
        cause: failures[0],
      },
    );
  }

  /**
   * One copy of `ref` from `backend` and whether it hashes to its CID (undefined when missing).
   * Large blocks are hashed on the worker threads, so a read verifies on every core; from a
   * backend that keeps blocks as files (`blockPath`), the worker reads the file itself too.
   */
  private async fetch(
    ref: BlockRef,
    backend: StorageBackend,
    signal: AbortSignal,
    into?: Buffer,
  ): Promise<{ bytes: Uint8Array; intact: boolean } | undefined> {
    const { cid } = ref;
    const large =
      ref.size !== undefined &&
      ref.size >= WORKER_MIN_BYTES &&
      cid.multihash.code === SHA2_256_CODE;
    const path = large ? backend.blockPath?.(cid) : undefined;
    if (path !== undefined && into !== undefined && into.byteLength >= ref.size!) {
      // Into reused memory: a copy longer than the manifest's size cannot be the block.
      const read = await this.hashes.readFileInto(path, into.subarray(0, ref.size));
      if ("tooLarge" in read) return { bytes: EMPTY, intact: false };
      if ("bytes" in read) {
        return {
          bytes: read.bytes,
          intact: Buffer.compare(read.digest, cid.multihash.digest) === 0,
        };
      }
      if (read.code === "ENOENT") return undefined;
    } else if (path !== undefined) {
      const read = await this.hashes.readFile(path);
      if ("bytes" in read) {
        return {
          bytes: read.bytes,
          intact: Buffer.compare(read.digest, cid.multihash.digest) === 0,
        };
      }
      if (read.code === "ENOENT") return undefined;
      // Any other failure: the backend's own read reports it.
    }
    const bytes = await backend.get(cid, { signal });
    if (bytes === undefined) return undefined;
    if (!large || bytes.length < WORKER_MIN_BYTES)
      return { bytes, intact: bytesMatchCid(cid, bytes) };
    const { digest } = await this.hashes.digest(bytes);
    return { bytes, intact: Buffer.compare(digest, cid.multihash.digest) === 0 };
  }

  /** Makes every block written so far durable on the backends that buffer writes. */
  private async flush(): Promise<void> {
    await Promise.all(
      this.backends.map((b) =>
        b.flush === undefined
          ? undefined
          : this.call(b, "flush", "the blocks written", () => b.flush!()),
      ),
    );
  }

  // -- put --

  /**
   * Stores `input` and returns its manifest CID. Blocks are written first; the manifest last, so
   * a failed put never leaves a manifest that points at missing blocks.
   */
  async put(input: PutInput, options: PutParameters = {}): Promise<PutReturnType> {
    let path: string | undefined;
    let spooled: string | undefined;
    if (typeof input === "string") {
      path = input;
      await this.checkFile(path);
    }
    const mediaType =
      options.mediaType ?? (path !== undefined ? mediaTypeOf(path) : "application/octet-stream");
    const wantCells = options.cells ?? mediaType.startsWith("video/");
    const cellSeconds = options.cellSeconds ?? DEFAULT_CELL_SECONDS;
    if (wantCells && !(cellSeconds > 0 && Number.isFinite(cellSeconds))) {
      throw new StorageInputError(
        "STORE_BAD_CELL_SECONDS",
        `cell duration must be a positive number of seconds, got ${cellSeconds}`,
        {
          hints: ["pass cellSeconds: 60 (the default)"],
        },
      );
    }
    try {
      if (wantCells && path === undefined) {
        // ffmpeg needs a file: spool the stream to a temporary one (streamed, bounded memory).
        const dir = await mkdtemp(join(tmpdir(), "auteur-put-"));
        // Named with the media type's extension so the cells get the same container as from a path.
        const ext = Object.entries(MEDIA_TYPES).find(([, type]) => type === mediaType)?.[0] ?? "";
        spooled = join(dir, `input${ext}`);
        await pipeline(toIterable(input as Exclude<PutInput, string>), createWriteStream(spooled));
        path = spooled;
      }
      const total =
        path !== undefined
          ? (await stat(path)).size
          : input instanceof Uint8Array
            ? input.length
            : undefined;
      // Files are read block by block into reused buffers; other inputs are chunked as they come.
      const pool = new BufferPool(BLOCK_SIZE);
      const source =
        path !== undefined
          ? readBlocks(path, pool)
          : toIterable(input as Exclude<PutInput, string>);
      const content = await importContent(source, {
        write: (cid, bytes) => this.writeBlock(cid, bytes),
        concurrency: Math.max(PUT_DEPTH, this.concurrency),
        hashPool: this.hashes,
        onProgress: (bytes) => options.onProgress?.({ phase: "blocks", bytes, total }),
        label: path ?? "the input",
        release: (block) => pool.release(block),
      });
      const cells =
        wantCells && path !== undefined ? await this.putCells(path, cellSeconds, options) : [];
      const manifest: Manifest = {
        format: MANIFEST_FORMAT,
        mediaType,
        size: content.size,
        sha256: content.sha256,
        blockSize: BLOCK_SIZE,
        root: content.root.toString(),
        blocks: content.blocks,
        nodes: content.nodes.map((n) => n.toString()),
        cellSeconds: wantCells ? cellSeconds : 0,
        cells,
      };
      // Every block is durable before the manifest that points at them is written, and the
      // manifest is durable before its CID is returned.
      await this.flush();
      const bytes = encodeManifest(manifest);
      const cid = manifestCid(bytes);
      await this.writeBlock(cid, bytes);
      await this.flush();
      return { cid: cid.toString(), manifest };
    } finally {
      if (spooled !== undefined) await rm(join(spooled, ".."), { recursive: true, force: true });
    }
  }

  private async checkFile(path: string): Promise<void> {
    let info;
    try {
      info = await stat(path);
    } catch (error) {
      if (isNodeError(error, "ENOENT")) {
        throw new StorageInputError("STORE_FILE_NOT_FOUND", `no file at ${path}`, {
          details: { path },
          hints: ["check the path"],
        });
      }
      throw new StorageInputError("STORE_FILE_UNREADABLE", `cannot read ${path}`, {
        details: { path },
        cause: error,
      });
    }
    if (!info.isFile()) {
      throw new StorageInputError("STORE_NOT_A_FILE", `${path} is not a regular file`, {
        details: { path },
        hints: ["store files one at a time"],
      });
    }
    if (info.size === 0) {
      throw new StorageInputError("STORE_EMPTY_INPUT", `${path} is empty`, {
        details: { path },
        hints: ["an empty file has nothing to store; check the path"],
      });
    }
  }

  private async putCells(
    path: string,
    cellSeconds: number,
    options: PutParameters,
  ): Promise<ManifestCell[]> {
    const { cells, cleanup } = await cutCells(path, cellSeconds);
    const pool = new BufferPool(BLOCK_SIZE);
    try {
      const out: ManifestCell[] = [];
      let offset = 0;
      let done = 0;
      for (const cell of cells) {
        const imported = await importContent(readBlocks(cell.file, pool), {
          write: (cid, bytes) => this.writeBlock(cid, bytes),
          concurrency: Math.max(PUT_DEPTH, this.concurrency),
          hashPool: this.hashes,
          label: `cell ${cell.index}`,
          release: (block) => pool.release(block),
        });
        out.push({
          index: cell.index,
          startSeconds: cell.startSeconds,
          endSeconds: cell.endSeconds,
          offset,
          size: imported.size,
          sha256: imported.sha256,
          root: imported.root.toString(),
          blocks: imported.blocks,
          nodes: imported.nodes.map((n) => n.toString()),
        });
        offset += imported.size;
        done += 1;
        options.onProgress?.({ phase: "cells", bytes: done, total: cells.length });
      }
      return out;
    } finally {
      await cleanup();
    }
  }

  // -- reads --

  /** The manifest under `cid`, verified against the CID and validated. */
  async manifest(cid: string | CID): Promise<Manifest> {
    const parsed = typeof cid === "string" ? parseCid(cid) : cid;
    if (parsed.code !== DAG_CBOR_CODE) {
      throw new StorageInputError(
        "STORE_NOT_A_MANIFEST",
        `${parsed} is not a manifest CID (codec 0x${parsed.code.toString(16)})`,
        {
          hints: [
            "pass the CID printed by `auteur store put` (a dag-cbor CID, bafyrei...), not a block or UnixFS root CID",
          ],
        },
      );
    }
    const bytes = await this.readBlock({ cid: parsed, label: "manifest" });
    return decodeManifest(bytes);
  }

  /**
   * The whole content as a stream; every block is verified before it is pushed. Memory stays at
   * about `concurrency` blocks (at least 32 when every backend is a local directory) whatever the
   * file size.
   */
  get(cid: string, options: GetParameters = {}): Readable {
    return Readable.from(this.content(cid, undefined, options), {
      objectMode: false,
      highWaterMark: BLOCK_SIZE,
    });
  }

  /** `length` bytes from byte `offset` (to the end when `length` is omitted), verified. */
  getRange(cid: string, offset: number, length?: number, options: GetParameters = {}): Readable {
    return Readable.from(this.content(cid, { offset, length }, options), {
      objectMode: false,
      highWaterMark: BLOCK_SIZE,
    });
  }

  /** VideoCell `index` as a stand-alone playable file, verified. */
  getCell(cid: string, index: number, options: GetParameters = {}): Readable {
    return Readable.from(this.cellContent(cid, index, options), {
      objectMode: false,
      highWaterMark: BLOCK_SIZE,
    });
  }

  /** A web `ReadableStream` of the whole content (for fetch responses and browsers). */
  getWebStream(cid: string): ReadableStream<Uint8Array> {
    return Readable.toWeb(this.get(cid)) as ReadableStream<Uint8Array>;
  }

  /**
   * Verified read into reused memory, for consumers that are done with each piece when they
   * return (writing it to a file or socket, hashing it, parsing it): `onChunk` receives every
   * verified piece in order, and the store reuses the memory behind a piece once `onChunk` returns
   * or the promise it returns settles. From a backend that keeps blocks as files the hash workers
   * read each block into one of `concurrency + 1` reused shared buffers and verify it there, so the
   * read allocates no memory per block (no garbage collection either); other backends' blocks arrive
   * as `get` gives them. Resolves with the number of bytes passed to `onChunk`. Same checks and
   * errors as `get`: no unverified byte reaches `onChunk`.
   *
   * @example
   * ```ts
   * const out = openSync("copy.mp4", "w");
   * await store.read(cid, (chunk) => void writeSync(out, chunk));
   * closeSync(out);
   * ```
   */
  async read(
    cid: string,
    onChunk: ReadChunkHandler,
    options: ReadParameters = {},
  ): Promise<number> {
    const span = await this.span(cid, options.cell, options.offset, options.length);
    return this.eachBlock(span, onChunk, options);
  }

  /** The blocks and bytes of content `cid` (or of its cell `cell`) a read covers. */
  private async span(
    cid: string,
    cell: number | undefined,
    offset: number | undefined,
    length: number | undefined,
  ): Promise<Span> {
    const manifest = await this.manifest(cid);
    let blocks = manifest.blocks;
    let size = manifest.size;
    let label = "block";
    if (cell !== undefined) {
      const found = manifest.cells[cell];
      if (!Number.isInteger(cell) || found === undefined) {
        throw new StorageInputError("STORE_NO_SUCH_CELL", `${cid} has no VideoCell ${cell}`, {
          details: { index: cell, cells: manifest.cells.length },
          hints:
            manifest.cells.length === 0
              ? ["this content has no cells (not stored as video)"]
              : [`cells run from 0 to ${manifest.cells.length - 1}`],
        });
      }
      blocks = found.blocks;
      size = found.size;
      label = `cell ${cell} block`;
    }
    if (offset === undefined && length === undefined) return { blocks, start: 0, end: size, label };
    const start = offset ?? 0;
    if (
      !Number.isSafeInteger(start) ||
      start < 0 ||
      start > size ||
      (length !== undefined && (!Number.isSafeInteger(length) || length < 0))
    ) {
      throw new StorageInputError(
        "STORE_BAD_RANGE",
        `range ${start}+${length ?? "rest"} is outside the ${size} bytes of ${cid}`,
        {
          details: { offset: start, length, size },
          hints: [`pass an offset from 0 to ${size} and a length >= 0`],
        },
      );
    }
    const end = length === undefined ? size : Math.min(size, start + length);
    return { blocks, start, end, label };
  }

  private async *content(
    cid: string,
    range: { offset: number; length?: number } | undefined,
    options: GetParameters,
  ): AsyncGenerator<Uint8Array> {
    const span = await this.span(cid, undefined, range?.offset ?? 0, range?.length);
    yield* this.blockRange(span, options);
  }

  private async *cellContent(
    cid: string,
    index: number,
    options: GetParameters,
  ): AsyncGenerator<Uint8Array> {
    yield* this.blockRange(await this.span(cid, index, undefined, undefined), options);
  }

  /** The blocks of `span`, in order, each with the part of it the span covers. */
  private static cover({ blocks, start, end }: Span): ManifestBlock[] {
    return end <= start ? [] : blocks.filter((b) => b.offset + b.size > start && b.offset < end);
  }

  /** `bytes` (block `block`, verified) cut to the part `span` covers; checks the size first. */
  private static cut(span: Span, block: ManifestBlock, bytes: Uint8Array): Uint8Array {
    if (bytes.length !== block.size) {
      throw new StorageBlockCorruptError(
        "STORE_BLOCK_CORRUPT",
        `${span.label} ${block.index} has ${bytes.length} bytes, the manifest says ${block.size}`,
        { details: { block: block.index, cid: block.cid } },
      );
    }
    const from = Math.max(0, span.start - block.offset);
    const to = Math.min(block.size, span.end - block.offset);
    return from === 0 && to === block.size ? bytes : bytes.subarray(from, to);
  }

  private refOf(span: Span, block: ManifestBlock): BlockRef {
    return { cid: CID.parse(block.cid), label: `${span.label} ${block.index}`, size: block.size };
  }

  /** The stream engine: each block in its own buffer, which the consumer may keep. */
  private async *blockRange(span: Span, options: GetParameters): AsyncGenerator<Uint8Array> {
    const wanted = ChunkStore.cover(span);
    const local = this.backends.every((b) => !b.remote && b.blockPath !== undefined);
    const depth = local ? Math.max(LOCAL_STREAM_DEPTH, this.concurrency) : this.concurrency;
    const queue: Array<Promise<Uint8Array>> = [];
    let next = 0;
    let done = 0;
    for (const block of wanted) {
      while (queue.length < depth && next < wanted.length) {
        const pending = this.readBlock(this.refOf(span, wanted[next]));
        next += 1;
        pending.catch(() => undefined); // awaited below; keeps early failures from being unhandled
        queue.push(pending);
      }
      const slice = ChunkStore.cut(span, block, await queue.shift()!);
      done += slice.length;
      yield slice;
      options.onProgress?.({ phase: "blocks", bytes: done, total: span.end - span.start });
    }
  }

  /** The `read` engine: blocks land in reused shared buffers, handed to `onChunk` in order. */
  private async eachBlock(
    span: Span,
    onChunk: ReadChunkHandler,
    options: GetParameters,
  ): Promise<number> {
    const wanted = ChunkStore.cover(span);
    let capacity = 0;
    for (const block of wanted) capacity = Math.max(capacity, block.size);
    const free: Slot[] = [];
    const queue: Array<Promise<{ bytes: Uint8Array; slot: Slot }>> = [];
    let next = 0;
    let done = 0;
    for (const block of wanted) {
      while (queue.length < this.concurrency && next < wanted.length) {
        const slot = free.pop() ?? { memory: sharedBuffer(capacity), tainted: false };
        const pending = this.readBlock(this.refOf(span, wanted[next]), slot).then((bytes) => ({
          bytes,
          slot,
        }));
        next += 1;
        pending.catch(() => undefined); // awaited below; keeps early failures from being unhandled
        queue.push(pending);
      }
      const { bytes, slot } = await queue.shift()!;
      const slice = ChunkStore.cut(span, block, bytes);
      await onChunk(slice);
      done += slice.length;
      if (!slot.tainted) free.push(slot);
      options.onProgress?.({ phase: "blocks", bytes: done, total: span.end - span.start });
    }
    return done;
  }

  // -- checks --

  /** Every block the manifest under `cid` needs, the manifest first. */
  private refs(cid: CID, manifest: Manifest): BlockRef[] {
    const refs: BlockRef[] = [{ cid, label: "manifest" }];
    const seen = new Set<string>([cid.toString()]);
    const add = (text: string, label: string) => {
      if (seen.has(text)) return;
      seen.add(text);
      refs.push({ cid: CID.parse(text), label });
    };
    manifest.blocks.forEach((b) => add(b.cid, `block ${b.index}`));
    manifest.nodes.forEach((n, i) => add(n, `node ${i}`));
    for (const cell of manifest.cells) {
      cell.blocks.forEach((b) => add(b.cid, `cell ${cell.index} block ${b.index}`));
      cell.nodes.forEach((n, i) => add(n, `cell ${cell.index} node ${i}`));
    }
    return refs;
  }

  private async eachLimited<T>(items: T[], fn: (item: T) => Promise<void>): Promise<void> {
    let next = 0;
    const workers = Array.from({ length: Math.min(this.concurrency, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next];
        next += 1;
        await fn(item);
      }
    });
    await Promise.all(workers);
  }

  /** Checks the copy of `ref` on `backend`: intact, missing, corrupt or unreachable. */
  private async checkCopy(
    ref: BlockRef,
    backend: StorageBackend,
  ): Promise<VerifyProblem | undefined> {
    const base = { block: ref.label, cid: ref.cid.toString(), backend: backend.id };
    try {
      const bytes = await this.call(backend, "read", ref.cid, (signal) =>
        backend.get(ref.cid, { signal }),
      );
      if (bytes === undefined) return { ...base, problem: "missing" };
      if (!bytesMatchCid(ref.cid, bytes)) return { ...base, problem: "corrupt" };
      return undefined;
    } catch (error) {
      return {
        ...base,
        problem: "unreachable",
        message: error instanceof Error ? error.message : String(error),
      };
    }
  }

  /**
   * Reads every copy of every block on its placement nodes and reports what is missing, corrupt
   * or unreachable. Reads bypass the cache.
   */
  async verify(cid: string): Promise<VerifyReturnType> {
    const parsed = parseCid(cid);
    const manifest = await this.manifest(parsed);
    const refs = this.refs(parsed, manifest);
    const problems: VerifyProblem[] = [];
    let readable = true;
    await this.eachLimited(refs, async (ref) => {
      const placement = this.placement(ref.cid);
      const found = (await Promise.all(placement.map((b) => this.checkCopy(ref, b)))).filter(
        (p): p is VerifyProblem => p !== undefined,
      );
      problems.push(...found);
      if (found.length === placement.length) {
        // No intact copy where it belongs: look on the other nodes before calling it unreadable.
        const others = this.backends.filter((b) => !placement.includes(b));
        const elsewhere = await Promise.all(others.map((b) => this.checkCopy(ref, b)));
        if (elsewhere.every((p) => p !== undefined)) readable = false;
      }
    });
    const order = new Map(refs.map((r, i) => [r.cid.toString(), i]));
    problems.sort(
      (a, b) => order.get(a.cid)! - order.get(b.cid)! || a.backend.localeCompare(b.backend),
    );
    return {
      cid: parsed.toString(),
      ok: problems.length === 0,
      readable,
      blocks: refs.length,
      copies: refs.length * this.replication,
      problems,
    };
  }

  /**
   * Puts an intact copy of every block on each of its R placement nodes that lacks one (after a
   * node lost its disk, or after nodes were added).
   */
  async repair(cid: string): Promise<RepairReturnType> {
    const parsed = parseCid(cid);
    const manifest = await this.manifest(parsed);
    const refs = this.refs(parsed, manifest);
    let repaired = 0;
    const lost: string[] = [];
    await this.eachLimited(refs, async (ref) => {
      const placement = this.placement(ref.cid);
      const checks = await Promise.all(placement.map((b) => this.checkCopy(ref, b)));
      const needing = placement.filter(
        (_, i) => checks[i] !== undefined && checks[i]!.problem !== "unreachable",
      );
      if (needing.length === 0) return;
      this.cache.delete(ref.cid.toString());
      let bytes: Uint8Array;
      try {
        bytes = await this.readBlock(ref);
      } catch (error) {
        if (error instanceof StorageError && !(error instanceof StorageBackendTimeoutError)) {
          lost.push(`${ref.label} (${ref.cid})`);
          return;
        }
        throw error;
      }
      for (const backend of needing) {
        await this.call(backend, "store", ref.cid, (signal) =>
          backend.put(ref.cid, bytes, { signal }),
        );
        repaired += 1;
      }
    });
    await this.flush();
    return { cid: parsed.toString(), blocks: refs.length, repaired, lost };
  }

  /** What the manifest says (reads only the manifest). */
  async stat(cid: string): Promise<StatReturnType> {
    const parsed = parseCid(cid);
    const m = await this.manifest(parsed);
    return {
      cid: parsed.toString(),
      mediaType: m.mediaType,
      size: m.size,
      sha256: m.sha256,
      root: m.root,
      blockSize: m.blockSize,
      blocks: m.blocks.length,
      nodes: m.nodes.length,
      cellSeconds: m.cellSeconds,
      cells: m.cells.map(({ index, startSeconds, endSeconds, size, sha256, root }) => ({
        index,
        startSeconds,
        endSeconds,
        size,
        sha256,
        root,
      })),
      replication: this.replication,
      backends: this.backends.map((b) => b.id),
    };
  }

  /** Closes every backend. */
  async close(): Promise<void> {
    await this.hashes.close();
    await Promise.all(this.backends.map((b) => b.close()));
  }
}

function toIterable(
  input: Exclude<PutInput, string>,
): AsyncIterable<Uint8Array> | Iterable<Uint8Array> {
  if (input instanceof Uint8Array) return [input];
  return input as AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
}

/**
 * Creates a chunk store.
 *
 * @example
 * ```ts
 * import { createStore, LocalDirBackend } from "@auteur/sdk/storage";
 * const store = createStore({ backends: [new LocalDirBackend("a"), new LocalDirBackend("b")], replication: 2 });
 * const { cid } = await store.put("photo.jpg");
 * ```
 */
export function createStore(options: CreateStoreParameters = {}): ChunkStore {
  return new ChunkStore(options);
}
