import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

import { alignedSharedBuffers, directIoReady, sharedBuffer } from "./blockReader.js";
import { HashPool, isShared } from "./hashWorkers.js";
import { pseudoRandomBytes, tempDir } from "./testing.js";

const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

describe("storage/hashWorkers: SHA-256 on worker threads", () => {
  let pool: HashPool;
  let dir: string;
  let cleanup: () => Promise<void>;
  before(async () => {
    pool = new HashPool();
    ({ dir, cleanup } = await tempDir("hashworkers"));
  });
  after(async () => {
    await pool.close();
    await cleanup();
  });

  it("digests shared memory in place and plain buffers (views into larger ones too), many at once", async () => {
    const inputs: Uint8Array[] = [];
    for (let i = 0; i < 12; i += 1) {
      const data = pseudoRandomBytes(300_000 + i * 7919, i + 1);
      if (i % 3 === 0) {
        const shared = sharedBuffer(data.length);
        shared.set(data);
        expect(isShared(shared)).to.equal(true);
        inputs.push(shared);
      } else if (i % 3 === 1) {
        inputs.push(data);
      } else {
        inputs.push(pseudoRandomBytes(data.length + 64, i).subarray(32, 32 + data.length));
      }
    }
    const digests = await Promise.all(inputs.map((bytes) => pool.digest(bytes)));
    digests.forEach(({ digest }, i) => expect(hex(digest)).to.equal(sha(inputs[i])));
    // The caller's bytes are untouched (nothing was moved away from it).
    expect(inputs.every((b) => b.byteLength > 0)).to.equal(true);
  });

  it("reads and hashes a file on a worker, and reports a missing file or a folder by its error code", async () => {
    const data = pseudoRandomBytes(1_048_576 + 3, 9);
    const path = join(dir, "block");
    await writeFile(path, data);
    const read = await pool.readFile(path);
    expect("bytes" in read).to.equal(true);
    if (!("bytes" in read)) return;
    expect(Buffer.compare(read.bytes, data)).to.equal(0);
    expect(hex(read.digest)).to.equal(sha(data));
    // A small file: the worker's pooled buffer is copied, not moved, and arrives intact.
    const small = join(dir, "small");
    await writeFile(small, "abc");
    const tiny = await pool.readFile(small);
    expect("bytes" in tiny && Buffer.from(tiny.bytes).toString()).to.equal("abc");
    expect(await pool.readFile(join(dir, "absent"))).to.include({ code: "ENOENT" });
    await mkdir(join(dir, "folder"));
    expect(await pool.readFile(join(dir, "folder"))).to.include({ code: "EISDIR" });
  });

  it("reads a file into the caller's shared memory on a worker, refusing one that does not fit", async () => {
    const data = pseudoRandomBytes(700_001, 12);
    const path = join(dir, "into");
    await writeFile(path, data);
    const target = sharedBuffer(1_048_576);
    target.fill(0xee);
    const read = await pool.readFileInto(path, target.subarray(8, 8 + 800_000));
    expect("bytes" in read).to.equal(true);
    if (!("bytes" in read)) return;
    // A view of the caller's memory (nothing allocated or moved), holding exactly the file.
    expect(read.bytes.buffer).to.equal(target.buffer);
    expect(read.bytes.byteOffset).to.equal(8);
    expect(Buffer.compare(read.bytes, data)).to.equal(0);
    expect(hex(read.digest)).to.equal(sha(data));
    expect(target[7]).to.equal(0xee); // nothing written outside the view
    expect(target[8 + data.length]).to.equal(0xee);
    expect(await pool.readFileInto(path, target.subarray(0, data.length - 1))).to.deep.equal({
      tooLarge: data.length,
    });
    expect(await pool.readFileInto(join(dir, "absent"), target)).to.include({ code: "ENOENT" });
    // Memory a worker cannot see is filled here, with the same answers.
    const plain = new Uint8Array(800_000);
    const here = await pool.readFileInto(path, plain);
    expect("bytes" in here && hex(here.digest)).to.equal(sha(data));
    expect("bytes" in here && here.bytes.buffer).to.equal(plain.buffer);
    expect(await pool.readFileInto(path, plain.subarray(0, 10))).to.deep.equal({
      tooLarge: data.length,
    });
  });

  it("writes page-aligned full blocks with direct I/O where the file system allows, others through the cache", async () => {
    await pool.digest(sharedBuffer(300_000)); // start the workers (writes before that run here)
    const [aligned, second] = alignedSharedBuffers(2, 1_048_576);
    aligned.set(pseudoRandomBytes(aligned.length, 51));
    second.set(pseudoRandomBytes(second.length, 52));
    expect(directIoReady(aligned) && directIoReady(second)).to.equal(
      typeof WebAssembly === "object",
    );
    expect(second.buffer).to.equal(aligned.buffer); // one memory, side by side
    // Not for unaligned memory or lengths, whatever is asked.
    expect(directIoReady(sharedBuffer(1_048_576))).to.equal(false);
    expect(directIoReady(aligned.subarray(0, 1000))).to.equal(false);
    expect(directIoReady(aligned.subarray(512, 512 + 4096))).to.equal(false);
    await mkdir(join(dir, "tmp"));
    const cases: Array<[string, Uint8Array]> = [
      ["full", aligned],
      ["second", second],
      ["short", aligned.subarray(0, 1000)],
      ["unaligned", sharedBuffer(8192).fill(7)],
    ];
    for (const [name, bytes] of cases) {
      const answer = await pool.writeFile(join(dir, "tmp", name), join(dir, name), bytes, true);
      // `false` only where the file system refused O_DIRECT (then written through the cache).
      expect([undefined, false]).to.include(answer);
      expect(Buffer.compare(await readFile(join(dir, name)), bytes), name).to.equal(0);
    }
    // A name taken is an error, never an overwrite.
    const taken = join(dir, "tmp", "taken");
    await writeFile(taken, "x");
    const error = await pool.writeFile(taken, join(dir, "other"), aligned, true).catch((e) => e);
    expect(error).to.have.property("code", "EEXIST");
  });

  it("streams chunks in order on one worker, telling when each chunk may be reused", async () => {
    const chunks = Array.from({ length: 20 }, (_, i) => {
      const chunk = sharedBuffer(65_536 + i);
      chunk.set(pseudoRandomBytes(chunk.length, 100 + i));
      return chunk;
    });
    const stream = pool.stream(4);
    const hashed = new Array<number>(chunks.length).fill(0);
    for (const [i, chunk] of chunks.entries()) await stream.update(chunk, () => (hashed[i] += 1));
    const digest = await stream.digest();
    expect(digest).to.equal(sha(Buffer.concat(chunks)));
    expect(hashed).to.deep.equal(new Array<number>(chunks.length).fill(1));
  });

  it("hashes a single chunk inline, and an aborted stream releases its chunks", async () => {
    const one = pool.stream();
    let released = 0;
    const data = pseudoRandomBytes(1000, 3);
    await one.update(data, () => (released += 1));
    expect(await one.digest()).to.equal(sha(data));
    expect(released).to.equal(1);

    const aborted = pool.stream(2);
    const chunks = Array.from({ length: 3 }, (_, i) => pseudoRandomBytes(200_000, 40 + i));
    let done = 0;
    for (const chunk of chunks) await aborted.update(chunk, () => (done += 1));
    aborted.abort();
    const later = pool.stream();
    for (const chunk of chunks) await later.update(chunk);
    expect(await later.digest()).to.equal(sha(Buffer.concat(chunks)));
    // Chunks already sent are released when the worker has read them.
    for (let i = 0; i < 200 && done < 3; i += 1) await new Promise((r) => setTimeout(r, 10));
    expect(done).to.equal(3);
  });

  it("never keeps a process alive: one that used a pool and did not close it exits at once", () => {
    const url = new URL("./hashWorkers.ts", import.meta.url).href;
    const started = Date.now();
    const child = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "--input-type=module",
        "-e",
        `import { HashPool } from ${JSON.stringify(url)};
         const pool = new HashPool();
         const { digest } = await pool.digest(new Uint8Array(300000));
         console.log(Buffer.from(digest).toString("hex"));`,
      ],
      { encoding: "utf8", timeout: 30_000 },
    );
    expect(child.error, "the child did not exit within 30 s").to.equal(undefined);
    expect(child.stdout.trim()).to.equal(sha(new Uint8Array(300000)));
    expect(Date.now() - started).to.be.below(15_000);
  });

  it("starts its workers again after close", async () => {
    const other = new HashPool(1);
    const data = pseudoRandomBytes(400_000, 77);
    expect(hex((await other.digest(data)).digest)).to.equal(sha(data));
    await other.close();
    expect(hex((await other.digest(data)).digest)).to.equal(sha(data));
    await other.close();
  });
});
