/**
 * Helpers shared by the storage tests (not exported from the package): temporary folders, stream
 * collection, and backends that inject faults (a node that hangs, a remote node that counts reads).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CID } from "multiformats/cid";

import type { BackendCallOptions, StorageBackend } from "./backends/types.js";

export async function tempDir(
  prefix: string,
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `auteur-${prefix}-`));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export async function collect(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const part of stream) parts.push(part);
  return Buffer.concat(parts);
}

/** Deterministic pseudo-random bytes (xorshift32), fast enough for many MiB. */
export function pseudoRandomBytes(size: number, seed = 1): Buffer {
  const words = new Uint32Array(Math.ceil(size / 4));
  let x = (seed ^ 0x9e3779b9) >>> 0 || 1;
  for (let i = 0; i < words.length; i += 1) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[i] = x >>> 0;
  }
  return Buffer.from(words.buffer, 0, size);
}

/**
 * Wraps a backend: optionally hangs on every call, marks itself remote, counts calls; with
 * `paths`, passes on the inner backend's block files (`blockPath`, counted in `paths`).
 */
export class FaultyBackend implements StorageBackend {
  readonly id: string;
  readonly remote: boolean;
  hang = false;
  gets = 0;
  puts = 0;
  paths = 0;
  blockPath?: (cid: CID) => string;

  constructor(
    private readonly inner: StorageBackend,
    options: { remote?: boolean; hang?: boolean; paths?: boolean } = {},
  ) {
    this.id = inner.id;
    this.remote = options.remote ?? inner.remote;
    this.hang = options.hang ?? false;
    const blockPath = inner.blockPath?.bind(inner);
    if (options.paths === true && blockPath !== undefined) {
      this.blockPath = (cid) => {
        this.paths += 1;
        return blockPath(cid);
      };
    }
  }

  private async gate(options?: BackendCallOptions): Promise<void> {
    if (!this.hang) return;
    await new Promise<void>((_, reject) =>
      options?.signal?.addEventListener("abort", () => reject(new Error("aborted"))),
    );
  }

  async put(cid: CID, bytes: Uint8Array, options?: BackendCallOptions): Promise<void> {
    this.puts += 1;
    await this.gate(options);
    return this.inner.put(cid, bytes, options);
  }

  async get(cid: CID, options?: BackendCallOptions): Promise<Uint8Array | undefined> {
    this.gets += 1;
    await this.gate(options);
    return this.inner.get(cid, options);
  }

  async has(cid: CID, options?: BackendCallOptions): Promise<boolean> {
    await this.gate(options);
    return this.inner.has(cid, options);
  }

  async delete(cid: CID, options?: BackendCallOptions): Promise<void> {
    return this.inner.delete(cid, options);
  }

  async close(): Promise<void> {
    return this.inner.close();
  }
}

/** True outside CI: tests that need a binary skip (with a message) only there. */
export function mayskip(): boolean {
  return process.env.CI !== "true";
}
