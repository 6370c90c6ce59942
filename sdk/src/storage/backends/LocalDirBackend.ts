/**
 * The embedded default backend: one file per block in a directory.
 *
 * Layout: `<dir>/blocks/<xy>/<cid>` where `xy` are the two characters before the CID's last one
 * (spreads blocks over 1024 folders). Writes go to `<dir>/tmp/<pid>-<random>` first and are
 * renamed into place once complete, so a reader sees either no block or the whole block, even when
 * the writer is killed mid-write. Temporary files of writers that no longer run are removed when a
 * backend opens the directory.
 *
 * Durability (with `fsync`, the default): each renamed block is queued for `fdatasync` in the
 * background, so the disk writes while the store hashes the next blocks, and `flush()` waits for
 * that queue and then fsyncs every folder that gained an entry. The store flushes before it writes
 * a manifest and before a put returns, so after a power loss a manifest on disk never points at a
 * block that was not on disk first.
 */
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import { mkdir, readdir, rename, rm, stat, unlink } from "node:fs/promises";
import { promisify } from "node:util";
import { join, resolve } from "node:path";
import type { CID } from "multiformats/cid";

import { StorageBackendError } from "../errors.js";
import type { StorageBackend } from "./types.js";

/** Options of `LocalDirBackend`. */
export interface LocalDirBackendOptions {
  /** Identity for XOR placement (default `local:<absolute dir>`). */
  id?: string;
  /**
   * Make blocks durable (default true): each block is synced in the background after its rename,
   * and `flush()` waits for it. False: blocks are still renamed atomically (crash-safe), but a
   * power loss may lose or damage blocks written shortly before it.
   */
  fsync?: boolean;
  /**
   * Write full blocks with direct I/O (O_DIRECT), bypassing the page cache, when the store's
   * worker threads write them from page-aligned memory (default: the `fsync` setting). A durable
   * put sends every byte to the disk anyway; skipping the cache saves the CPU of copying each
   * block into fresh cache pages. Blocks written so are read back from the disk, not the cache.
   * File systems that refuse O_DIRECT (tmpfs) get ordinary writes.
   */
  directIo?: boolean;
}

/**
 * Blocks synced at once: in the background (each sync holds one of libuv's 4 threads while it
 * waits, so the reads and writes of the put keep the others), and while `flush` waits for the rest.
 */
const SYNC_CONCURRENCY = 2;
const FLUSH_SYNC_CONCURRENCY = 4;

/** fsync of a file or directory by path (read-only open; enough for fsync on Linux). */
async function syncPath(path: string, dataOnly: boolean): Promise<void> {
  const fd = await openFile(path, "r");
  try {
    await (dataOnly ? fdatasync(fd) : fsyncFd(fd));
  } finally {
    await closeFd(fd);
  }
}

// The callback API: a block costs a few file-system calls, and the promise API's FileHandle objects
// cost more main-thread time per call than the calls themselves.
const openFile = promisify(fs.open);
const closeFd = promisify(fs.close);
const fdatasync = promisify(fs.fdatasync);
const fsyncFd = promisify(fs.fsync);
const writeWhole = promisify(fs.writeFile);

/**
 * Writes `bytes` to the new file `temp` (failing if it exists), then renames it to `target`. With
 * `direct` it may bypass the page cache (O_DIRECT); it resolves `false` when the file system
 * refused that, so the caller stops asking.
 */
export type BlockFileWriter = (
  temp: string,
  target: string,
  bytes: Uint8Array,
  direct?: boolean,
) => Promise<boolean | void | undefined>;

async function writeTempAndRename(temp: string, target: string, bytes: Uint8Array): Promise<void> {
  await writeWhole(temp, bytes, { flag: "wx" });
  await rename(temp, target);
}
const readWhole = promisify(fs.readFile);

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException)?.code === "ENOENT";
}

