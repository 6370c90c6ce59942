import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { createReadStream, existsSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { open, readFile, rm, truncate, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { CID } from "multiformats/cid";

import { HeliaBackend } from "./backends/HeliaBackend.js";
import { LocalDirBackend, type BlockFileWriter } from "./backends/LocalDirBackend.js";
import { ffmpegAvailable } from "./cells.js";
import { BLOCK_SIZE } from "./cid.js";
import {
  StorageBackendTimeoutError,
  StorageBlockCorruptError,
  StorageBlockMissingError,
  StorageInputError,
} from "./errors.js";
import { createStore } from "./store.js";
import { collect, FaultyBackend, mayskip, pseudoRandomBytes, tempDir } from "./testing.js";

const videos = fileURLToPath(new URL("../../../fixtures/video/", import.meta.url));

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

function ffprobe(file: string, args: string[]): string {
  const result = spawnSync("ffprobe", ["-v", "error", ...args, file], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`ffprobe failed on ${file}: ${result.stderr}`);
  return result.stdout.trim();
}

describe("storage: round trips on the local backend", function () {
  let dir: string;
  let cleanup: () => Promise<void>;
  before(async () => ({ dir, cleanup } = await tempDir("store")));
  after(() => cleanup());

  it("stores and returns random files of 1 byte, exactly 1 MiB and 2.5 MiB from a path", async () => {
    const store = createStore({ dir: join(dir, "a") });
    for (const [i, size] of [1, BLOCK_SIZE, 2.5 * BLOCK_SIZE].entries()) {
      const data = pseudoRandomBytes(size, i + 1);
      const file = join(dir, `file-${i}.bin`);
      await writeFile(file, data);
      const { cid, manifest } = await store.put(file);
      expect(CID.parse(cid).code).to.equal(0x71); // dag-cbor manifest
      expect(manifest.size).to.equal(size);
      expect(manifest.blocks.map((b) => b.size)).to.deep.equal(
        size === 1
          ? [1]
          : size === BLOCK_SIZE
            ? [BLOCK_SIZE]
            : [BLOCK_SIZE, BLOCK_SIZE, BLOCK_SIZE / 2],
      );
      expect((await collect(store.get(cid))).equals(data)).to.equal(true);
    }
  });

  it("gives the same manifest CID for bytes, a Node stream, a web stream and a path", async () => {
    const store = createStore({ dir: join(dir, "b") });
    const data = pseudoRandomBytes(BLOCK_SIZE + 12_345, 7);
    const file = join(dir, "same.bin");
    await writeFile(file, data);
    const fromPath = await store.put(file);
    const fromBytes = await store.put(data);
    const fromNode = await store.put(Readable.from([data.subarray(0, 1000), data.subarray(1000)]));
    const fromWeb = await store.put(
      Readable.toWeb(Readable.from([data])) as ReadableStream<Uint8Array>,
    );
    expect(new Set([fromPath.cid, fromBytes.cid, fromNode.cid, fromWeb.cid]).size).to.equal(1);
    const web = store.getWebStream(fromPath.cid);
    expect((await collect(web as unknown as AsyncIterable<Uint8Array>)).equals(data)).to.equal(
      true,
    );
  });

  it("reads byte ranges across block boundaries", async () => {
    const store = createStore({ dir: join(dir, "c") });
    const data = pseudoRandomBytes(3 * BLOCK_SIZE + 99, 3);
    const { cid } = await store.put(data);
    for (const [offset, length] of [
      [0, 10],
      [BLOCK_SIZE - 5, 10],
      [BLOCK_SIZE, BLOCK_SIZE],
      [2 * BLOCK_SIZE + 17, 2 * BLOCK_SIZE],
      [data.length, 5],
    ]) {
      const got = await collect(store.getRange(cid, offset, length));
      expect(got.equals(data.subarray(offset, offset + length)), `${offset}+${length}`).to.equal(
        true,
      );
    }
    expect((await collect(store.getRange(cid, 5))).equals(data.subarray(5))).to.equal(true);
    const error = await rejection(collect(store.getRange(cid, data.length + 1, 1)));
    expect(error).to.be.instanceOf(StorageInputError).with.property("code", "STORE_BAD_RANGE");
  });

  it("read hands every verified piece to a callback in reused memory: whole, ranges, errors", async () => {
    const store = createStore({ dir: join(dir, "e"), concurrency: 2 });
    const data = pseudoRandomBytes(6 * BLOCK_SIZE + 777, 4);
    const { cid } = await store.put(data);
    const parts: Buffer[] = [];
    const memory = new Set<ArrayBufferLike>();
    const progress: number[] = [];
    const bytes = await store.read(
      cid,
      async (chunk) => {
        memory.add(chunk.buffer);
        parts.push(Buffer.from(chunk)); // a copy: the memory is reused after this call
        await new Promise((resolve) => setImmediate(resolve));
      },
      { onProgress: (p) => progress.push(p.bytes) },
    );
    expect(bytes).to.equal(data.length);
    expect(Buffer.concat(parts).equals(data)).to.equal(true);
    // 7 blocks through at most concurrency + 1 = 3 buffers.
    expect(memory.size).to.be.at.most(3);
    expect(progress.at(-1)).to.equal(data.length);
    for (const [offset, length] of [
      [0, 10],
      [BLOCK_SIZE - 5, 10],
      [2 * BLOCK_SIZE + 17, 3 * BLOCK_SIZE],
      [data.length - 3, undefined],
      [data.length, 5],
    ]) {
      const got: Buffer[] = [];
      const n = await store.read(cid, (chunk) => void got.push(Buffer.from(chunk)), {
        offset,
        length,
      });
      const want = data.subarray(offset, length === undefined ? undefined : offset + length);
      expect(Buffer.concat(got).equals(want), `${offset}+${length}`).to.equal(true);
      expect(n).to.equal(want.length);
    }
    expect(await rejection(store.read(cid, () => undefined, { offset: -1 })))
      .to.be.instanceOf(StorageInputError)
      .with.property("code", "STORE_BAD_RANGE");
    expect(await rejection(store.read(cid, () => undefined, { cell: 0 })))
      .to.be.instanceOf(StorageInputError)
      .with.property("code", "STORE_NO_SUCH_CELL");
    // A failing consumer stops the read with its own error.
    const stop = new Error("consumer failed");
    let calls = 0;
    const failed = await rejection(
      store.read(cid, () => {
        calls += 1;
        if (calls === 2) throw stop;
      }),
    );
    expect(failed).to.equal(stop);
    expect(calls).to.equal(2);
    await store.close();
  });

  it("rejects empty files, missing files and folders with typed errors, writing nothing", async () => {
    const store = createStore({ dir: join(dir, "d") });
    const empty = join(dir, "empty.bin");
    await writeFile(empty, "");
    expect(await rejection(store.put(empty)))
      .to.be.instanceOf(StorageInputError)
      .with.property("code", "STORE_EMPTY_INPUT");
    expect(await rejection(store.put(new Uint8Array(0))))
      .to.be.instanceOf(StorageInputError)
      .with.property("code", "STORE_EMPTY_INPUT");
    expect(await rejection(store.put(join(dir, "nope.bin"))))
      .to.be.instanceOf(StorageInputError)
      .with.property("code", "STORE_FILE_NOT_FOUND");
    expect(await rejection(store.put(dir)))
      .to.be.instanceOf(StorageInputError)
      .with.property("code", "STORE_NOT_A_FILE");
    const blocks = join(dir, "d", "blocks");
    expect(existsSync(blocks) ? readdirSync(blocks, { recursive: true }) : []).to.deep.equal([]);
  });
});

describe("storage: durability of a put", () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  before(async () => ({ dir, cleanup } = await tempDir("durable")));
  after(() => cleanup());

  /** The real local backend, logging each finished block write and flush. */
  class LoggedBackend extends LocalDirBackend {
    readonly log: string[] = [];
    // `put` goes through `putWith` too.
    override async putWith(cid: CID, bytes: Uint8Array, writeFile: BlockFileWriter): Promise<void> {
      await super.putWith(cid, bytes, writeFile);
      this.log.push(`put ${cid}`);
    }
    override async flush(): Promise<void> {
      await super.flush();
      this.log.push(`flush, ${this.unsyncedBlocks} unsynced`);
    }
  }

  it("syncs every block before it writes the manifest, and the manifest before put returns", async () => {
    const backend = new LoggedBackend(join(dir, "ordered"));
    const store = createStore({ backends: [backend] });
    const { cid, manifest } = await store.put(pseudoRandomBytes(3 * BLOCK_SIZE + 10, 21));
    await store.close();
    const at = backend.log.indexOf(`put ${cid}`);
    expect(backend.log.slice(at - 1)).to.deep.equal([
      "flush, 0 unsynced",
      `put ${cid}`,
      "flush, 0 unsynced",
    ]);
    expect(backend.log.slice(0, at - 1)).to.have.members([
      ...manifest.blocks.map((b) => `put ${b.cid}`),
      ...manifest.nodes.map((n) => `put ${n}`),
    ]);
  });

  it("syncs each block in the background after its put returns; none with fsync: false", async () => {
    const data = pseudoRandomBytes(BLOCK_SIZE, 22);
    const cid = (await createStore({ dir: join(dir, "probe") }).put(data)).manifest.blocks[0].cid;
    const synced = new LocalDirBackend(join(dir, "synced"));
    await synced.put(CID.parse(cid), data);
    expect(synced.unsyncedBlocks).to.equal(1); // queued, not waited for
    await synced.flush();
    expect(synced.unsyncedBlocks).to.equal(0);
    const unsynced = new LocalDirBackend(join(dir, "unsynced"), { fsync: false });
    await unsynced.put(CID.parse(cid), data);
    expect(unsynced.unsyncedBlocks).to.equal(0);
    await unsynced.flush();
    expect(Buffer.compare(Buffer.from((await unsynced.get(CID.parse(cid)))!), data)).to.equal(0);
  });
});

describe("storage: tamper detection", () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  before(async () => ({ dir, cleanup } = await tempDir("tamper")));
  after(() => cleanup());

  async function fresh(name: string) {
    const backend = new LocalDirBackend(join(dir, name));
    const store = createStore({ backends: [backend] });
    const data = pseudoRandomBytes(3 * BLOCK_SIZE, 11);
    const { cid, manifest } = await store.put(data);
    const pathOf = (text: string) => backend.pathOf(CID.parse(text));
    return { store, cid, manifest, pathOf, data };
  }

  it("names a block whose bytes were altered and never returns its data", async () => {
    const { store, cid, manifest, pathOf } = await fresh("flip");
    const path = pathOf(manifest.blocks[1].cid);
    const bytes = await readFile(path);
    bytes[12345] ^= 0x01;
    await writeFile(path, bytes);
    const got: Buffer[] = [];
    const error = await rejection(
      (async () => {
        for await (const part of store.get(cid)) got.push(part);
      })(),
    );
    expect(error)
      .to.be.instanceOf(StorageBlockCorruptError)
      .with.property("code", "STORE_BLOCK_CORRUPT");
    expect((error as StorageBlockCorruptError).details.block).to.equal("block 1");
    expect(Buffer.concat(got).length).to.equal(BLOCK_SIZE); // block 0 only
    const report = await store.verify(cid);
    expect(report.ok).to.equal(false);
    expect(report.readable).to.equal(false);
    expect(report.problems).to.deep.include({
      block: "block 1",
      cid: manifest.blocks[1].cid,
      backend: store.backends[0].id,
      problem: "corrupt",
    });
  });

  it("read never hands out an altered, truncated, extended or missing block", async () => {
    const { store, cid, manifest, pathOf, data } = await fresh("read");
    const seen = async () => {
      const got: Buffer[] = [];
      const error = await rejection(store.read(cid, (c) => void got.push(Buffer.from(c))));
      return { error, got: Buffer.concat(got) };
    };
    const path = pathOf(manifest.blocks[1].cid);
    const original = await readFile(path);
    const flipped = Buffer.from(original);
    flipped[777] ^= 0x80;
    await writeFile(path, flipped);
    let { error, got } = await seen();
    expect(error).to.be.instanceOf(StorageBlockCorruptError);
    expect((error as StorageBlockCorruptError).details.block).to.equal("block 1");
    expect(got.equals(data.subarray(0, BLOCK_SIZE))).to.equal(true); // block 0 only
    // One byte more than the block: the file does not fit the block's size.
    await writeFile(path, Buffer.concat([original, Buffer.from([0])]));
    ({ error, got } = await seen());
    expect((error as StorageBlockCorruptError).details.block).to.equal("block 1");
    expect(got.length).to.equal(BLOCK_SIZE);
    await writeFile(path, original.subarray(0, 1000));
    ({ error } = await seen());
    expect((error as StorageBlockCorruptError).details.block).to.equal("block 1");
    await rm(path);
    ({ error } = await seen());
    expect(error).to.be.instanceOf(StorageBlockMissingError);
    expect((error as StorageBlockMissingError).details.block).to.equal("block 1");
    await writeFile(path, original);
    const whole: Buffer[] = [];
    await store.read(cid, (c) => void whole.push(Buffer.from(c)));
    expect(Buffer.concat(whole).equals(data)).to.equal(true);
    await store.close();
  });

  it("names a truncated block and a missing block", async () => {
    const { store, cid, manifest, pathOf } = await fresh("trunc");
    await truncate(pathOf(manifest.blocks[2].cid), 1000);
    const truncated = await rejection(collect(store.get(cid)));
    expect(truncated).to.be.instanceOf(StorageBlockCorruptError);
    expect((truncated as StorageBlockCorruptError).details.block).to.equal("block 2");
    await rm(pathOf(manifest.blocks[0].cid));
    const missing = await rejection(collect(store.get(cid)));
    expect(missing)
      .to.be.instanceOf(StorageBlockMissingError)
      .with.property("code", "STORE_BLOCK_MISSING");
    expect((missing as StorageBlockMissingError).details.block).to.equal("block 0");
    const report = await store.verify(cid);
    expect(report.problems.map((p) => [p.block, p.problem])).to.deep.equal([
      ["block 0", "missing"],
      ["block 2", "corrupt"],
    ]);
  });

  it("rejects a manifest whose bytes do not match its CID, and an unknown CID", async () => {
    const { store, cid, pathOf } = await fresh("manifest");
    const other = await store.put(pseudoRandomBytes(100, 5));
    await writeFile(pathOf(cid), await readFile(pathOf(other.cid)));
    const error = await rejection(store.stat(cid));
    expect(error).to.be.instanceOf(StorageBlockCorruptError);
    expect((error as StorageBlockCorruptError).details.block).to.equal("manifest");
    const unknown = "bafyreigbqvz4lade2bk6qkueofyt3zom5ifbhyitr7y64pfj4gr7nl7ul4";
    expect(await rejection(store.stat(unknown))).to.be.instanceOf(StorageBlockMissingError);
    const rawCid = (await store.put(new TextEncoder().encode("x"))).manifest.blocks[0].cid;
    expect(await rejection(store.stat(rawCid)))
      .to.be.instanceOf(StorageInputError)
      .with.property("code", "STORE_NOT_A_MANIFEST");
  });
});

