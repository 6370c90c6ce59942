/**
 * Streams bytes into 1 MiB raw blocks and a UnixFS DAG (IPIP-499 `unixfs-v1-2025`), handing every
 * block to `write` as soon as it is hashed.
 *
 * Every byte is hashed twice, once for its block (whose CID is that digest: raw leaves, sha2-256)
 * and once for the whole-content SHA-256, and both run on worker threads in parallel with the
 * reads and writes on the main thread: the whole-content hash is one sequential stream on one
 * worker, the block hashes go to the other. Memory stays bounded: at most `concurrency` blocks are
 * being hashed or written, and the whole-content hash lags by at most 8 blocks.
 */
import { createHash } from "node:crypto";
import { importer, type BufferImporter } from "ipfs-unixfs-importer";
import { balanced } from "ipfs-unixfs-importer/layout";
import type { CID } from "multiformats/cid";

import { chunkStream } from "./chunker.js";
import { BLOCK_SIZE, DAG_PB_CODE, MAX_LINKS_PER_NODE, rawCid, toHex } from "./cid.js";
import { StorageInputError } from "./errors.js";
import type { ManifestBlock } from "./manifest.js";
import { sharedBuffer } from "./blockReader.js";
import { HashPool } from "./hashWorkers.js";

const EMPTY = new Uint8Array(0);

/** What `importContent` produced. */
export interface ImportContentReturnType {
  /** UnixFS root CID of the content. */
  root: CID;
  /** Blocks in order. */
  blocks: ManifestBlock[];
  /** dag-pb interior nodes, in the order they were built (the root last). */
  nodes: CID[];
  /** Total bytes. */
  size: number;
  /** SHA-256 of all bytes, hex. */
  sha256: string;
}

/** Options of `importContent`. */
export interface ImportContentParameters {
  /** Writes one block (a raw data block or a dag-pb node). Must resolve only once it is durable. */
  write: (cid: CID, bytes: Uint8Array) => Promise<void>;
  /** Blocks hashed and written at the same time (default 4). */
  concurrency?: number;
  /** Called after each data block was written, with the byte count so far. */
  onProgress?: (bytes: number) => void;
  /** What to call the input in an error message. */
  label?: string;
  /** Called with each data block once it is hashed and written (to reuse its buffer). */
  release?: (block: Uint8Array) => void;
  /** Worker threads for the hashes (default: a pool of two for this call, closed at the end). */
  hashPool?: HashPool;
}

/**
 * Imports `source` and returns its blocks, DAG and hashes.
 *
 * @example
 * ```ts
 * const written = new Map<string, Uint8Array>();
 * const { root, blocks } = await importContent(createReadStream("clip.mp4"), {
 *   write: async (cid, bytes) => void written.set(cid.toString(), bytes),
 * });
 * ```
 */
export async function importContent(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  {
    write,
    concurrency = 4,
    onProgress,
    label = "the input",
    release,
    hashPool,
  }: ImportContentParameters,
): Promise<ImportContentReturnType> {
  const pool = hashPool ?? new HashPool();
  try {
    return await importWith(source, pool, { write, concurrency, onProgress, label, release });
  } finally {
    if (hashPool === undefined) await pool.close();
  }
}

async function importWith(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  pool: HashPool,
  {
    write,
    concurrency,
    onProgress,
    label,
    release,
  }: Required<Pick<ImportContentParameters, "write" | "concurrency" | "label">> &
    Pick<ImportContentParameters, "onProgress" | "release">,
): Promise<ImportContentReturnType> {
  const blocks: ManifestBlock[] = [];
  const leaves: CID[] = [];
  const fileHash = pool.stream();
  let size = 0;
  let written = 0;

  // A block goes back to its owner once both its own hash/write and the whole-content hash are done.
  const holds = new Map<Uint8Array, number>();
  const unhold = (block: Uint8Array) => {
    const left = holds.get(block)! - 1;
    if (left > 0) holds.set(block, left);
    else {
      holds.delete(block);
      release?.(block);
    }
  };

  // Blocks assembled from stream chunks are put in shared memory, which the workers read in place.
  const chunks = chunkStream(source, BLOCK_SIZE, sharedBuffer)[Symbol.asyncIterator]();
  const first = await chunks.next();
  if (first.done === true) {
    throw new StorageInputError("STORE_EMPTY_INPUT", `${label} is empty`, {
      hints: ["an empty file has nothing to store; check the path or the stream you passed"],
    });
  }

  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  try {
    let next: IteratorResult<Uint8Array> = first;
    let index = 0;
    while (next.done !== true && failure === undefined) {
      const block = next.value;
      const entry: ManifestBlock = { index, offset: size, size: block.length, sha256: "", cid: "" };
      blocks.push(entry);
      const at = index;
      index += 1;
      size += block.length;
      holds.set(block, 2);
      await fileHash.update(block, () => unhold(block));
      const task = (async () => {
        // The first block is hashed inline: content of one block starts no thread.
        const digest =
          at === 0
            ? createHash("sha256").update(block).digest()
            : (await pool.digest(block)).digest;
        const cid = rawCid(digest);
        entry.sha256 = toHex(digest);
        entry.cid = cid.toString();
        leaves[at] = cid;
        await write(cid, block);
        written += block.length;
        onProgress?.(written);
      })()
        .catch((error: unknown) => void (failure ??= { error }))
        .finally(() => {
          unhold(block);
          inFlight.delete(task);
        });
      inFlight.add(task);
      while (inFlight.size >= concurrency) await Promise.race(inFlight);
      next = await chunks.next();
    }
    await Promise.all(inFlight);
  } catch (error) {
    failure ??= { error };
  }
  if (failure !== undefined) {
    await Promise.allSettled(inFlight);
    fileHash.abort();
    await chunks.return?.(undefined);
    throw failure.error;
  }
  const sha256 = await fileHash.digest();

  // The balanced DAG above the leaves, built by the stock importer from the leaf CIDs.
  const nodes: CID[] = [];
  const placeholder = new Uint8Array(1);
  const bufferImporter: BufferImporter = async function* (file) {
    let at = 0;
    for await (const _ of file.content) {
      const cid = leaves[at];
      const bytes = BigInt(blocks[at].size);
      at += 1;
      yield () => Promise.resolve({ cid, size: bytes, block: EMPTY });
    }
  };
  const blockstore = {
    put: async (cid: CID, bytes: Uint8Array): Promise<CID> => {
      if (cid.code === DAG_PB_CODE) {
        nodes.push(cid);
        await write(cid, bytes);
      }
      return cid;
    },
  };
  let root: CID | undefined;
  for await (const entry of importer([{ content: leaves.map(() => placeholder) }], blockstore, {
    cidVersion: 1,
    rawLeaves: true,
    reduceSingleLeafToSelf: true,
    chunker: (input) => input,
    layout: balanced({ maxChildrenPerNode: MAX_LINKS_PER_NODE }),
    bufferImporter,
    blockWriteConcurrency: 16,
  })) {
    root = entry.cid;
  }
  if (root === undefined) throw new Error("importer produced no root");
  return { root, blocks, nodes, size, sha256 };
}
