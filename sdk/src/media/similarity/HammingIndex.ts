/**
 * An exact Hamming-space index: every stored hash within distance `d` of a query, with no misses.
 *
 * Multi-index hashing (Norouzi, Punjani & Fleet, "Fast search in Hamming space with multi-index
 * hashing", CVPR 2012): a `b`-bit hash is cut into `m` substrings and each substring keys its own
 * table. If two hashes differ in at most `r` bits, then with `r = m * q + a` (0 <= a < m) one of
 * the first `a + 1` substrings differs in at most `q` bits or one of the others in at most `q - 1`
 * bits (otherwise the total would be at least `(a + 1)(q + 1) + (m - a - 1) q = r + 1`). A query
 * probes, in each table, every bucket within that table's radius of the query's substring,
 * verifies the candidates, and so returns exactly the stored hashes within `r`. When probing would
 * cost more than a scan (large radii), the query scans instead: same answer.
 *
 * Layouts:
 * - 64-bit hashes: 5 substrings (13, 13, 13, 13, 12 bits). Beside each entry's id a table keeps the
 *   32 bits that follow its key, so most candidates are rejected inside the bucket (a lower bound of
 *   their distance from 45 bits) without touching the hash itself. About 50 bytes per hash.
 * - other lengths (256-bit PDQ): `bits / 16` substrings of 16 bits; entries hold ids only.
 *
 * Each table is a compressed bucket array (offsets + entries). Inserts since the last build go to
 * small per-table bucket maps and are merged (the tables rebuilt) once they exceed a quarter of the
 * built entries, so a long run of inserts costs amortised O(m) each. Deletes clear the id's
 * liveness byte; the next rebuild drops the entry.
 *
 * Ids are non-negative integers chosen by the caller (`insert`) or handed out in order (`add`).
 * Storage grows with the largest id, so use dense ids (registry work ids, row numbers).
 *
 * @example
 * ```ts
 * import { HammingIndex } from "@auteur/sdk/similarity";
 * const index = new HammingIndex({ bits: 64 });
 * const id = index.add(0xd1c43b2a9f0e7c61n);
 * index.query(0xd1c43b2a9f0e7c60n, 10); // [{ id, distance: 1 }]
 * ```
 */
import { AuteurInputError } from "../../errors.js";
import { type HashInput, wordsToHex, writeHashWords } from "./bits.js";

/**
 * Local copy of the population count: hot loops call it millions of times, and a module-local
 * function is inlined where an imported binding may be reached through an accessor.
 */
function popcount32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** One answer of {@link HammingIndex.query}. */
export type Neighbour = { id: number; distance: number };

/** Options of {@link HammingIndex.query}. */
export type QueryOptions = {
  /**
   * `auto` (default) probes the tables unless a scan is cheaper; `probe` and `scan` force one
   * (both give the same answer; tests and benchmarks use them to check and measure each path).
   */
  strategy?: "auto" | "probe" | "scan";
};

/** Options of the {@link HammingIndex} constructor. */
export type HammingIndexOptions = {
  /** Hash length in bits: a multiple of 32 from 32 to 1024 (64 for pHash, 256 for PDQ). */
  bits: number;
};

/** Largest id the index accepts (ids index typed arrays). */
export const MAX_ID = 0x7ffffffe;

const MAX_SUB = 16;

/**
 * All masks of `len` bits ordered by popcount (per `len` from 1 to 16), and `end[w]` = number of
 * masks with popcount <= w.
 */
const MASKS: { masks: Uint16Array; end: Uint32Array }[] = [];
for (let len = 0; len <= MAX_SUB; len++) {
  const size = 1 << len;
  const counts = new Uint32Array(MAX_SUB + 2);
  for (let v = 0; v < size; v++) counts[popcount32(v) + 1]++;
  for (let w = 1; w <= MAX_SUB + 1; w++) counts[w] += counts[w - 1];
  const end = new Uint32Array(MAX_SUB + 1);
  for (let w = 0; w <= MAX_SUB; w++) end[w] = counts[w + 1];
  const fill = counts.slice();
  const masks = new Uint16Array(size);
  for (let v = 0; v < size; v++) masks[fill[popcount32(v)]++] = v;
  MASKS.push({ masks, end });
}