describe("storage: replication over several nodes", () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  before(async () => ({ dir, cleanup } = await tempDir("repl")));
  after(() => cleanup());

  function nodes(n: number) {
    return Array.from(
      { length: n },
      (_, i) => new LocalDirBackend(join(dir, `node-${i}`), { id: `node-${i}` }),
    );
  }

  it("puts each block on exactly its R closest nodes and survives the loss of R-1 nodes", async () => {
    const backends = nodes(5);
    const store = createStore({ backends, replication: 3 });
    const data = pseudoRandomBytes(4 * BLOCK_SIZE + 1, 21);
    const { cid, manifest } = await store.put(data);
    const all = [cid, ...manifest.blocks.map((b) => b.cid), ...manifest.nodes];
    for (const text of all) {
      const placement = store.placement(text).map((b) => b.id);
      expect(placement).to.have.length(3);
      for (const backend of backends) {
        expect(await backend.has(CID.parse(text)), `${text} on ${backend.id}`).to.equal(
          placement.includes(backend.id),
        );
      }
    }
    // Every choice of R-1 = 2 lost nodes leaves the content readable.
    for (let a = 0; a < 5; a += 1) {
      for (let b = a + 1; b < 5; b += 1) {
        const survivors = backends.filter((_, i) => i !== a && i !== b);
        const lost = backends
          .filter((_, i) => i === a || i === b)
          .map((x) => new FaultyBackend(x, { hang: false }));
        // A lost node is one whose disk is gone: model it with an empty directory under the same id.
        const emptied = lost.map(
          (x) => new LocalDirBackend(join(dir, `empty-${a}-${b}-${x.id}`), { id: x.id }),
        );
        const degraded = createStore({ backends: [...survivors, ...emptied], replication: 3 });
        expect(
          (await collect(degraded.get(cid))).equals(data),
          `without nodes ${a} and ${b}`,
        ).to.equal(true);
      }
    }
  });

  it("verify reports lost copies and repair re-replicates them", async () => {
    const backends = nodes(4).map(
      (b, i) => new LocalDirBackend(join(dir, `r-node-${i}`), { id: b.id }),
    );
    const store = createStore({ backends, replication: 2 });
    const data = pseudoRandomBytes(2 * BLOCK_SIZE + 5, 22);
    const { cid } = await store.put(data);
    expect((await store.verify(cid)).ok).to.equal(true);
    await rm(backends[1].dir, { recursive: true, force: true }); // node 1 loses its disk
    const damaged = await store.verify(cid);
    expect(damaged.ok).to.equal(false);
    expect(damaged.readable).to.equal(true);
    expect(damaged.problems.length).to.be.greaterThan(0);
    expect(
      damaged.problems.every((p) => p.backend === "node-1" && p.problem === "missing"),
    ).to.equal(true);
    const repaired = await store.repair(cid);
    expect(repaired.repaired).to.equal(damaged.problems.length);
    expect(repaired.lost).to.deep.equal([]);
    expect((await store.verify(cid)).ok).to.equal(true);
  });

  it("reports a block lost on all R nodes as missing, naming it", async () => {
    const backends = nodes(3).map(
      (b, i) => new LocalDirBackend(join(dir, `m-node-${i}`), { id: b.id }),
    );
    const store = createStore({ backends, replication: 2 });
    const { cid, manifest } = await store.put(pseudoRandomBytes(BLOCK_SIZE + 1, 23));
    const victim = CID.parse(manifest.blocks[1].cid);
    for (const backend of backends) await backend.delete(victim);
    const error = await rejection(collect(store.get(cid)));
    expect(error).to.be.instanceOf(StorageBlockMissingError);
    expect((error as StorageBlockMissingError).details.block).to.equal("block 1");
    expect((await store.repair(cid)).lost).to.deep.equal([`block 1 (${victim})`]);
  });
});

