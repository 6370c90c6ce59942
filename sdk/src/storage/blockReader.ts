/**
 * Reads a file in exact 1 MiB blocks into a small pool of reused buffers in shared memory, so a put
 * of any size allocates a fixed number of buffers (flat memory, no page faults on fresh memory),
 * hash worker threads read the blocks without a copy, and full blocks can be written with direct
 * I/O (the buffers are page-aligned).
 */
import * as fs from "node:fs";
import { promisify } from "node:util";

// The callback API: lighter per call than FileHandle, and a put makes one read per block.
const openFile = promisify(fs.open);
const closeFd = promisify(fs.close);
const readFd = promisify(fs.read);

/** A buffer of `size` bytes in shared memory (a plain buffer where there is none). */
export function sharedBuffer(size: number): Buffer {
  return typeof SharedArrayBuffer === "undefined"
    ? Buffer.allocUnsafeSlow(size)
    : Buffer.from(new SharedArrayBuffer(size));
}

/** Direct I/O needs memory, offsets and lengths aligned to the device's blocks; 4 KiB covers it. */
export const DIRECT_IO_ALIGNMENT = 4096;
const WASM_PAGE = 65_536;
/** Shared memory known to start on a page boundary (WebAssembly memories are page-allocated). */
const pageAligned = new WeakSet<ArrayBufferLike>();

/**
 * `count` buffers of `size` bytes, side by side in one page-aligned shared memory (a shared
 * WebAssembly memory), so each starts on a page boundary when `size` is a multiple of 4 KiB; plain
 * shared buffers where WebAssembly memory cannot be had.
 */
export function alignedSharedBuffers(count: number, size: number): Buffer[] {
  const bytes = count * size;
  if (size % DIRECT_IO_ALIGNMENT === 0 && bytes % WASM_PAGE === 0) {
    try {
      const pages = bytes / WASM_PAGE;
      const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
      pageAligned.add(memory.buffer);
      return Array.from({ length: count }, (_, i) => Buffer.from(memory.buffer, i * size, size));
    } catch {
      // No WebAssembly (e.g. --jitless) or no address space left for another memory.
    }
  }
  return Array.from({ length: count }, () => sharedBuffer(size));
}

/** Whether `bytes` may be written with direct I/O: page-aligned memory and a 4 KiB multiple long. */
export function directIoReady(bytes: Uint8Array): boolean {
  return (
    pageAligned.has(bytes.buffer) &&
    bytes.byteOffset % DIRECT_IO_ALIGNMENT === 0 &&
    bytes.byteLength % DIRECT_IO_ALIGNMENT === 0
  );
}

/** Buffers a pool allocates at once (one shared memory each time). */
const POOL_SLAB = 8;

/**
 * A pool of equal-size shared buffers, handed out and given back by their ArrayBuffer and
 * offset. Buffers come in slabs of 8 from one page-aligned memory, so full blocks can be written
 * with direct I/O.
 */
export class BufferPool {
  private readonly free: Buffer[] = [];
  private readonly owned = new Map<ArrayBufferLike, Map<number, Buffer>>();

  constructor(readonly size: number) {}

  acquire(): Buffer {
    if (this.free.length === 0) this.free.push(...alignedSharedBuffers(POOL_SLAB, this.size));
    const buffer = this.free.pop()!;
    let views = this.owned.get(buffer.buffer);
    if (views === undefined) this.owned.set(buffer.buffer, (views = new Map()));
    views.set(buffer.byteOffset, buffer);
    return buffer;
  }

  /** Gives back the buffer behind `view` (no effect for views of other memory). */
  release(view: Uint8Array): void {
    const views = this.owned.get(view.buffer);
    const buffer = views?.get(view.byteOffset);
    if (buffer === undefined) return;
    views!.delete(view.byteOffset);
    if (views!.size === 0) this.owned.delete(view.buffer);
    this.free.push(buffer);
  }
}

/**
 * Yields `path` in blocks of `pool.size` bytes (the last one shorter), each in a pooled buffer.
 * `ahead` reads run at once (libuv's threads are shared with the writes and syncs of a put, so
 * one read at a time would wait behind them).
 */
export async function* readBlocks(
  path: string,
  pool: BufferPool,
  ahead = 4,
): AsyncGenerator<Uint8Array> {
  const fd = await openFile(path, "r");
  const fill = async (buffer: Buffer, position: number) => {
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await readFd(
        fd,
        buffer,
        filled,
        buffer.length - filled,
        position + filled,
      );
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return { buffer, filled };
  };
  const pending: Array<Promise<{ buffer: Buffer; filled: number }>> = [];
  let position = 0;
  try {
    for (;;) {
      while (pending.length < ahead) {
        const read = fill(pool.acquire(), position);
        read.catch(() => undefined); // awaited in order below
        pending.push(read);
        position += pool.size;
      }
      const { buffer, filled } = await pending.shift()!;
      if (filled === 0) {
        pool.release(buffer);
        return;
      }
      yield filled === buffer.length ? buffer : buffer.subarray(0, filled);
      if (filled < buffer.length) return;
    }
  } finally {
    // Reads still running finish before the file is closed; their buffers go back to the pool.
    for (const read of pending.splice(0)) {
      const done = await read.catch(() => undefined);
      if (done !== undefined) pool.release(done.buffer);
    }
    await closeFd(fd);
  }
}
