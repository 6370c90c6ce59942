import { expect } from "chai";
import fc from "fast-check";
import { AuteurInputError } from "../../errors.js";
import { HammingIndex } from "./HammingIndex.js";
import { hashToWords, popcount32 } from "./bits.js";

/** Brute-force reference: every live (id, hash) within `r` of `q`, sorted like the index. */
function bruteForce(entries: Map<number, Uint32Array>, q: Uint32Array, r: number) {
  const out: { id: number; distance: number }[] = [];
  for (const [id, words] of entries) {
    let d = 0;
    for (let k = 0; k < words.length; k++) d += popcount32((words[k] ^ q[k]) >>> 0);
    if (d <= r) out.push({ id, distance: d });
  }
  return out.sort((a, b) => a.distance - b.distance || a.id - b.id);
}

/** A hash near `base`: `flips` bit positions toggled. */
function flip(base: Uint32Array, flips: number[]): Uint32Array {
  const out = base.slice();
  for (const bit of flips) out[bit >>> 5] ^= 1 << (31 - (bit & 31));
  return out;
}

function toBytes(words: Uint32Array): Uint8Array {
  const b = new Uint8Array(words.length * 4);
  for (let k = 0; k < words.length; k++) {
    b[4 * k] = words[k] >>> 24;
    b[4 * k + 1] = (words[k] >>> 16) & 255;
    b[4 * k + 2] = (words[k] >>> 8) & 255;
    b[4 * k + 3] = words[k] & 255;
  }
  return b;
}

/** Operations run against the index and a Map at the same time. */
type Op =
  | { kind: "add"; seed: number; flips: number[] }
  | { kind: "delete"; pick: number }
  | { kind: "reinsert"; pick: number; seed: number; flips: number[] }
  | { kind: "compact" };

function opArb(bits: number): fc.Arbitrary<Op> {
  const flips = fc.array(fc.integer({ min: 0, max: bits - 1 }), {
    maxLength: bits === 64 ? 14 : 40,
  });
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({ kind: fc.constant("add" as const), seed: fc.nat(7), flips }),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("delete" as const), pick: fc.nat() }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant("reinsert" as const),
        pick: fc.nat(),
        seed: fc.nat(7),
        flips,
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("compact" as const) }) },
  );
}

for (const bits of [64, 256]) {
  describe(`HammingIndex (${bits}-bit)`, function () {
    const W = bits / 32;
    const seedsArb = fc.array(
      fc.array(fc.nat({ max: 0xffffffff }), { minLength: W, maxLength: W }),
      {
        minLength: 8,
        maxLength: 8,
      },
    );

    it("returns exactly the brute-force answer after random inserts, deletes and reinserts", function () {
      fc.assert(
        fc.property(
          seedsArb,
          fc.array(opArb(bits), { minLength: 1, maxLength: 120 }),
          fc.array(
            fc.record({
              seed: fc.nat(7),
              flips: fc.array(fc.integer({ min: 0, max: bits - 1 }), { maxLength: bits / 4 }),
              r: fc.integer({ min: 0, max: bits === 64 ? 24 : 80 }),
            }),
            { minLength: 1, maxLength: 10 },
          ),
          (seedWords, ops, queries) => {
            const seeds = seedWords.map((s) => Uint32Array.from(s));
            const index = new HammingIndex({ bits });
            const model = new Map<number, Uint32Array>();
            for (const op of ops) {
              if (op.kind === "add") {
                const h = flip(seeds[op.seed], op.flips);
                const id = index.add(toBytes(h));
                model.set(id, h);
              } else if (op.kind === "delete") {
                const ids = [...model.keys()];
                if (ids.length === 0) continue;
                const id = ids[op.pick % ids.length];
                expect(index.delete(id)).to.equal(true);
                model.delete(id);
                expect(index.delete(id)).to.equal(false);
              } else if (op.kind === "reinsert") {
                const id = op.pick % (index.nextId + 1);
                if (model.has(id)) continue;
                const h = flip(seeds[op.seed], op.flips);
                index.insert(id, toBytes(h));
                model.set(id, h);
              } else {
                index.compact();
              }
            }
            expect(index.size).to.equal(model.size);
            for (const q of queries) {
              const qw = flip(seeds[q.seed], q.flips);
              const expected = bruteForce(model, qw, q.r);
              expect(index.query(toBytes(qw), q.r, { strategy: "probe" })).to.deep.equal(expected);
              expect(index.query(toBytes(qw), q.r, { strategy: "scan" })).to.deep.equal(expected);
              expect(index.query(toBytes(qw), q.r)).to.deep.equal(expected);
            }
          },
        ),
        { numRuns: 60 },
      );
    });

    it("is exact at every radius on a bulk-built index", function () {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 2 ** 31 - 1 }),
          fc.integer({ min: 0, max: bits === 64 ? 20 : 70 }),
          (seed, r) => {
            // Deterministic pseudo-random clusters from the seed (xorshift).
            let x = seed;
            const next = () => {
              x ^= x << 13;
              x ^= x >>> 17;
              x ^= x << 5;
              return x >>> 0;
            };
            const centres = Array.from({ length: 5 }, () => Uint32Array.from({ length: W }, next));
            const n = 2000;
            const words = new Uint32Array(n * W);
            const model = new Map<number, Uint32Array>();
            for (let i = 0; i < n; i++) {
              const flips = Array.from({ length: next() % (bits / 3) }, () => next() % bits);
              const h =
                i % 3 === 0 ? Uint32Array.from({ length: W }, next) : flip(centres[i % 5], flips);
              words.set(h, i * W);
              model.set(i, h);
            }
            const index = HammingIndex.fromWords(bits, words);
            for (let k = 0; k < 5; k++) {
              const q = flip(centres[k], [next() % bits, next() % bits]);
              const expected = bruteForce(model, q, r);
              expect(index.query(toBytes(q), r, { strategy: "probe" })).to.deep.equal(expected);
              expect(index.query(toBytes(q), r)).to.deep.equal(expected);
            }
          },
        ),
        { numRuns: 15 },
      );
    });
  });
}

