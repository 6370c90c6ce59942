import { expect } from "chai";
import fc from "fast-check";
import { createHash } from "node:crypto";

import { chunkStream } from "./chunker.js";
import { BLOCK_SIZE } from "./cid.js";
import { StorageManifestError } from "./errors.js";
import { importContent } from "./importContent.js";
import { ByteLru } from "./lru.js";
import {
  decodeManifest,
  encodeManifest,
  manifestCid,
  MANIFEST_FORMAT,
  type Manifest,
} from "./manifest.js";
import { byDistance, closestNodes, compareDistance, nodeKey, xorDistance } from "./placement.js";

/** Deterministic bytes of a given size from a seed (fast to make, different per seed). */
function bytesOf(size: number, seed: number): Uint8Array {
  const words = new Uint32Array(Math.ceil(size / 4));
  let x = (seed ^ 0x9e3779b9) >>> 0 || 1;
  for (let i = 0; i < words.length; i += 1) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[i] = x >>> 0;
  }
  return new Uint8Array(words.buffer, 0, size);
}

function split(data: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
  const parts: Uint8Array[] = [];
  let at = 0;
  for (const p of points) {
    parts.push(data.subarray(at, p));
    at = p;
  }
  parts.push(data.subarray(at));
  return parts;
}

async function manifestOf(data: Uint8Array, cuts: number[]) {
  const written = new Map<string, Uint8Array>();
  const c = await importContent(split(data, cuts), {
    write: async (cid, bytes) => void written.set(cid.toString(), bytes),
  });
  const manifest: Manifest = {
    format: MANIFEST_FORMAT,
    mediaType: "application/octet-stream",
    size: c.size,
    sha256: c.sha256,
    blockSize: BLOCK_SIZE,
    root: c.root.toString(),
    blocks: c.blocks,
    nodes: c.nodes.map(String),
    cellSeconds: 0,
    cells: [],
  };
  return { manifest, written };
}

describe("storage: chunk and manifest round trip (property-based)", () => {
  it("chunkStream yields blocks of exactly the size, whatever the input split", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 0, maxLength: 600 }),
        fc.array(fc.nat(600)),
        fc.integer({ min: 1, max: 97 }),
        async (data, cuts, size) => {
          const blocks: Uint8Array[] = [];
          for await (const b of chunkStream(split(data, cuts), size))
            blocks.push(Uint8Array.from(b));
          expect(Buffer.concat(blocks).equals(Buffer.from(data))).to.equal(true);
          blocks.forEach((b, i) => {
            if (i < blocks.length - 1) expect(b.length).to.equal(size);
            else expect(b.length).to.be.within(1, size);
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it("content -> blocks -> manifest -> bytes -> manifest -> content is the identity", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.integer({ min: 1, max: 4096 }),
          fc.integer({ min: BLOCK_SIZE - 2, max: BLOCK_SIZE + 2 }),
          fc.integer({ min: 1, max: 3 * BLOCK_SIZE + 17 }),
        ),
        fc.nat(),
        fc.array(fc.nat(), { maxLength: 6 }),
        async (size, seed, cuts) => {
          const data = bytesOf(size, seed);
          const { manifest, written } = await manifestOf(data, cuts);
          const bytes = encodeManifest(manifest);
          const decoded = decodeManifest(bytes);
          expect(decoded).to.deep.equal(manifest);
          // Same bytes, however they arrive, give the same manifest CID.
          const again = await manifestOf(data, []);
          expect(manifestCid(encodeManifest(again.manifest)).toString()).to.equal(
            manifestCid(bytes).toString(),
          );
          const joined = Buffer.concat(decoded.blocks.map((b) => written.get(b.cid)!));
          expect(joined.equals(Buffer.from(data))).to.equal(true);
          expect(decoded.sha256).to.equal(createHash("sha256").update(data).digest("hex"));
          for (const b of decoded.blocks)
            expect(createHash("sha256").update(written.get(b.cid)!).digest("hex")).to.equal(
              b.sha256,
            );
        },
      ),
      { numRuns: 15 },
    );
  });

  it("rejects manifests whose hashes or sizes do not add up", async () => {
    const { manifest } = await manifestOf(bytesOf(BLOCK_SIZE + 10, 1), []);
    const wrongHash = structuredClone(manifest);
    wrongHash.blocks[1].sha256 = "0".repeat(64);
    expect(() => encodeManifest(wrongHash)).to.not.throw(); // encoding stores what it is given...
    expect(() => decodeManifest(encodeManifest(wrongHash))).to.throw(
      StorageManifestError,
      /CID and SHA-256 disagree/,
    );
    const wrongSize = structuredClone(manifest);
    wrongSize.size += 1;
    expect(() => encodeManifest(wrongSize)).to.throw(StorageManifestError, /add up/);
    const swapped = structuredClone(manifest);
    swapped.blocks.reverse();
    expect(() => encodeManifest(swapped)).to.throw(StorageManifestError);
    expect(() => decodeManifest(new Uint8Array([1, 2, 3]))).to.throw(StorageManifestError);
  });
});

