/**
 * The embedded default backend: one file per block in a directory.
 *
 * Layout: `<dir>/blocks/<xy>/<cid>` where `xy` are the two characters before the CID's last one
 * (spreads blocks over 1024 folders). Writes go to `<dir>/tmp/<pid>-<random>` first, are flushed
 * with fsync and then renamed into place, so a reader sees either no block or the whole block, even
 * when the writer is killed mid-write. Temporary files of writers that no longer run are removed
 * when a backend opens the directory.
 */
import { randomBytes } from "node:crypto";
import { mkdir, open, readdir, rename, rm, stat, unlink } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { CID } from "multiformats/cid";

import { StorageBackendError } from "../errors.js";
import type { StorageBackend } from "./types.js";

/** Options of `LocalDirBackend`. */
export interface LocalDirBackendOptions {
  /** Identity for XOR placement (default `local:<absolute dir>`). */
  id?: string;
  /** fsync each block before the rename (default true: survives power loss, not only a crash). */
  fsync?: boolean;
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException)?.code === "ENOENT";
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Blocks in a local directory.
 *
 * @example
 * ```ts
 * const store = createStore({ backends: [new LocalDirBackend(".auteur/store")] });
 * ```
 */
export class LocalDirBackend implements StorageBackend {
  readonly id: string;
  readonly remote = false;
  readonly dir: string;
  private readonly fsync: boolean;
  private ready: Promise<void> | undefined;
  private readonly folders = new Set<string>();

  constructor(dir: string, options: LocalDirBackendOptions = {}) {
    this.dir = dir;
    this.id = options.id ?? `local:${resolve(dir)}`;
    this.fsync = options.fsync ?? true;
  }

  /** Path of the file that holds `cid`. */
  pathOf(cid: CID): string {
    const key = cid.toString();
    return join(this.dir, "blocks", key.slice(-3, -1), key);
  }

  private open(): Promise<void> {
    this.ready ??= (async () => {
      try {
        await mkdir(join(this.dir, "blocks"), { recursive: true });
        await mkdir(join(this.dir, "tmp"), { recursive: true });
      } catch (cause) {
        throw new StorageBackendError(
          "STORE_DIR_UNUSABLE",
          `cannot create the store directory ${this.dir}`,
          {
            details: { dir: this.dir },
            hints: ["pass a writable directory with --dir (or the `dir` option)"],
            cause,
          },
        );
      }
      // Remove temporary files left by writers that died mid-write.
      for (const name of await readdir(join(this.dir, "tmp"))) {
        const pid = Number(name.split("-")[0]);
        const orphan = !Number.isInteger(pid) || (pid !== process.pid && !alive(pid));
        if (orphan) await rm(join(this.dir, "tmp", name), { force: true });
      }
    })();
    return this.ready;
  }

  async put(cid: CID, bytes: Uint8Array): Promise<void> {
    try {
      await this.write(cid, bytes);
    } catch (error) {
      if (!isNotFound(error)) throw this.writeError(cid, error);
      // The directory vanished under us (a lost disk, a cleaned folder): recreate it once.
      this.ready = undefined;
      this.folders.clear();
      try {
        await this.write(cid, bytes);
      } catch (again) {
        throw this.writeError(cid, again);
      }
    }
  }

  private writeError(cid: CID, cause: unknown): StorageBackendError {
    if (cause instanceof StorageBackendError) return cause;
    return new StorageBackendError(
      "STORE_WRITE_FAILED",
      `cannot write block ${cid} to ${this.dir}`,
      {
        details: { cid: cid.toString(), dir: this.dir },
        hints: ["check free space and permissions of the store directory"],
        cause,
      },
    );
  }

  private async write(cid: CID, bytes: Uint8Array): Promise<void> {
    await this.open();
    const target = this.pathOf(cid);
    const folder = join(target, "..");
    if (!this.folders.has(folder)) {
      await mkdir(folder, { recursive: true });
      this.folders.add(folder);
    }
    const temp = join(this.dir, "tmp", `${process.pid}-${randomBytes(8).toString("hex")}`);
    try {
      const handle = await open(temp, "wx");
      try {
        await handle.writeFile(bytes);
        if (this.fsync) await handle.datasync();
      } finally {
        await handle.close();
      }
      await rename(temp, target);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
  }

  async get(cid: CID): Promise<Uint8Array | undefined> {
    try {
      // One read of the exact size (readFile would read in 512 KiB steps and copy).
      const handle = await open(this.pathOf(cid), "r");
      try {
        const { size } = await handle.stat();
        const bytes = Buffer.allocUnsafeSlow(size);
        let at = 0;
        while (at < size) {
          const { bytesRead } = await handle.read(bytes, at, size - at, at);
          if (bytesRead === 0) break;
          at += bytesRead;
        }
        return at === size ? bytes : bytes.subarray(0, at);
      } finally {
        await handle.close();
      }
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw new StorageBackendError(
        "STORE_READ_FAILED",
        `cannot read block ${cid} from ${this.dir}`,
        {
          details: { cid: cid.toString(), dir: this.dir },
          cause: error,
        },
      );
    }
  }

  async has(cid: CID): Promise<boolean> {
    try {
      await stat(this.pathOf(cid));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  async delete(cid: CID): Promise<void> {
    await rm(this.pathOf(cid), { force: true });
  }

  async close(): Promise<void> {}
}