/** `len` bits of a big-endian word array starting at bit `start` (bit 0 = top bit of word 0). */
function bitsAt(src: Uint32Array, o: number, start: number, len: number, words: number): number {
  const w = start >>> 5;
  const off = start & 31;
  let v = src[o + w] << off;
  if (off !== 0 && w + 1 < words) v |= src[o + w + 1] >>> (32 - off);
  return (v >>> (32 - len)) >>> 0;
}

/** 32 bits of a 64-bit hash (two words) starting at bit `p`, wrapping around. */
function rotated32(hi: number, lo: number, p: number): number {
  if (p >= 32) {
    const t = hi;
    hi = lo;
    lo = t;
    p -= 32;
  }
  return p === 0 ? hi >>> 0 : ((hi << p) | (lo >>> (32 - p))) >>> 0;
}

/** The exact multi-index-hashing index. See the module documentation. */
export class HammingIndex {
  /** Hash length in bits. */
  readonly bits: number;
  /** 32-bit words per hash. */
  readonly words: number;
  /** Number of substring tables. */
  readonly tables: number;

  private readonly _starts: number[];
  private readonly _lens: number[];
  /** 64-bit layout: tables keep 32 more bits of each entry (see the module documentation). */
  private readonly _inline: boolean;

  private _hashes: Uint32Array = new Uint32Array(0);
  private _alive: Uint8Array = new Uint8Array(0);
  private _capacity = 0;
  private _nextId = 0;
  private _size = 0;

  /** Built tables: per table `2^len + 1` offsets (at `_offsetBase[t]`), entries at `t * built`. */
  private _offsetBase: number[] = [];
  private _offsets: Uint32Array = new Uint32Array(0);
  private _slots: Uint32Array = new Uint32Array(0);
  private _slotBits: Uint32Array = new Uint32Array(0);
  private _built = 0;
  /** Ids inserted since the last build, bucketed per table. */
  private _pendingCount = 0;
  private _pendingBuckets: Map<number, number[]>[] = [];

  constructor(options: HammingIndexOptions) {
    const bits = options.bits;
    if (!Number.isInteger(bits) || bits < 32 || bits > 1024 || bits % 32 !== 0) {
      throw new AuteurInputError(
        "SIMILARITY_BITS_INVALID",
        `Unsupported hash length: ${bits} bits`,
        {
          details: { bits },
          hints: ["use 64 for pHash or 256 for PDQ (any multiple of 32 up to 1024 works)"],
        },
      );
    }
    this.bits = bits;
    this.words = bits >>> 5;
    this._inline = bits === 64;
    const m = bits === 64 ? 5 : bits / 16;
    this.tables = m;
    this._starts = [];
    this._lens = [];
    let start = 0;
    for (let t = 0; t < m; t++) {
      const len = Math.floor(bits / m) + (t < bits % m ? 1 : 0);
      this._starts.push(start);
      this._lens.push(len);
      start += len;
    }
    this._resetPending();
  }

  /**
   * Builds an index from packed words in one pass (the fast bulk path): `words.length / (bits/32)`
   * hashes get ids 0, 1, 2, ... in order.
   */
  static fromWords(bits: number, words: Uint32Array): HammingIndex {
    const index = new HammingIndex({ bits });
    if (words.length % index.words !== 0) {
      throw new AuteurInputError(
        "SIMILARITY_WORDS_INVALID",
        "Packed words do not divide into hashes",
        {
          details: { words: words.length, wordsPerHash: index.words },
        },
      );
    }
    const n = words.length / index.words;
    index._grow(n);
    index._hashes.set(words);
    index._alive.fill(1, 0, n);
    index._nextId = n;
    index._size = n;
    index._rebuild();
    return index;
  }