describe("storage: slow backends and the cache", () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  before(async () => ({ dir, cleanup } = await tempDir("slow")));
  after(() => cleanup());

  it("falls back from a node that does not answer, and times out when none does", async () => {
    const a = new FaultyBackend(new LocalDirBackend(join(dir, "a"), { id: "a" }));
    const b = new FaultyBackend(new LocalDirBackend(join(dir, "b"), { id: "b" }));
    const store = createStore({ backends: [a, b], replication: 2, timeoutMs: 1500 });
    const data = pseudoRandomBytes(BLOCK_SIZE + 3, 31);
    const { cid } = await store.put(data);
    a.hang = true;
    expect((await collect(store.get(cid))).equals(data)).to.equal(true);
    b.hang = true;
    const error = await rejection(collect(store.get(cid)));
    expect(error)
      .to.be.instanceOf(StorageBackendTimeoutError)
      .with.property("code", "STORE_BACKEND_TIMEOUT");
  });

  it("fails a put on a node that does not answer without writing a manifest", async () => {
    const inner = new LocalDirBackend(join(dir, "c"), { id: "c" });
    const hanging = new FaultyBackend(inner, { hang: true });
    const store = createStore({ backends: [hanging], timeoutMs: 200 });
    const error = await rejection(store.put(pseudoRandomBytes(1000, 32)));
    expect(error).to.be.instanceOf(StorageBackendTimeoutError);
    const files = existsSync(join(dir, "c"))
      ? readdirSync(join(dir, "c"), { recursive: true })
      : [];
    expect(files.filter((f) => String(f).includes("baf"))).to.deep.equal([]);
  });

  it("serves repeated reads of a remote backend from the LRU cache", async () => {
    const remote = new FaultyBackend(new LocalDirBackend(join(dir, "r"), { id: "r" }), {
      remote: true,
    });
    const store = createStore({ backends: [remote], cacheBytes: 8 * BLOCK_SIZE });
    const data = pseudoRandomBytes(3 * BLOCK_SIZE, 33);
    const { cid } = await store.put(data);
    await collect(store.get(cid));
    const afterFirst = remote.gets;
    expect(afterFirst).to.equal(4); // manifest + 3 blocks
    expect((await collect(store.get(cid))).equals(data)).to.equal(true);
    expect(remote.gets).to.equal(afterFirst);
    const small = createStore({ backends: [remote], cacheBytes: BLOCK_SIZE });
    await collect(small.get(cid));
    await collect(small.get(cid));
    expect(remote.gets - afterFirst).to.be.greaterThan(4); // 1 MiB cannot hold the file: reads go through
  });

  it("never lends its cached arrays: a caller altering its chunks cannot change the next read", async () => {
    const remote = new FaultyBackend(new LocalDirBackend(join(dir, "m"), { id: "m" }), {
      remote: true,
    });
    const store = createStore({ backends: [remote], cacheBytes: 8 * BLOCK_SIZE });
    const data = pseudoRandomBytes(2 * BLOCK_SIZE + 5, 34);
    const { cid } = await store.put(data);
    for (let round = 0; round < 2; round++) {
      // round 0 fills the cache from the backend, round 1 is served from it
      for await (const chunk of store.get(cid)) (chunk as Uint8Array).fill(0);
    }
    const gets = remote.gets;
    expect((await collect(store.get(cid))).equals(data)).to.equal(true);
    expect(remote.gets).to.equal(gets); // still from the cache, and still the stored bytes
  });
});

