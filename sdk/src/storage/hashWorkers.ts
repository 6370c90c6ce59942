/**
 * SHA-256 on worker threads, so that hashing runs on every core while the main thread reads and
 * writes. Bytes reach a worker without a copy when they live in shared memory (`SharedArrayBuffer`,
 * as the blocks of a put do); a file the worker reads itself comes back to the main thread
 * transferred, not copied. Without worker threads everything is hashed inline, with the same
 * results.
 *
 * Workers are started on first use and keep the process alive only while they have work.
 */
import { createHash, type Hash } from "node:crypto";
import { open, readFile, rename, writeFile, type FileHandle } from "node:fs/promises";
import { Worker } from "node:worker_threads";

import { directIoReady } from "./blockReader.js";

const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const { createHash } = require("node:crypto");
const fs = require("node:fs");
const { promisify } = require("node:util");
const { closeSync, fstatSync, openSync, readFileSync, readSync } = fs;
const streams = new Map();
const { O_CREAT, O_DIRECT, O_EXCL, O_WRONLY } = fs.constants;
const openAsync = promisify(fs.open);
const writeAsync = promisify(fs.write);
const closeAsync = promisify(fs.close);
const renameAsync = promisify(fs.rename);
const unlinkAsync = promisify(fs.unlink);
// How file systems refuse O_DIRECT (at open, or at the first write).
const REFUSALS = new Set(["EINVAL", "EOPNOTSUPP", "ENOTSUP"]);
// Writes the new file with O_DIRECT (no page-cache copy); false when the file system refuses it.
async function writeDirect(path, bytes) {
  if (O_DIRECT === undefined) return false;
  let fd;
  try {
    fd = await openAsync(path, O_WRONLY | O_CREAT | O_EXCL | O_DIRECT);
  } catch (error) {
    if (REFUSALS.has(error.code)) return false;
    throw error;
  }
  let refused = false;
  try {
    let at = 0;
    while (at < bytes.length) {
      at += (await writeAsync(fd, bytes, at, bytes.length - at, at)).bytesWritten;
    }
  } catch (error) {
    if (!REFUSALS.has(error.code)) throw error;
    refused = true;
  } finally {
    await closeAsync(fd);
  }
  if (refused) await unlinkAsync(path);
  return !refused;
}
// A direct write mostly waits for the disk: it runs on libuv's threads while this one hashes. A
// write through the page cache is mostly copying: done here, it saves the round trips.
async function writeBlock(m, bytes) {
  if (m.direct === true && (await writeDirect(m.path, bytes))) {
    await renameAsync(m.path, m.target);
    return false;
  }
  fs.writeFileSync(m.path, bytes, { flag: "wx" });
  fs.renameSync(m.path, m.target);
  return m.direct === true;
}
parentPort.on("message", (m) => {
  const bytes = m.buffer === undefined ? undefined : new Uint8Array(m.buffer, m.offset, m.length);
  if (m.op === "digest") {
    parentPort.postMessage({ id: m.id, digest: createHash("sha256").update(bytes).digest("hex") });
  } else if (m.op === "file") {
    let data;
    try {
      data = readFileSync(m.path);
    } catch (error) {
      parentPort.postMessage({ id: m.id, code: error.code ?? "EIO", message: String(error.message) });
      return;
    }
    const digest = createHash("sha256").update(data).digest("hex");
    const own = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? data : new Uint8Array(data);
    parentPort.postMessage({ id: m.id, digest, buffer: own.buffer }, [own.buffer]);
  } else if (m.op === "into") {
    // Reads the file into the caller's shared memory, then hashes it there: no allocation.
    let length = 0;
    let fd;
    try {
      fd = openSync(m.path, "r");
      const size = fstatSync(fd).size;
      if (size > m.length) {
        parentPort.postMessage({ id: m.id, size });
        return;
      }
      for (;;) {
        // From the current position (not pread): also reads what is not a regular file.
        const n = readSync(fd, bytes, length, bytes.length - length, null);
        if (n === 0) break;
        length += n;
        if (length === bytes.length) break;
      }
    } catch (error) {
      parentPort.postMessage({ id: m.id, code: error.code ?? "EIO", message: String(error.message) });
      return;
    } finally {
      if (fd !== undefined) try { closeSync(fd); } catch {}
    }
    const digest = createHash("sha256").update(bytes.subarray(0, length)).digest("hex");
    parentPort.postMessage({ id: m.id, digest, size: length });
  } else if (m.op === "write") {
    writeBlock(m, bytes).then(
      (refused) => parentPort.postMessage({ id: m.id, refused }),
      (error) => {
        // A failed write leaves no temporary file behind (none when the name was taken).
        const done = () =>
          parentPort.postMessage({ id: m.id, code: error.code ?? "EIO", message: String(error.message) });
        if (error.code === "EEXIST") done();
        else unlinkAsync(m.path).then(done, done);
      },
    );
  } else if (m.op === "update") {
    let hash = streams.get(m.stream);
    if (hash === undefined) streams.set(m.stream, (hash = createHash("sha256")));
    hash.update(bytes);
    parentPort.postMessage({ id: m.id });
  } else if (m.op === "final") {
    const hash = streams.get(m.stream) ?? createHash("sha256");
    streams.delete(m.stream);
    parentPort.postMessage({ id: m.id, digest: hash.digest("hex") });
  } else if (m.op === "drop") {
    streams.delete(m.stream);
  }
});
`;

interface Reply {
  id: number;
  digest?: string;
  size?: number;
  refused?: boolean;
  buffer?: ArrayBuffer;
  code?: string;
  message?: string;
}

interface Request {
  op: "digest" | "file" | "into" | "write" | "update" | "final" | "drop";
  direct?: boolean;
  path?: string;
  target?: string;
  stream?: number;
  buffer?: ArrayBufferLike;
  offset?: number;
  length?: number;
}

/** What `HashPool.readFileInto` answers. */
export type ReadIntoResult =
  | { bytes: Uint8Array; digest: Uint8Array }
  | { tooLarge: number }
  | { code: string; message: string };

async function readIntoHere(path: string, target: Uint8Array): Promise<ReadIntoResult> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, "r");
    const { size } = await handle.stat();
    if (size > target.byteLength) return { tooLarge: size };
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(target, length, target.byteLength - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length === target.byteLength) break;
    }
    const bytes = target.subarray(0, length);
    return { bytes, digest: createHash("sha256").update(bytes).digest() };
  } catch (error) {
    const { code = "EIO", message } = error as NodeJS.ErrnoException;
    return { code, message };
  } finally {
    await handle?.close();
  }
}

/** Whether `bytes` lives in shared memory (readable by a worker without a copy). */
export function isShared(bytes: Uint8Array): boolean {
  return typeof SharedArrayBuffer !== "undefined" && bytes.buffer instanceof SharedArrayBuffer;
}

class HashWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<
    number,
    { resolve: (r: Reply) => void; reject: (e: Error) => void }
  >();
  private nextId = 0;
  failure: Error | undefined;
  /** Streams bound to this worker. */
  streams = 0;

  constructor() {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [] });
    this.worker.on("message", (reply: Reply) => {
      const waiter = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (this.pending.size === 0) this.worker.unref();
      waiter?.resolve(reply);
    });
    const fail = (error: Error) => {
      this.failure ??= error;
      for (const waiter of this.pending.values()) waiter.reject(error);
      this.pending.clear();
      this.worker.unref();
    };
    this.worker.on("error", fail);
    this.worker.on("exit", (code) => fail(new Error(`hash worker exited with code ${code}`)));
    // After the listeners: adding a "message" listener refs the worker's port again. An idle worker
    // never keeps the process alive.
    this.worker.unref();
  }

  get load(): number {
    return this.pending.size;
  }

  request(message: Request, transfer: ArrayBuffer[] = []): Promise<Reply> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<Reply>((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...message, id }, transfer);
    });
  }

  post(message: Request): void {
    if (this.failure === undefined) this.worker.postMessage({ ...message, id: -1 });
  }

  async terminate(): Promise<void> {
    this.failure ??= new Error("hash workers closed");
    await this.worker.terminate();
  }
}

/** The message that hands `bytes` to a worker, and what to transfer with it. */
function carry(bytes: Uint8Array): {
  message: Pick<Request, "buffer" | "offset" | "length">;
  list: ArrayBuffer[];
} {
  if (isShared(bytes)) {
    return {
      message: { buffer: bytes.buffer, offset: bytes.byteOffset, length: bytes.byteLength },
      list: [],
    };
  }
  // Bytes we may not move: a private copy goes to the worker instead.
  const copy = new Uint8Array(bytes);
  return {
    message: { buffer: copy.buffer, offset: 0, length: copy.byteLength },
    list: [copy.buffer],
  };
}

/** A pool of SHA-256 worker threads. */
export class HashPool {
  private workers: HashWorker[] | undefined;
  private unavailable = false;
  private nextStream = 0;

  /** @param size worker threads (default 2) */
  constructor(readonly size = 2) {}

  private pick(avoidStreams: boolean): HashWorker | undefined {
    if (this.unavailable) return undefined;
    if (this.workers === undefined) {
      try {
        this.workers = Array.from({ length: this.size }, () => new HashWorker());
      } catch {
        this.unavailable = true; // no worker threads here: hash inline
        return undefined;
      }
    }
    const alive = this.workers.filter((w) => w.failure === undefined);
    if (alive.length === 0) return undefined;
    let best = alive[0];
    for (const w of alive) {
      const score = (x: HashWorker) => (avoidStreams ? x.streams * 1_000_000 : 0) + x.load;
      if (score(w) < score(best)) best = w;
    }
    return best;
  }

  /** SHA-256 of `bytes` (read in place when in shared memory, else from a private copy). */
  async digest(bytes: Uint8Array): Promise<{ digest: Uint8Array }> {
    const worker = this.pick(true);
    if (worker === undefined) return { digest: createHash("sha256").update(bytes).digest() };
    const { message, list } = carry(bytes);
    const reply = await worker.request({ op: "digest", ...message }, list);
    return { digest: Buffer.from(reply.digest!, "hex") };
  }

  /**
   * Reads the file at `path` on a worker thread and hashes it there; the bytes come back without a
   * copy. A failed read answers with the error's `code` and `message` instead.
   */
  async readFile(
    path: string,
  ): Promise<{ bytes: Uint8Array; digest: Uint8Array } | { code: string; message: string }> {
    const worker = this.pick(true);
    if (worker === undefined) {
      try {
        const bytes = await readFile(path);
        return { bytes, digest: createHash("sha256").update(bytes).digest() };
      } catch (error) {
        const { code = "EIO", message } = error as NodeJS.ErrnoException;
        return { code, message };
      }
    }
    const reply = await worker.request({ op: "file", path });
    if (reply.buffer === undefined) return { code: reply.code!, message: reply.message! };
    return { bytes: Buffer.from(reply.buffer), digest: Buffer.from(reply.digest!, "hex") };
  }

  /**
   * Reads the file at `path` into `target` (shared memory, reused by the caller) on a worker thread
   * and hashes it there, so a read allocates nothing. Answers the bytes read (a view of `target`)
   * and their SHA-256; `tooLarge` with the file's size when it does not fit in `target`; or the
   * error's `code` and `message` when the read failed. Read here when `target` is not shared or no
   * worker thread can run.
   */
  async readFileInto(path: string, target: Uint8Array): Promise<ReadIntoResult> {
    const worker = isShared(target) ? this.pick(true) : undefined;
    if (worker === undefined) return readIntoHere(path, target);
    const reply = await worker.request({
      op: "into",
      path,
      buffer: target.buffer,
      offset: target.byteOffset,
      length: target.byteLength,
    });
    if (reply.code !== undefined) return { code: reply.code, message: reply.message! };
    if (reply.digest === undefined) return { tooLarge: reply.size! };
    return { bytes: target.subarray(0, reply.size!), digest: Buffer.from(reply.digest, "hex") };
  }

  /**
   * Writes `bytes` (in shared memory) to the new file `temp` and renames it to `target`, on a worker
   * thread; rejects with the file-system error's `code`. Other bytes, and any before the workers
   * were started by a hash, are written here. With `direct`, bytes in page-aligned memory (see
   * `directIoReady`) are written with O_DIRECT, bypassing the page cache; resolves `false` when the
   * file system refused that (the file was then written through the cache).
   */
  async writeFile(
    temp: string,
    target: string,
    bytes: Uint8Array,
    direct = false,
  ): Promise<boolean | undefined> {
    // Only on running workers: a put of one block starts no thread.
    const worker = isShared(bytes) && this.workers !== undefined ? this.pick(false) : undefined;
    if (worker === undefined) {
      await writeFile(temp, bytes, { flag: "wx" });
      await rename(temp, target);
      return undefined;
    }
    const { message } = carry(bytes);
    const reply = await worker.request({
      op: "write",
      path: temp,
      target,
      direct: direct && directIoReady(bytes),
      ...message,
    });
    if (reply.code !== undefined) {
      throw Object.assign(new Error(reply.message), { code: reply.code });
    }
    return reply.refused === true ? false : undefined;
  }

  /** An incremental SHA-256 of a long stream, on one worker (inline for a single chunk). */
  stream(window = 8): Sha256Stream {
    return new Sha256Stream(this, this.nextStream++, window);
  }

  /** @internal */
  bind(): HashWorker | undefined {
    const worker = this.pick(true);
    if (worker !== undefined) worker.streams += 1;
    return worker;
  }

  /** Stops the workers (they start again on the next use). */
  async close(): Promise<void> {
    const workers = this.workers ?? [];
    this.workers = undefined;
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/**
 * An incremental SHA-256 whose updates run on a worker thread, in order. The first chunk is held
 * back, so input of one chunk is hashed inline and starts no thread.
 */
export class Sha256Stream {
  private first: { bytes: Uint8Array; done?: () => void } | undefined;
  private inline: Hash | undefined;
  private worker: HashWorker | undefined;
  private inFlight = 0;
  private waiters: Array<() => void> = [];
  private failure: Error | undefined;
  private started = false;

  constructor(
    private readonly pool: HashPool,
    private readonly id: number,
    private readonly window: number,
  ) {}

  /**
   * Adds `chunk`, which the caller must not change until `hashed` is called (at once when hashed
   * inline). Resolves when the chunk is queued; waits while `window` chunks are queued.
   */
  async update(chunk: Uint8Array, hashed?: () => void): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    if (!this.started && this.first === undefined) {
      this.first = { bytes: chunk, done: hashed };
      return;
    }
    if (!this.started) {
      this.started = true;
      this.worker = this.pool.bind();
      if (this.worker === undefined) this.inline = createHash("sha256");
      const first = this.first!;
      this.first = undefined;
      this.send(first.bytes, first.done);
    }
    while (this.inFlight >= this.window && this.failure === undefined)
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    if (this.failure !== undefined) throw this.failure;
    this.send(chunk, hashed);
  }

  private send(chunk: Uint8Array, hashed?: () => void): void {
    if (this.worker === undefined) {
      (this.inline ??= createHash("sha256")).update(chunk);
      hashed?.();
      return;
    }
    const { message, list } = carry(chunk);
    this.inFlight += 1;
    this.worker.request({ op: "update", stream: this.id, ...message }, list).then(
      () => {
        this.inFlight -= 1;
        hashed?.();
        this.waiters.shift()?.();
      },
      (error: Error) => {
        this.failure ??= error;
        hashed?.();
        for (const wake of this.waiters.splice(0)) wake();
      },
    );
  }

  /** The hex digest of everything added. */
  async digest(): Promise<string> {
    if (this.worker === undefined) {
      const hash = this.inline ?? createHash("sha256");
      if (this.first !== undefined) {
        hash.update(this.first.bytes);
        this.first.done?.();
        this.first = undefined;
      }
      return hash.digest("hex");
    }
    if (this.failure !== undefined) throw this.failure;
    const reply = await this.worker.request({ op: "final", stream: this.id });
    this.worker.streams -= 1;
    return reply.digest!;
  }

  /** Forgets the stream (after a failed put). */
  abort(): void {
    if (this.first !== undefined) {
      this.first.done?.();
      this.first = undefined;
    }
    if (this.worker !== undefined) {
      this.worker.post({ op: "drop", stream: this.id });
      this.worker.streams -= 1;
      this.worker = undefined;
      this.inline = createHash("sha256");
    }
  }
}