  /** Builds an index from hashes; hash `i` gets id `i`. */
  static from(bits: number, hashes: Iterable<HashInput>): HammingIndex {
    const list = [...hashes];
    const index = new HammingIndex({ bits });
    const packed = new Uint32Array(list.length * index.words);
    for (let i = 0; i < list.length; i++) writeHashWords(list[i], bits, packed, i * index.words);
    return HammingIndex.fromWords(bits, packed);
  }

  /**
   * Restores an index from its parts (used by `deserializeIndex`): `words` holds `nextId` hashes
   * indexed by id, `ids` lists the live ones.
   */
  static fromParts(
    bits: number,
    words: Uint32Array,
    ids: Uint32Array,
    nextId: number,
  ): HammingIndex {
    const index = new HammingIndex({ bits });
    index._grow(nextId);
    index._hashes.set(words.subarray(0, nextId * index.words));
    for (const id of ids) index._alive[id] = 1;
    index._nextId = nextId;
    index._size = ids.length;
    index._rebuild();
    return index;
  }

  /** Number of stored hashes. */
  get size(): number {
    return this._size;
  }

  /** One more than the largest id ever used (the id `add` hands out next). */
  get nextId(): number {
    return this._nextId;
  }

  /** Whether `id` holds a hash. */
  has(id: number): boolean {
    return Number.isInteger(id) && id >= 0 && id < this._nextId && this._alive[id] === 1;
  }

  /** The stored hash of `id` as lower-case hex, or `undefined`. */
  get(id: number): string | undefined {
    if (!this.has(id)) return undefined;
    return wordsToHex(this._hashes, id * this.words, this.words);
  }

  /** Ids of all stored hashes, ascending. */
  *ids(): IterableIterator<number> {
    for (let id = 0; id < this._nextId; id++) if (this._alive[id] === 1) yield id;
  }

  /** Stores `hash` under the next free id (`nextId`) and returns that id. */
  add(hash: HashInput): number {
    const id = this._nextId;
    this.insert(id, hash);
    return id;
  }

  /** Stores `hash` under `id`. Throws `AuteurInputError` when `id` already holds a hash. */
  insert(id: number, hash: HashInput): void {
    if (!Number.isInteger(id) || id < 0 || id > MAX_ID) {
      throw new AuteurInputError("SIMILARITY_ID_INVALID", `Invalid id: ${id}`, {
        details: { id },
        hints: [`ids are integers from 0 to ${MAX_ID}`],
      });
    }
    if (this.has(id)) {
      throw new AuteurInputError("SIMILARITY_ID_TAKEN", `Id ${id} already holds a hash`, {
        details: { id },
        hints: ["delete it first, or use add() for a fresh id"],
      });
    }
    const words = new Uint32Array(this.words);
    writeHashWords(hash, this.bits, words, 0);
    if (id >= this._capacity) this._grow(Math.max(id + 1, Math.ceil(this._capacity * 1.5), 16));
    this._hashes.set(words, id * this.words);
    this._alive[id] = 1;
    if (id >= this._nextId) this._nextId = id + 1;
    this._size++;
    this._pendingCount++;
    for (let t = 0; t < this.tables; t++) {
      const key = this._key(this._hashes, id * this.words, t);
      const bucket = this._pendingBuckets[t].get(key);
      if (bucket === undefined) this._pendingBuckets[t].set(key, [id]);
      else bucket.push(id);
    }
    if (this._pendingCount > Math.max(1024, this._built >>> 2)) this._rebuild();
  }

  /** Removes `id`; returns whether it held a hash. */
  delete(id: number): boolean {
    if (!this.has(id)) return false;
    this._alive[id] = 0;
    this._size--;
    return true;
  }

  /** Merges pending inserts and drops deleted entries from the tables. Queries do not need it. */
  compact(): void {
    this._rebuild();
  }

