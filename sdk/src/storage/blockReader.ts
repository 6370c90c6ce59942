/**
 * Reads a file in exact 1 MiB blocks into a small pool of reused buffers in shared memory, so a put
 * of any size allocates a fixed number of buffers (flat memory, no page faults on fresh memory)
 * and hash worker threads read the blocks without a copy.
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

/** A pool of equal-size shared buffers, handed out and given back by their ArrayBuffer. */
export class BufferPool {
  private readonly free: Buffer[] = [];
  private readonly owned = new Map<ArrayBufferLike, Buffer>();

  constructor(readonly size: number) {}

  acquire(): Buffer {
    const buffer = this.free.pop() ?? sharedBuffer(this.size);
    this.owned.set(buffer.buffer, buffer);
    return buffer;
  }

  /** Gives back the buffer behind `view` (no effect for views of other memory). */
  release(view: Uint8Array): void {
    const buffer = this.owned.get(view.buffer);
    if (buffer === undefined) return;
    this.owned.delete(view.buffer);
    this.free.push(buffer);
  }
}

/** Yields `path` in blocks of `pool.size` bytes (the last one shorter), each in a pooled buffer. */
export async function* readBlocks(path: string, pool: BufferPool): AsyncGenerator<Uint8Array> {
  const fd = await openFile(path, "r");
  try {
    let position = 0;
    for (;;) {
      const buffer = pool.acquire();
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
      if (filled === 0) {
        pool.release(buffer);
        return;
      }
      position += filled;
      yield filled === buffer.length ? buffer : buffer.subarray(0, filled);
      if (filled < buffer.length) return;
    }
  } finally {
    await closeFd(fd);
  }
}