describe("storage: read into reused memory over several nodes", () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  before(async () => ({ dir, cleanup } = await tempDir("readpool")));
  after(() => cleanup());

  it("falls back past a corrupt copy and caches its own copy of remote blocks", async () => {
    const a = new FaultyBackend(new LocalDirBackend(join(dir, "a"), { id: "a" }), {
      remote: true,
      paths: true,
    });
    const b = new FaultyBackend(new LocalDirBackend(join(dir, "b"), { id: "b" }), {
      remote: true,
      paths: true,
    });
    // concurrency 1: two buffers serve four blocks, so each is reused.
    const store = createStore({
      backends: [a, b],
      replication: 2,
      concurrency: 1,
      cacheBytes: 16 * BLOCK_SIZE,
    });
    const data = pseudoRandomBytes(3 * BLOCK_SIZE + 5, 41);
    const { cid, manifest } = await store.put(data);
    // Damage block 2 on the node a read tries first.
    const block2 = CID.parse(manifest.blocks[2].cid);
    const first = store.placement(block2)[0] === a ? a : b;
    const path = first.blockPath!(block2);
    const bytes = await readFile(path);
    bytes[5] ^= 1;
    await writeFile(path, bytes);
    const once = async () => {
      const got: Buffer[] = [];
      await store.read(cid, (chunk) => void got.push(Buffer.from(chunk)));
      return Buffer.concat(got);
    };
    expect((await once()).equals(data)).to.equal(true);
    expect(a.paths + b.paths).to.be.greaterThan(4); // the blocks came from the files
    // Read again: every block from the cache, which holds copies, not the reused buffers.
    const paths = a.paths + b.paths;
    const gets = a.gets + b.gets;
    expect((await once()).equals(data)).to.equal(true);
    expect(a.paths + b.paths).to.equal(paths);
    expect(a.gets + b.gets).to.equal(gets);
    await store.close();
  });

  it("never reuses a buffer a timed-out read may still fill", async function () {
    // Node a's copy of block 0 is a FIFO: the worker reading it blocks until the test writes
    // into it, long after the store timed out, fell back to node b and moved on.
    const a = new FaultyBackend(new LocalDirBackend(join(dir, "fa"), { id: "fa" }), {
      paths: true,
    });
    const b = new FaultyBackend(new LocalDirBackend(join(dir, "fb"), { id: "fb" }), {
      paths: true,
    });
    const store = createStore({ backends: [a, b], replication: 2, concurrency: 1, timeoutMs: 300 });
    const data = pseudoRandomBytes(3 * BLOCK_SIZE, 43);
    const { cid, manifest } = await store.put(data);
    const block0 = CID.parse(manifest.blocks[0].cid);
    const [first] = store.placement(block0) as FaultyBackend[];
    const fifo = join(dir, "fifo");
    expect(spawnSync("mkfifo", [fifo]).status).to.equal(0);
    const filePath = first.blockPath!;
    first.blockPath = (c) => (c.equals(block0) ? fifo : filePath(c));
    let released = false;
    const got: Buffer[] = [];
    await store.read(cid, async (chunk) => {
      if (!released) {
        // Let the stuck read finish now, writing garbage into the buffer it was given.
        released = true;
        const garbage = await open(fifo, "w");
        await garbage.write(Buffer.alloc(BLOCK_SIZE, 0xaa));
        await garbage.close();
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      got.push(Buffer.from(chunk)); // copied after the garbage landed somewhere
    });
    expect(released).to.equal(true);
    expect(Buffer.concat(got).equals(data)).to.equal(true);
    await store.close();
  });
});