  /**
   * Every stored hash within Hamming distance `maxDistance` of `hash` (inclusive), sorted by
   * distance then id. Exact: no stored hash within the radius is ever missed.
   */
  query(hash: HashInput, maxDistance: number, options: QueryOptions = {}): Neighbour[] {
    if (!Number.isInteger(maxDistance) || maxDistance < 0) {
      throw new AuteurInputError("SIMILARITY_RADIUS_INVALID", `Invalid distance: ${maxDistance}`, {
        details: { maxDistance },
        hints: ["pass a non-negative integer number of bits"],
      });
    }
    const q = new Uint32Array(this.words);
    writeHashWords(hash, this.bits, q, 0);
    const out: Neighbour[] = [];
    const r = Math.min(maxDistance, this.bits);
    const m = this.tables;
    const quotient = Math.floor(r / m);
    const extra = r % m;

    // Probing cost (buckets visited + expected entries in them) against a full scan.
    let cost = 0;
    for (let t = 0; t < m; t++) {
      const radius = t <= extra ? quotient : quotient - 1;
      if (radius < 0) continue;
      const len = this._lens[t];
      const probes = MASKS[len].end[Math.min(radius, len)];
      cost += probes * (1 + this._built / (1 << len));
    }
    const strategy = options.strategy ?? "auto";
    if (strategy === "scan" || (strategy === "auto" && cost >= this._nextId)) this._scan(q, r, out);
    else this._probe(q, r, quotient, extra, out);

    out.sort((a, b) => a.distance - b.distance || a.id - b.id);
    // An id deleted and inserted again can be reached through its old and its new entry.
    let kept = 0;
    for (let i = 0; i < out.length; i++) {
      if (kept === 0 || out[kept - 1].id !== out[i].id) out[kept++] = out[i];
    }
    out.length = kept;
    return out;
  }

  /** Bytes held by the index's typed arrays (excluding the maps of pending inserts). */
  get byteLength(): number {
    return (
      this._hashes.byteLength +
      this._alive.byteLength +
      this._offsets.byteLength +
      this._slots.byteLength +
      this._slotBits.byteLength
    );
  }

  /** The packed words of every id below `nextId` (deleted ids hold stale words; check `has`). */
  rawWords(): Uint32Array {
    return this._hashes.subarray(0, this._nextId * this.words);
  }

  // -- internals --

  private _resetPending(): void {
    this._pendingCount = 0;
    this._pendingBuckets = Array.from({ length: this.tables }, () => new Map<number, number[]>());
  }

  private _grow(capacity: number): void {
    const hashes = new Uint32Array(capacity * this.words);
    hashes.set(this._hashes.subarray(0, this._nextId * this.words));
    const alive = new Uint8Array(capacity);
    alive.set(this._alive.subarray(0, this._nextId));
    this._hashes = hashes;
    this._alive = alive;
    this._capacity = capacity;
  }

  /** Substring `t` (the table key) of the hash at word offset `o` of `src`. */
  private _key(src: Uint32Array, o: number, t: number): number {
    return bitsAt(src, o, this._starts[t], this._lens[t], this.words);
  }

  /** 64-bit layout: the 32 bits that follow table `t`'s key (wrapping around). */
  private _after(src: Uint32Array, o: number, t: number): number {
    return rotated32(src[o], src[o + 1], (this._starts[t] + this._lens[t]) & 63);
  }

  private _rebuild(): void {
    const m = this.tables;
    const W = this.words;
    const n = this._size;
    const ids = new Uint32Array(n);
    let k = 0;
    for (let id = 0; id < this._nextId; id++) if (this._alive[id] === 1) ids[k++] = id;
    // Release the old tables before allocating the new ones.
    this._offsets = new Uint32Array(0);
    this._slots = new Uint32Array(0);
    this._slotBits = new Uint32Array(0);
    const offsetBase: number[] = [];
    let total = 0;
    for (let t = 0; t < m; t++) {
      offsetBase.push(total);
      total += (1 << this._lens[t]) + 1;
    }
    const offsets = new Uint32Array(total);
    const slots = new Uint32Array(m * n);
    const slotBits = new Uint32Array(this._inline ? m * n : 0);
    const hashes = this._hashes;
    const keys = new Uint32Array(n);
    for (let t = 0; t < m; t++) {
      const base = offsetBase[t];
      const buckets = 1 << this._lens[t];
      for (let i = 0; i < n; i++) {
        const key = this._key(hashes, ids[i] * W, t);
        keys[i] = key;
        offsets[base + key + 1]++;
      }
      for (let b = 1; b <= buckets; b++) offsets[base + b] += offsets[base + b - 1];
      const fill = offsets.slice(base, base + buckets);
      const out = t * n;
      for (let i = 0; i < n; i++) {
        const id = ids[i];
        const s = out + fill[keys[i]]++;
        slots[s] = id;
        if (this._inline) slotBits[s] = this._after(hashes, id * W, t);
      }
    }
    this._offsetBase = offsetBase;
    this._offsets = offsets;
    this._slots = slots;
    this._slotBits = slotBits;
    this._built = n;
    this._resetPending();
  }

