import { expect } from "chai";
import fc from "fast-check";
import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AuteurError } from "../../errors.js";
import { HammingIndex } from "./HammingIndex.js";
import { deserializeIndex, loadIndex, saveIndex, serializeIndex } from "./persist.js";

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).to.be.instanceOf(AuteurError);
    return (e as AuteurError).code;
  }
  throw new Error("expected an error");
}

describe("similarity index persistence", function () {
  let dir: string;
  before(async function () {
    dir = await mkdtemp(join(tmpdir(), "auteur-sim-"));
  });
  after(async function () {
    await rm(dir, { recursive: true, force: true });
  });

  for (const bits of [64, 256]) {
    it(`round-trips a ${bits}-bit index with deletions: same ids, hashes and answers`, function () {
      fc.assert(
        fc.property(
          fc.array(fc.uint8Array({ minLength: bits / 8, maxLength: bits / 8 }), { maxLength: 60 }),
          fc.array(fc.nat(), { maxLength: 20 }),
          (hashes, deletions) => {
            const index = new HammingIndex({ bits });
            for (const h of hashes) index.add(h);
            for (const d of deletions) index.delete(d % (hashes.length + 1));
            const bytes = serializeIndex(index);
            expect(bytes.length).to.equal(24 + index.size * (4 + bits / 8) + 4);
            const back = deserializeIndex(bytes);
            expect(back.bits).to.equal(bits);
            expect(back.size).to.equal(index.size);
            expect(back.nextId).to.equal(index.nextId);
            expect([...back.ids()]).to.deep.equal([...index.ids()]);
            for (const id of index.ids()) expect(back.get(id)).to.equal(index.get(id));
            for (const h of hashes.slice(0, 5)) {
              expect(back.query(h, bits / 8)).to.deep.equal(index.query(h, bits / 8));
            }
          },
        ),
        { numRuns: 40 },
      );
    });
  }

  it("saves atomically and loads from disk", async function () {
    const index = new HammingIndex({ bits: 64 });
    index.insert(7, 0xffn);
    index.insert(2, 0x0fn);
    const path = join(dir, "a.idx");
    await saveIndex(index, path);
    expect((await readdir(dir)).filter((f) => f.includes(".tmp-"))).to.deep.equal([]);
    const back = await loadIndex(path);
    // 0xfe differs from 0xff in 1 bit and from 0x0f in 5 bits (0xf1).
    expect(back.query(0xfen, 5)).to.deep.equal([
      { id: 7, distance: 1 },
      { id: 2, distance: 5 },
    ]);
    expect(back.query(0xfen, 4)).to.deep.equal([{ id: 7, distance: 1 }]);
    expect(back.nextId).to.equal(8);
  });

  it("rejects every truncation of a valid file", async function () {
    const index = HammingIndex.from(64, [1n, 2n, 3n]);
    const bytes = serializeIndex(index);
    for (let len = 0; len < bytes.length; len++) {
      expect(codeOf(() => deserializeIndex(bytes.subarray(0, len)))).to.equal(
        "SIMILARITY_INDEX_CORRUPT",
      );
    }
    const longer = new Uint8Array(bytes.length + 1);
    longer.set(bytes);
    expect(codeOf(() => deserializeIndex(longer))).to.equal("SIMILARITY_INDEX_CORRUPT");
  });

  it("detects any single flipped bit (checksum, magic, header)", function () {
    const index = HammingIndex.from(64, [0x0123456789abcdefn, 42n]);
    const bytes = serializeIndex(index);
    for (let bit = 0; bit < bytes.length * 8; bit++) {
      const bad = bytes.slice();
      bad[bit >>> 3] ^= 1 << (bit & 7);
      const code = codeOf(() => deserializeIndex(bad));
      expect(["SIMILARITY_INDEX_CORRUPT", "SIMILARITY_INDEX_VERSION"]).to.include(code);
    }
  });

  it("names the file and the fix when loading a damaged or missing file", async function () {
    const path = join(dir, "bad.idx");
    const good = serializeIndex(HammingIndex.from(64, [5n]));
    await writeFile(path, good.subarray(0, good.length - 3));
    try {
      await loadIndex(path);
      expect.fail("expected an error");
    } catch (e) {
      expect(e).to.be.instanceOf(AuteurError);
      const err = e as AuteurError;
      expect(err.code).to.equal("SIMILARITY_INDEX_CORRUPT");
      expect(err.message).to.match(/truncated/);
      expect(err.details.file).to.equal(path);
      expect(err.hints.join(" ")).to.match(/rebuild/);
    }
    try {
      await loadIndex(join(dir, "missing.idx"));
      expect.fail("expected an error");
    } catch (e) {
      expect((e as AuteurError).code).to.equal("SIMILARITY_INDEX_READ");
    }
    // The damaged file is left as it was.
    expect((await readFile(path)).length).to.equal(good.length - 3);
  });

  it("reports an unknown format version separately", function () {
    const bytes = serializeIndex(HammingIndex.from(64, [5n]));
    const bad = bytes.slice();
    bad[8] = 9;
    expect(codeOf(() => deserializeIndex(bad))).to.equal("SIMILARITY_INDEX_VERSION");
  });
});