describe("storage: replica placement by XOR distance (property-based)", () => {
  const ids = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), {
    minLength: 1,
    maxLength: 12,
  });
  const key = fc.uint8Array({ minLength: 32, maxLength: 32 });

  it("picks the R nodes closest to the key, whatever the order of the node list", () => {
    fc.assert(
      fc.property(ids, key, fc.integer({ min: 1, max: 5 }), (names, k, r) => {
        const nodes = names.map((id) => ({ id }));
        const chosen = closestNodes(k, nodes, r);
        expect(chosen).to.have.length(Math.min(r, nodes.length));
        expect(new Set(chosen.map((n) => n.id)).size).to.equal(chosen.length);
        const worst = chosen
          .map((n) => xorDistance(k, nodeKey(n.id)))
          .sort(compareDistance)
          .at(-1)!;
        for (const other of nodes.filter((n) => !chosen.includes(n))) {
          expect(compareDistance(xorDistance(k, nodeKey(other.id)), worst)).to.be.greaterThan(0);
        }
        const shuffled = [...nodes].reverse();
        expect(closestNodes(k, shuffled, r).map((n) => n.id)).to.deep.equal(
          chosen.map((n) => n.id),
        );
      }),
      { numRuns: 300 },
    );
  });

  it("moves no block when a node outside its placement leaves or a far node joins", () => {
    fc.assert(
      fc.property(ids, key, fc.integer({ min: 1, max: 4 }), (names, k, r) => {
        const nodes = names.map((id) => ({ id }));
        const order = byDistance(k, nodes);
        const chosen = order.slice(0, r).map((n) => n.id);
        const without = nodes.filter((n) => n.id !== order.at(-1)!.id || order.length <= r);
        expect(closestNodes(k, without, r).map((n) => n.id)).to.deep.equal(chosen);
      }),
      { numRuns: 300 },
    );
  });
});

describe("storage: LRU cache", () => {
  it("evicts least recently used entries to stay within its byte budget", () => {
    const lru = new ByteLru(10);
    lru.set("a", new Uint8Array(4));
    lru.set("b", new Uint8Array(4));
    expect(lru.get("a")).to.have.length(4); // a is now most recent
    lru.set("c", new Uint8Array(4)); // evicts b
    expect(lru.has("b")).to.equal(false);
    expect(lru.has("a") && lru.has("c")).to.equal(true);
    expect(lru.bytes).to.equal(8);
    lru.set("big", new Uint8Array(11)); // larger than the cache: not stored
    expect(lru.has("big")).to.equal(false);
    expect(() => new ByteLru(-1)).to.throw(RangeError);
  });

  it("never holds more than its budget (property-based)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 64 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 30 }))),
        (max, ops) => {
          const lru = new ByteLru(max);
          for (const [k, size] of ops) {
            lru.set(String(k), new Uint8Array(size));
            expect(lru.bytes).to.be.at.most(max);
            if (size <= max) expect(lru.get(String(k))).to.have.length(size);
          }
        },
      ),
    );
  });
});