  private _scan(q: Uint32Array, r: number, out: Neighbour[]): void {
    const W = this.words;
    const hashes = this._hashes;
    const alive = this._alive;
    for (let id = 0; id < this._nextId; id++) {
      if (alive[id] !== 1) continue;
      let d = 0;
      const o = id * W;
      for (let k = 0; k < W && d <= r; k++) d += popcount32((hashes[o + k] ^ q[k]) >>> 0);
      if (d <= r) out.push({ id, distance: d });
    }
  }

  private _probe(
    q: Uint32Array,
    r: number,
    quotient: number,
    extra: number,
    out: Neighbour[],
  ): void {
    const m = this.tables;
    const W = this.words;
    const n = this._built;
    const hashes = this._hashes;
    const alive = this._alive;
    const offsets = this._offsets;
    const slots = this._slots;
    const slotBits = this._slotBits;
    const inline = this._inline;
    const radii = new Int32Array(m);
    const keys = new Uint32Array(m);
    for (let t = 0; t < m; t++) {
      radii[t] = t <= extra ? quotient : quotient - 1;
      keys[t] = this._key(q, 0, t);
    }
    const distance = (id: number): number => {
      const o = id * W;
      let d = 0;
      for (let k = 0; k < W && d <= r; k++) d += popcount32((hashes[o + k] ^ q[k]) >>> 0);
      return d;
    };
    // Each match is reported by the first table whose probe reaches it, so no set is needed.
    const consider = (id: number, t: number): void => {
      if (alive[id] !== 1) return;
      const d = distance(id);
      if (d > r) return;
      for (let u = 0; u < t; u++) {
        if (radii[u] >= 0 && popcount32(keys[u] ^ this._key(hashes, id * W, u)) <= radii[u]) return;
      }
      out.push({ id, distance: d });
    };

    for (let t = 0; t < m; t++) {
      const radius = radii[t];
      if (radius < 0) continue;
      const len = this._lens[t];
      const { masks, end } = MASKS[len];
      const key = keys[t];
      const base = this._offsetBase[t];
      const slotBase = t * n;
      const pendingBuckets = this._pendingBuckets[t];
      const pending = pendingBuckets.size > 0;
      const qAfter = inline ? this._after(q, 0, t) : 0;
      let p = 0;
      for (let w = 0; w <= Math.min(radius, len); w++) {
        // Entries of these buckets differ from the query in exactly `w` bits of this key.
        const budget = r - w;
        for (; p < end[w]; p++) {
          const bucket = key ^ masks[p];
          if (n > 0) {
            const from = slotBase + offsets[base + bucket];
            const to = slotBase + offsets[base + bucket + 1];
            if (inline) {
              for (let s = from; s < to; s++) {
                if (popcount32((slotBits[s] ^ qAfter) >>> 0) <= budget) consider(slots[s], t);
              }
            } else {
              for (let s = from; s < to; s++) consider(slots[s], t);
            }
          }
          if (pending) {
            const extraIds = pendingBuckets.get(bucket);
            if (extraIds !== undefined) for (const id of extraIds) consider(id, t);
          }
        }
      }
    }
  }
}