describe("storage: Helia backend (in-process IPFS node)", () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  before(async () => ({ dir, cleanup } = await tempDir("helia")));
  after(() => cleanup());

  it("round-trips through Helia, and Helia's own UnixFS reader reads the file by its root CID", async () => {
    const backend = new HeliaBackend({ dir: join(dir, "node") });
    const store = createStore({ backends: [backend] });
    try {
      const data = pseudoRandomBytes(2 * BLOCK_SIZE + 777, 41);
      const { cid, manifest } = await store.put(data);
      expect((await collect(store.get(cid))).equals(data)).to.equal(true);
      const { unixfs } = await import("@helia/unixfs");
      const fs = unixfs(await backend.helia());
      expect(
        (await collect(fs.cat(CID.parse(manifest.root), { offline: true }))).equals(data),
      ).to.equal(true);
      expect(await backend.has(CID.parse(manifest.blocks[0].cid))).to.equal(true);
      expect((await store.verify(cid)).ok).to.equal(true);
    } finally {
      await store.close();
    }
  });

  it("deletes blocks from Helia's blockstore; a copy lost there is repaired from the local node", async () => {
    const helia = new HeliaBackend({ dir: join(dir, "node-repair") });
    const store = createStore({
      backends: [new LocalDirBackend(join(dir, "local-repair")), helia],
    });
    try {
      const data = pseudoRandomBytes(BLOCK_SIZE + 123, 42);
      const { cid, manifest } = await store.put(data);
      const block = CID.parse(manifest.blocks[1].cid);
      expect(await helia.has(block)).to.equal(true);
      await helia.delete(block);
      await helia.delete(block); // deleting what is not there is no error
      expect(await helia.has(block)).to.equal(false);
      expect(await helia.get(block)).to.equal(undefined);
      const damaged = await store.verify(cid);
      expect(damaged.ok).to.equal(false);
      expect(damaged.problems).to.have.length(1);
      const repaired = await store.repair(cid);
      expect(repaired.repaired).to.equal(1);
      expect(repaired.lost).to.deep.equal([]);
      expect(await helia.has(block)).to.equal(true);
      expect((await store.verify(cid)).ok).to.equal(true);
      expect((await collect(store.get(cid))).equals(data)).to.equal(true);
    } finally {
      await store.close();
    }
  });
});

