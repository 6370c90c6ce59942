import { expect } from "chai";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";

import { BufferPool, readBlocks } from "./blockReader.js";
import { pseudoRandomBytes, tempDir } from "./testing.js";

/** A pool that counts the buffers out. */
class CountingPool extends BufferPool {
  out = 0;
  override acquire(): Buffer {
    this.out += 1;
    return super.acquire();
  }
  override release(view: Uint8Array): void {
    this.out -= 1;
    super.release(view);
  }
}

describe("storage/blockReader: files in pooled blocks", () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  before(async () => ({ dir, cleanup } = await tempDir("blockreader")));
  after(() => cleanup());

  it("yields exact blocks, reading ahead, whatever the file size", async () => {
    const size = 65_536;
    for (const length of [0, 1, size - 1, size, 3 * size, 2.5 * size, 11 * size + 7]) {
      const data = pseudoRandomBytes(length, length + 1);
      const path = join(dir, `f-${length}`);
      await writeFile(path, data);
      for (const ahead of [1, 4]) {
        const pool = new CountingPool(size);
        const parts: Buffer[] = [];
        for await (const block of readBlocks(path, pool, ahead)) {
          expect(block.length === size || parts.length === Math.floor(length / size)).to.equal(
            true,
          );
          parts.push(Buffer.from(block));
          pool.release(block);
        }
        expect(Buffer.concat(parts).equals(data), `${length} bytes, ${ahead} ahead`).to.equal(true);
        expect(pool.out, "every buffer back in the pool").to.equal(0);
      }
    }
  });

  it("gives back the buffers of reads still running when the consumer stops early", async () => {
    const size = 65_536;
    const path = join(dir, "stop");
    await writeFile(path, pseudoRandomBytes(20 * size, 3));
    const pool = new CountingPool(size);
    let seen = 0;
    for await (const block of readBlocks(path, pool, 6)) {
      pool.release(block);
      seen += 1;
      if (seen === 2) break;
    }
    expect(pool.out).to.equal(0);
  });
});