describe("HammingIndex API", function () {
  it("accepts bigint, hex and bytes for the same 64-bit hash", function () {
    const index = new HammingIndex({ bits: 64 });
    const id = index.add(0xd1c43b2a9f0e7c61n);
    expect(index.get(id)).to.equal("d1c43b2a9f0e7c61");
    expect(index.query("d1c43b2a9f0e7c60", 1)).to.deep.equal([{ id, distance: 1 }]);
    expect(index.query(toBytes(hashToWords(0xd1c43b2a9f0e7c61n, 64)), 0)).to.deep.equal([
      { id, distance: 0 },
    ]);
    expect(index.query(0x2e3bc4d560f1839en, 63)).to.deep.equal([]);
    expect(index.query(0x2e3bc4d560f1839en, 64)).to.deep.equal([{ id, distance: 64 }]);
  });

  it("rejects bad hashes, ids and radii with typed errors", function () {
    const index = new HammingIndex({ bits: 64 });
    index.insert(3, 1n);
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        expect(e).to.be.instanceOf(AuteurInputError);
        return (e as AuteurInputError).code;
      }
      throw new Error("expected an error");
    };
    expect(code(() => index.add(1n << 64n))).to.equal("HASH_INVALID");
    expect(code(() => index.add(-1n))).to.equal("HASH_INVALID");
    expect(code(() => index.add("abc"))).to.equal("HASH_INVALID");
    expect(code(() => index.add(new Uint8Array(32)))).to.equal("HASH_INVALID");
    expect(code(() => index.insert(3, 2n))).to.equal("SIMILARITY_ID_TAKEN");
    expect(code(() => index.insert(-1, 2n))).to.equal("SIMILARITY_ID_INVALID");
    expect(code(() => index.insert(1.5, 2n))).to.equal("SIMILARITY_ID_INVALID");
    expect(code(() => index.query(1n, -1))).to.equal("SIMILARITY_RADIUS_INVALID");
    expect(code(() => new HammingIndex({ bits: 48 }))).to.equal("SIMILARITY_BITS_INVALID");
    // Nothing was half-written by the failed calls.
    expect(index.size).to.equal(1);
    expect([...index.ids()]).to.deep.equal([3]);
    expect(index.nextId).to.equal(4);
    expect(index.add(5n)).to.equal(4);
  });

  it("keeps the answers exact across the automatic merge of pending inserts", function () {
    const index = new HammingIndex({ bits: 64 });
    const model = new Map<number, Uint32Array>();
    let x = 12345;
    const next = () => {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      return x;
    };
    const centre = Uint32Array.of(next(), next());
    for (let i = 0; i < 2500; i++) {
      const h = flip(centre, [next() % 64, next() % 64, next() % 64, next() % 64]);
      model.set(index.add(toBytes(h)), h);
      if (i % 7 === 0) {
        index.delete(i >>> 1);
        model.delete(i >>> 1);
      }
    }
    for (const r of [0, 2, 5, 9]) {
      const q = flip(centre, [1, 40]);
      expect(index.query(toBytes(q), r, { strategy: "probe" })).to.deep.equal(
        bruteForce(model, q, r),
      );
    }
  });
});
