/**
 * A Kubo (go-ipfs) daemon through its RPC API with `kubo-rpc-client`. Blocks are put with
 * `block/put` (codec and sha2-256 given explicitly, pinned so the daemon's GC keeps them) and read
 * with `block/get` in offline mode, so a block the daemon does not hold is reported missing at once
 * instead of being searched for on the network.
 */
import { create, type KuboRPCClient } from "kubo-rpc-client";
import type { CID } from "multiformats/cid";

import { DAG_CBOR_CODE, DAG_PB_CODE, RAW_CODE } from "../cid.js";
import { StorageBackendError } from "../errors.js";
import type { BackendCallOptions, StorageBackend } from "./types.js";

/** Options of `KuboBackend`. */
export interface KuboBackendOptions {
  /** RPC API address, e.g. `http://127.0.0.1:5001`. */
  url: string;
  /** Identity for XOR placement (default `kubo:<url>`). */
  id?: string;
  /** Pin blocks on put (default true). */
  pin?: boolean;
}

const FORMATS: Record<number, string> = {
  [RAW_CODE]: "raw",
  [DAG_PB_CODE]: "dag-pb",
  [DAG_CBOR_CODE]: "dag-cbor",
};

function notFound(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /not found|block was not found|ipld: could not find/i.test(message);
}

/**
 * Blocks on a Kubo daemon.
 *
 * @example
 * ```ts
 * const store = createStore({ backends: [new KuboBackend({ url: "http://127.0.0.1:5001" })] });
 * ```
 */
export class KuboBackend implements StorageBackend {
  readonly id: string;
  readonly remote = true;
  readonly url: string;
  private readonly pin: boolean;
  private readonly client: KuboRPCClient;

  constructor(options: KuboBackendOptions) {
    this.url = options.url;
    this.id = options.id ?? `kubo:${options.url}`;
    this.pin = options.pin ?? true;
    this.client = create({ url: options.url });
  }

  private fail(op: string, cid: CID, cause: unknown): StorageBackendError {
    return new StorageBackendError(
      "STORE_KUBO_FAILED",
      `Kubo at ${this.url} failed to ${op} ${cid}`,
      {
        details: { url: this.url, cid: cid.toString(), op },
        hints: [
          "check that the daemon runs (`ipfs daemon`) and that its RPC API listens on this address",
        ],
        cause,
      },
    );
  }

  async put(cid: CID, bytes: Uint8Array, options: BackendCallOptions = {}): Promise<void> {
    const format = FORMATS[cid.code];
    if (format === undefined) throw this.fail("store (unknown codec)", cid, undefined);
    let stored: CID;
    try {
      // `cid-codec` is Kubo's current flag (`format` is its deprecated alias).
      stored = await this.client.block.put(bytes, {
        mhtype: "sha2-256",
        pin: this.pin,
        signal: options.signal,
        // kubo-rpc-client merges a plain object into the query (a URLSearchParams would be lost).
        searchParams: { "cid-codec": format } as unknown as URLSearchParams,
      });
    } catch (cause) {
      throw this.fail("store", cid, cause);
    }
    if (!stored.equals(cid))
      throw this.fail(`store (the daemon answered ${stored}, not)`, cid, undefined);
  }

  async get(cid: CID, options: BackendCallOptions = {}): Promise<Uint8Array | undefined> {
    try {
      return await this.client.block.get(cid, { signal: options.signal, offline: true } as never);
    } catch (cause) {
      if (notFound(cause)) return undefined;
      throw this.fail("read", cid, cause);
    }
  }

  async has(cid: CID, options: BackendCallOptions = {}): Promise<boolean> {
    try {
      await this.client.block.stat(cid, { signal: options.signal, offline: true } as never);
      return true;
    } catch (cause) {
      if (notFound(cause)) return false;
      throw this.fail("look up", cid, cause);
    }
  }

  async delete(cid: CID, options: BackendCallOptions = {}): Promise<void> {
    try {
      if (this.pin)
        await this.client.pin.rm(cid, { signal: options.signal }).catch(() => undefined);
      for await (const result of this.client.block.rm(cid, {
        force: true,
        signal: options.signal,
      })) {
        if (result.error !== undefined && result.error.message !== "" && !notFound(result.error))
          throw result.error;
      }
    } catch (cause) {
      throw this.fail("remove", cid, cause);
    }
  }

  async close(): Promise<void> {}
}