describe("storage: VideoCells", function () {
  let dir: string;
  let cleanup: () => Promise<void>;
  before(async function () {
    if (!(await ffmpegAvailable())) {
      if (mayskip()) {
        console.log(
          "    (ffmpeg is not installed: skipping VideoCell tests; apt-get install ffmpeg to run them)",
        );
        this.skip();
      }
      throw new Error("ffmpeg is required in CI for the VideoCell tests");
    }
    ({ dir, cleanup } = await tempDir("cells"));
  });
  after(() => cleanup?.());

  it("cuts the fixture videos into playable cells with contiguous time ranges and SHA-256", async () => {
    const store = createStore({ dir: join(dir, "store") });
    for (const name of readdirSync(videos).filter((f) => f.endsWith(".mp4"))) {
      const file = join(videos, name);
      const { cid, manifest } = await store.put(file, { cellSeconds: 2 });
      expect(manifest.mediaType).to.equal("video/mp4");
      expect((await collect(store.get(cid))).equals(readFileSync(file)), name).to.equal(true);
      expect(manifest.cells.length, name).to.be.greaterThan(1);
      const duration = Number(
        ffprobe(file, ["-show_entries", "format=duration", "-of", "csv=p=0"]),
      );
      expect(manifest.cells[0].startSeconds).to.be.closeTo(0, 0.1);
      expect(manifest.cells.at(-1)!.endSeconds).to.be.closeTo(duration, 0.5);
      for (const cell of manifest.cells) {
        if (cell.index > 0)
          expect(cell.startSeconds).to.be.closeTo(manifest.cells[cell.index - 1].endSeconds, 1e-6);
        // Cell i starts on the first keyframe at or after i x cellSeconds.
        expect(cell.startSeconds).to.be.at.least(cell.index * 2 - 0.05);
        const bytes = await collect(store.getCell(cid, cell.index));
        expect(bytes.length).to.equal(cell.size);
        // The same cell through `read` (reused memory), whole and a range inside it.
        const parts: Buffer[] = [];
        await store.read(cid, (c) => void parts.push(Buffer.from(c)), { cell: cell.index });
        expect(Buffer.concat(parts).equals(bytes), `${name} cell ${cell.index}`).to.equal(true);
        const inner: Buffer[] = [];
        await store.read(cid, (c) => void inner.push(Buffer.from(c)), {
          cell: cell.index,
          offset: 3,
          length: 1000,
        });
        expect(Buffer.concat(inner).equals(bytes.subarray(3, 1003))).to.equal(true);
        const { createHash } = await import("node:crypto");
        expect(createHash("sha256").update(bytes).digest("hex")).to.equal(cell.sha256);
        if (!["chair-19-sd-bar.mp4", "doorknob-hd-no-bar.mp4"].includes(name)) continue; // ffprobe is slow: two clips
        const cellFile = join(dir, `${basename(name, ".mp4")}-${cell.index}.mp4`);
        await writeFile(cellFile, bytes);
        // Plays on its own: ffprobe decodes it, its first video frame is a keyframe, and its video
        // lasts as long as its time range says.
        const probe = ffprobe(cellFile, [
          "-select_streams",
          "v:0",
          "-read_intervals",
          "%+#1",
          "-show_entries",
          "stream=duration:frame=key_frame",
          "-of",
          "default=nw=1",
        ]);
        const field = (key: string) =>
          /^(.*)=(.*)$/m.exec(
            probe.split("\n").filter((l) => l.startsWith(`${key}=`))[0] ?? "",
          )?.[2];
        expect(field("key_frame"), `${name} cell ${cell.index}`).to.equal("1");
        expect(Number(field("duration")), `${name} cell ${cell.index}`).to.be.closeTo(
          cell.endSeconds - cell.startSeconds,
          0.25,
        );
      }
    }
    const error = await rejection(
      collect(
        store.getCell(
          (await store.put(join(videos, "chair-19-sd-bar.mp4"), { cellSeconds: 2 })).cid,
          999,
        ),
      ),
    );
    expect(error).to.be.instanceOf(StorageInputError).with.property("code", "STORE_NO_SUCH_CELL");
  });

  it("cuts a 130 s clip into 1-minute cells by default", async () => {
    const clip = join(dir, "long.mp4");
    const made = spawnSync(
      "ffmpeg",
      [
        "-v",
        "error",
        "-f",
        "lavfi",
        "-i",
        "testsrc=size=96x64:rate=5",
        "-t",
        "130",
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        "-g",
        "25",
        "-pix_fmt",
        "yuv420p",
        clip,
      ],
      { encoding: "utf8" },
    );
    expect(made.status, made.stderr).to.equal(0);
    const store = createStore({ dir: join(dir, "long-store") });
    const { manifest } = await store.put(clip);
    expect(manifest.cellSeconds).to.equal(60);
    expect(
      manifest.cells.map((c) => [Math.round(c.startSeconds), Math.round(c.endSeconds)]),
    ).to.deep.equal([
      [0, 60],
      [60, 120],
      [120, 130],
    ]);
  });

  it("cuts cells from a video that arrives as a stream (spooled for ffmpeg, then removed)", async () => {
    const store = createStore({ dir: join(dir, "stream") });
    const file = join(videos, "doorknob-hd-no-bar.mp4");
    const fromPath = await store.put(file, { cellSeconds: 2 });
    const fromStream = await store.put(createReadStream(file), {
      mediaType: "video/mp4",
      cellSeconds: 2,
    });
    expect(fromStream.manifest.cells.length).to.equal(2);
    expect(fromStream.cid).to.equal(fromPath.cid);
    expect(readdirSync(tmpdir()).filter((f) => f.startsWith("auteur-put-"))).to.deep.equal([]);
  });

  it("stores a non-video file without cells and a video without cells when asked", async () => {
    const store = createStore({ dir: join(dir, "nocells") });
    const { manifest } = await store.put(join(videos, "chair-19-sd-bar.mp4"), { cells: false });
    expect(manifest.cells).to.deep.equal([]);
    expect(manifest.cellSeconds).to.equal(0);
  });

  it("names the file when ffmpeg cannot cut it", async () => {
    const store = createStore({ dir: join(dir, "broken") });
    const fake = join(dir, "fake.mp4");
    await writeFile(fake, pseudoRandomBytes(5000, 9));
    const error = await rejection(store.put(fake));
    expect(error).to.have.property("code", "STORE_CELL_CUT_FAILED");
  });
});