/** A lookup that found no block: the file is missing, or a folder on its path is not a folder. */
function isAbsent(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException)?.code;
  return code === "ENOENT" || code === "ENOTDIR";
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
  /** Ask writers for direct I/O (cleared when the file system refuses it). */
  private direct: boolean;
  private ready: Promise<void> | undefined;
  private readonly folders = new Set<string>();
  /** Renamed blocks waiting for their background sync. */
  private readonly unsynced: string[] = [];
  private syncing = 0;
  private flushing = 0;
  private syncFailure: unknown;
  private drained: Array<() => void> = [];
  /** Folders that gained an entry since the last flush. */
  private readonly dirtyFolders = new Set<string>();

  constructor(dir: string, options: LocalDirBackendOptions = {}) {
    this.dir = dir;
    this.id = options.id ?? `local:${resolve(dir)}`;
    this.fsync = options.fsync ?? true;
    this.direct = options.directIo ?? this.fsync;
  }

  /** Path of the file that holds `cid`. */
  blockPath(cid: CID): string {
    return this.pathOf(cid);
  }

  /** Path of the file that holds `cid`. */
  pathOf(cid: CID): string {
    const key = cid.toString();
    return join(this.dir, "blocks", key.slice(-3, -1), key);
  }

  private open(): Promise<void> {
    this.ready ??= (async () => {
      try {
        const made = await mkdir(join(this.dir, "blocks"), { recursive: true });
        if (made !== undefined) this.dirtyFolders.add(join(made, "..")).add(this.dir);
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
    await this.putWith(cid, bytes, writeTempAndRename);
  }

  /**
   * `put` with the file writing done by `writeFile` (the store hands in one that writes on a
   * worker thread); folders, the atomic rename and the syncs stay as `put` does them.
   */
  async putWith(cid: CID, bytes: Uint8Array, writeFile: BlockFileWriter): Promise<void> {
    try {
      await this.write(cid, bytes, writeFile);
    } catch (error) {
      if (!isNotFound(error)) throw this.writeError(cid, error);
      // The directory vanished under us (a lost disk, a cleaned folder): recreate it once.
      this.ready = undefined;
      this.folders.clear();
      try {
        await this.write(cid, bytes, writeFile);
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

  private async write(cid: CID, bytes: Uint8Array, writeFile: BlockFileWriter): Promise<void> {
    await this.open();
    const target = this.pathOf(cid);
    const folder = join(target, "..");
    if (!this.folders.has(folder)) {
      const made = await mkdir(folder, { recursive: true });
      this.folders.add(folder);
      if (made !== undefined) this.dirtyFolders.add(join(folder, ".."));
    }
    const temp = join(this.dir, "tmp", `${process.pid}-${randomBytes(8).toString("hex")}`);
    try {
      if ((await writeFile(temp, target, bytes, this.direct)) === false) this.direct = false;
      if (this.fsync) {
        this.dirtyFolders.add(folder);
        this.unsynced.push(target);
        this.pump();
      }
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
  }

  /** Blocks written whose background sync has not finished yet (0 after `flush`). */
  get unsyncedBlocks(): number {
    return this.syncing + this.unsynced.length;
  }

  /** Starts background syncs up to the limit. */
  private pump(): void {
    const limit = this.flushing > 0 ? FLUSH_SYNC_CONCURRENCY : SYNC_CONCURRENCY;
    while (this.syncing < limit && this.unsynced.length > 0) {
      const path = this.unsynced.shift()!;
      this.syncing += 1;
      syncPath(path, true)
        .catch((error: unknown) => {
          // A block deleted since its write needs no sync.
          if (!isNotFound(error)) this.syncFailure ??= error;
        })
        .finally(() => {
          this.syncing -= 1;
          this.pump();
          if (this.syncing === 0 && this.unsynced.length === 0) {
            for (const wake of this.drained.splice(0)) wake();
          }
        });
    }
  }

  /**
   * Waits until every block written so far is on disk: their background syncs, then an fsync of
   * each folder that gained an entry (so the renames are durable too).
   */
  async flush(): Promise<void> {
    if (!this.fsync) return;
    if (this.syncing > 0 || this.unsynced.length > 0) {
      this.flushing += 1;
      try {
        this.pump();
        await new Promise<void>((resolve) => this.drained.push(resolve));
      } finally {
        this.flushing -= 1;
      }
    }
    const folders = [...this.dirtyFolders];
    this.dirtyFolders.clear();
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(4, folders.length) }, async () => {
        while (next < folders.length) {
          const folder = folders[next];
          next += 1;
          await syncPath(folder, false).catch((error: unknown) => {
            if (!isNotFound(error)) this.syncFailure ??= error;
          });
        }
      }),
    );
    const failure = this.syncFailure;
    this.syncFailure = undefined;
    if (failure !== undefined) {
      throw new StorageBackendError(
        "STORE_SYNC_FAILED",
        `cannot flush the blocks written to ${this.dir} to disk`,
        {
          details: { dir: this.dir },
          hints: ["check the disk (free space, I/O errors), then put the file again"],
          cause: failure,
        },
      );
    }
  }

  async get(cid: CID): Promise<Uint8Array | undefined> {
    try {
      // A fresh buffer of the file's size (readFile allocates it unpooled), owned by the caller.
      return await readWhole(this.pathOf(cid));
    } catch (error) {
      if (isAbsent(error)) return undefined;
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
      if (isAbsent(error)) return false;
      throw new StorageBackendError(
        "STORE_READ_FAILED",
        `cannot look up block ${cid} in ${this.dir}`,
        {
          details: { cid: cid.toString(), dir: this.dir },
          cause: error,
        },
      );
    }
  }

  async delete(cid: CID): Promise<void> {
    await rm(this.pathOf(cid), { force: true });
  }

  async close(): Promise<void> {}
}
