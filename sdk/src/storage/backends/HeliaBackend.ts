/**
 * An in-process IPFS node (Helia) whose blockstore lives on disk. The node runs without libp2p
 * (no network traffic); its blocks are ordinary IPFS blocks under the same CIDs Kubo would use, so
 * the directory can be served by any Helia or exported as a CAR file.
 */
import { FsBlockstore } from "blockstore-fs";
import { FsDatastore } from "datastore-fs";
import { createHeliaLight, type Helia } from "helia";
import * as dagCbor from "@ipld/dag-cbor";
import type { CID } from "multiformats/cid";
import { join } from "node:path";

import { StorageBackendError } from "../errors.js";
import type { BackendCallOptions, StorageBackend } from "./types.js";

/** Options of `HeliaBackend`. */
export interface HeliaBackendOptions {
  /** Directory of the node's blockstore (`<dir>/blocks`) and datastore (`<dir>/data`). */
  dir: string;
  /** Identity for XOR placement (default `helia:<dir>`). */
  id?: string;
}

async function collect(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const part of chunks) parts.push(part);
  return parts.length === 1 ? parts[0] : Buffer.concat(parts);
}

/**
 * Blocks in an in-process Helia node.
 *
 * @example
 * ```ts
 * const store = createStore({ backends: [new HeliaBackend({ dir: ".auteur/helia" })] });
 * ```
 */
export class HeliaBackend implements StorageBackend {
  readonly id: string;
  readonly remote = false;
  readonly dir: string;
  private node: Promise<Helia> | undefined;

  constructor(options: HeliaBackendOptions) {
    this.dir = options.dir;
    this.id = options.id ?? `helia:${options.dir}`;
  }

  /** The running Helia node (started on first use). */
  helia(): Promise<Helia> {
    this.node ??= (async () => {
      try {
        const blockstore = new FsBlockstore(join(this.dir, "blocks"));
        const datastore = new FsDatastore(join(this.dir, "data"));
        await blockstore.open();
        await datastore.open();
        const helia = createHeliaLight({ blockstore, datastore, codecs: [dagCbor] });
        await helia.start();
        return helia;
      } catch (cause) {
        throw new StorageBackendError(
          "STORE_HELIA_START_FAILED",
          `cannot start the Helia node in ${this.dir}`,
          {
            details: { dir: this.dir },
            hints: [
              "pass a writable directory; close other processes that use the same Helia directory",
            ],
            cause,
          },
        );
      }
    })();
    return this.node;
  }

  async put(cid: CID, bytes: Uint8Array, options: BackendCallOptions = {}): Promise<void> {
    const helia = await this.helia();
    await helia.blockstore.put(cid, bytes, { signal: options.signal });
  }

  async get(cid: CID, options: BackendCallOptions = {}): Promise<Uint8Array | undefined> {
    const helia = await this.helia();
    if (!(await helia.blockstore.has(cid, { signal: options.signal }))) return undefined;
    return collect(helia.blockstore.get(cid, { signal: options.signal, offline: true }));
  }

  async has(cid: CID, options: BackendCallOptions = {}): Promise<boolean> {
    const helia = await this.helia();
    return helia.blockstore.has(cid, { signal: options.signal });
  }

  async delete(cid: CID): Promise<void> {
    const helia = await this.helia();
    if (await helia.blockstore.has(cid)) await helia.blockstore.delete(cid);
  }

  async close(): Promise<void> {
    if (this.node === undefined) return;
    const helia = await this.node.catch(() => undefined);
    this.node = undefined;
    await helia?.stop();
  }
}
