/**
 * Streams bytes into 1 MiB raw blocks and a UnixFS DAG (IPIP-499 `unixfs-v1-2025`), handing every
 * block to `write` as soon as it is hashed. Memory stays bounded: at most `concurrency` blocks are
 * in flight.
 */
import { createHash } from "node:crypto";
import { importer, type BufferImporter } from "ipfs-unixfs-importer";
import { balanced } from "ipfs-unixfs-importer/layout";
import type { CID } from "multiformats/cid";

import { chunkStream } from "./chunker.js";
import { BLOCK_SIZE, DAG_PB_CODE, MAX_LINKS_PER_NODE, rawCid, toHex } from "./cid.js";
import { StorageInputError } from "./errors.js";
import type { ManifestBlock } from "./manifest.js";
import { ParallelSha256 } from "./parallelHash.js";

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
  { write, concurrency = 4, onProgress, label = "the input", release }: ImportContentParameters,
): Promise<ImportContentReturnType> {
  const blocks: ManifestBlock[] = [];
  const nodes: CID[] = [];
  const fileHash = new ParallelSha256();
  let size = 0;
  let written = 0;

  const chunks = chunkStream(source, BLOCK_SIZE)[Symbol.asyncIterator]();
  const first = await chunks.next();
  if (first.done === true) {
    throw new StorageInputError("STORE_EMPTY_INPUT", `${label} is empty`, {
      hints: ["an empty file has nothing to store; check the path or the stream you passed"],
    });
  }

  async function* content(): AsyncGenerator<Uint8Array> {
    let next: IteratorResult<Uint8Array> = first;
    while (next.done !== true) {
      const block = next.value;
      await fileHash.update(block);
      size += block.length;
      yield block;
      next = await chunks.next();
    }
  }

  // Our own leaf importer: the blocks are already cut to 1 MiB, so hash each once (node:crypto),
  // record it in order, and write it. The stock importer builds the balanced DAG above the leaves.
  const bufferImporter: BufferImporter = async function* (file) {
    let index = 0;
    let offset = 0;
    for await (const block of file.content) {
      const entry: ManifestBlock = { index, offset, size: block.length, sha256: "", cid: "" };
      blocks.push(entry);
      index += 1;
      offset += block.length;
      yield async () => {
        const digest = createHash("sha256").update(block).digest();
        const cid = rawCid(digest);
        entry.sha256 = toHex(digest);
        entry.cid = cid.toString();
        await write(cid, block);
        written += block.length;
        onProgress?.(written);
        release?.(block);
        return { cid, size: BigInt(block.length), block: EMPTY };
      };
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
  try {
    for await (const entry of importer([{ content: content() }], blockstore, {
      cidVersion: 1,
      rawLeaves: true,
      reduceSingleLeafToSelf: true,
      chunker: (input) => input,
      layout: balanced({ maxChildrenPerNode: MAX_LINKS_PER_NODE }),
      bufferImporter,
      blockWriteConcurrency: concurrency,
    })) {
      root = entry.cid;
    }
  } catch (error) {
    await fileHash.abort();
    throw error;
  }
  if (root === undefined) throw new Error("importer produced no root");
  return { root, blocks, nodes, size, sha256: await fileHash.digest() };
}
