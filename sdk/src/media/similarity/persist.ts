/**
 * The on-disk form of a {@link HammingIndex}: compact, versioned and checksummed.
 *
 * Layout (little-endian):
 *
 * | offset | size | field |
 * | --- | --- | --- |
 * | 0 | 8 | magic `AUTHIDX\0` |
 * | 8 | 2 | format version (1) |
 * | 10 | 2 | hash length in bits |
 * | 12 | 4 | number of stored hashes `n` |
 * | 16 | 4 | `nextId` (ids below it may be handed out again only through `insert`) |
 * | 20 | 4 | reserved, 0 |
 * | 24 | 4 n | ids, ascending |
 * | 24 + 4 n | n bits/8 | hashes, big-endian bytes in id order (the same bytes as their hex) |
 * | end - 4 | 4 | CRC-32 (IEEE) of every byte before it |
 *
 * A 64-bit index takes 12 bytes per hash on disk. The multi-index tables are not stored: loading
 * rebuilds them (about 0.1 s per million 64-bit hashes). `saveIndex` writes a temporary file and
 * renames it, so a crash never leaves a half-written index behind.
 */
import { readFile, rename, writeFile, unlink } from "node:fs/promises";
import { crc32 } from "node:zlib";
import { AuteurError } from "../../errors.js";
import { HammingIndex } from "./HammingIndex.js";

const MAGIC = Buffer.from("AUTHIDX\0", "latin1");
/** Current format version written by {@link serializeIndex}. */
export const INDEX_FORMAT_VERSION = 1;
const HEADER = 24;

/** Serialises an index to bytes (see the module documentation for the layout). */
export function serializeIndex(index: HammingIndex): Uint8Array {
  const n = index.size;
  const hashBytes = index.bits / 8;
  const buf = Buffer.alloc(HEADER + n * 4 + n * hashBytes + 4);
  MAGIC.copy(buf, 0);
  buf.writeUInt16LE(INDEX_FORMAT_VERSION, 8);
  buf.writeUInt16LE(index.bits, 10);
  buf.writeUInt32LE(n, 12);
  buf.writeUInt32LE(index.nextId, 16);
  buf.writeUInt32LE(0, 20);
  const words = index.rawWords();
  const W = index.words;
  let idAt = HEADER;
  let hashAt = HEADER + n * 4;
  for (const id of index.ids()) {
    buf.writeUInt32LE(id, idAt);
    idAt += 4;
    for (let k = 0; k < W; k++) {
      buf.writeUInt32BE(words[id * W + k], hashAt);
      hashAt += 4;
    }
  }
  buf.writeUInt32LE(crc32(buf.subarray(0, buf.length - 4)), buf.length - 4);
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
}

function corrupt(message: string, details: Record<string, unknown>, source?: string): AuteurError {
  return new AuteurError("SIMILARITY_INDEX_CORRUPT", message, {
    details: { ...details, ...(source === undefined ? {} : { file: source }) },
    hints: [
      "the index file is damaged or was not written by Auteur: restore it from a backup or rebuild it (auteur similar --index DIR --add <files...>)",
    ],
  });
}

/**
 * Rebuilds an index from {@link serializeIndex} bytes. Throws `AuteurError` with code
 * `SIMILARITY_INDEX_CORRUPT` on a wrong magic, unknown version, wrong length (truncated or
 * extended file), failed checksum or inconsistent ids.
 */
export function deserializeIndex(bytes: Uint8Array, source?: string): HammingIndex {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < HEADER + 4) {
    throw corrupt(
      `Index file is truncated (${buf.length} bytes, header needs ${HEADER + 4})`,
      { length: buf.length },
      source,
    );
  }
  if (!buf.subarray(0, 8).equals(MAGIC)) {
    throw corrupt(
      "Not an Auteur similarity index (wrong magic bytes)",
      { magic: buf.subarray(0, 8).toString("hex") },
      source,
    );
  }
  const version = buf.readUInt16LE(8);
  if (version !== INDEX_FORMAT_VERSION) {
    throw new AuteurError(
      "SIMILARITY_INDEX_VERSION",
      `Unsupported index format version ${version}`,
      {
        details: {
          version,
          supported: INDEX_FORMAT_VERSION,
          ...(source === undefined ? {} : { file: source }),
        },
        hints: ["upgrade @auteur/sdk, or rebuild the index with this version"],
      },
    );
  }
  const bits = buf.readUInt16LE(10);
  const n = buf.readUInt32LE(12);
  const nextId = buf.readUInt32LE(16);
  if (bits < 32 || bits > 1024 || bits % 32 !== 0)
    throw corrupt(`Invalid hash length ${bits}`, { bits }, source);
  const expected = HEADER + n * 4 + n * (bits / 8) + 4;
  if (buf.length !== expected) {
    throw corrupt(
      `Index file has ${buf.length} bytes, its header announces ${expected} (${buf.length < expected ? "truncated" : "trailing data"})`,
      { length: buf.length, expected },
      source,
    );
  }
  const stored = buf.readUInt32LE(buf.length - 4);
  const actual = crc32(buf.subarray(0, buf.length - 4));
  if (stored !== actual) {
    throw corrupt("Index file checksum mismatch", { stored, actual }, source);
  }
  const W = bits / 32;
  const words = new Uint32Array(nextId * W);
  const ids = new Uint32Array(n);
  let previous = -1;
  for (let i = 0; i < n; i++) {
    const id = buf.readUInt32LE(HEADER + i * 4);
    if (id <= previous || id >= nextId)
      throw corrupt("Index ids are not ascending below nextId", { id, previous, nextId }, source);
    previous = id;
    ids[i] = id;
    const at = HEADER + n * 4 + i * W * 4;
    for (let k = 0; k < W; k++) words[id * W + k] = buf.readUInt32BE(at + k * 4);
  }
  return HammingIndex.fromParts(bits, words, ids, nextId);
}

/** Writes `index` to `path` atomically (temporary file, then rename). */
export async function saveIndex(index: HammingIndex, path: string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}-${Date.now()}`;
  try {
    await writeFile(tmp, serializeIndex(index));
    await rename(tmp, path);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw new AuteurError("SIMILARITY_INDEX_WRITE", `Cannot write index file ${path}`, {
      details: { path },
      hints: ["check that the directory exists and is writable"],
      cause: error,
    });
  }
}

/** Reads an index written by {@link saveIndex}. */
export async function loadIndex(path: string): Promise<HammingIndex> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new AuteurError("SIMILARITY_INDEX_READ", `Cannot read index file ${path}`, {
      details: { path },
      hints: ["check the path; create an index with auteur similar --index DIR --add <files...>"],
      cause: error,
    });
  }
  return deserializeIndex(bytes, path);
}
