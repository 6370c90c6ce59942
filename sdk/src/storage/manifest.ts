/**
 * The manifest (the "index block"): the ordered block list with sizes and SHA-256, the VideoCell
 * list with time ranges, the total size and media type. It is encoded as canonical dag-cbor (map
 * keys sorted, no floats where integers fit, CIDs as IPLD links) and addressed by its CIDv1
 * (dag-cbor, sha2-256), so the same content and options always give the same manifest CID, and an
 * IPFS node that pins the manifest pins every block it links.
 */
import * as dagCbor from "@ipld/dag-cbor";
import { CID } from "multiformats/cid";

import { blockCid, BLOCK_SIZE, DAG_CBOR_CODE, DAG_PB_CODE, RAW_CODE, toHex } from "./cid.js";
import { StorageManifestError } from "./errors.js";

/** Format tag stored in every manifest. */
export const MANIFEST_FORMAT = "auteur/manifest@1";

/**
 * Largest encoded manifest: 1 MiB, the block size Kubo accepts without `--allow-big-block`. With
 * about 130 bytes per block entry that covers files of about 7 GiB.
 */
export const MAX_MANIFEST_BYTES = 1_048_576;

/** One stored block of a byte sequence (the file, or one VideoCell). */
export interface ManifestBlock {
  /** Position in the sequence, from 0. */
  index: number;
  /** Byte offset of the block in its sequence. */
  offset: number;
  /** Bytes in the block (at most `blockSize`). */
  size: number;
  /** SHA-256 of the block, lowercase hex. */
  sha256: string;
  /** CIDv1 (raw, sha2-256) under which every backend stores the block. */
  cid: string;
}

/** One VideoCell: a stand-alone playable segment cut on keyframes. */
export interface ManifestCell {
  /** Position of the cell, from 0 (Proof-of-View's cell index). */
  index: number;
  /** Presentation time at which the cell starts, in seconds. */
  startSeconds: number;
  /** Presentation time at which the cell ends, in seconds. */
  endSeconds: number;
  /** Byte offset of the cell in the cell track (all cells one after another). */
  offset: number;
  /** Bytes in the cell file. */
  size: number;
  /** SHA-256 of the whole cell file, lowercase hex (what Proof-of-View checks). */
  sha256: string;
  /** UnixFS root of the cell file (IPIP-499 `unixfs-v1-2025`), so a gateway can serve it alone. */
  root: string;
  /** The cell's blocks; offsets are relative to the cell's first byte. */
  blocks: ManifestBlock[];
  /** UnixFS interior nodes (dag-pb) of the cell's DAG; empty when the cell is one block. */
  nodes: string[];
}

/** The decoded manifest. */
export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  /** Media type of the content, e.g. `video/mp4`. */
  mediaType: string;
  /** Total bytes of the content. */
  size: number;
  /** SHA-256 of the whole content, lowercase hex (the registry's `sha256`). */
  sha256: string;
  /** Block size used for chunking (1 MiB). */
  blockSize: number;
  /** UnixFS root CID of the content (what `ipfs add` with the `unixfs-v1-2025` profile prints). */
  root: string;
  /** The content's blocks in order. */
  blocks: ManifestBlock[];
  /** UnixFS interior nodes (dag-pb) of the content's DAG; empty when the content is one block. */
  nodes: string[];
  /** Target cell duration in seconds used when cutting, or 0 when the content has no cells. */
  cellSeconds: number;
  /** VideoCells in order (empty for non-video content). */
  cells: ManifestCell[];
}

type Encoded = Record<string, unknown>;

function encodeBlocks(blocks: ManifestBlock[]): Encoded[] {
  return blocks.map((b) => ({ cid: CID.parse(b.cid), size: b.size, sha256: b.sha256 }));
}

/** Canonical dag-cbor bytes of `manifest` (derivable fields such as offsets are not stored). */
export function encodeManifest(manifest: Manifest): Uint8Array {
  validateManifest(manifest);
  const body: Encoded = {
    format: manifest.format,
    mediaType: manifest.mediaType,
    size: manifest.size,
    sha256: manifest.sha256,
    blockSize: manifest.blockSize,
    root: CID.parse(manifest.root),
    blocks: encodeBlocks(manifest.blocks),
    nodes: manifest.nodes.map((n) => CID.parse(n)),
    cellSeconds: manifest.cellSeconds,
    cells: manifest.cells.map((c) => ({
      startSeconds: c.startSeconds,
      endSeconds: c.endSeconds,
      size: c.size,
      sha256: c.sha256,
      root: CID.parse(c.root),
      blocks: encodeBlocks(c.blocks),
      nodes: c.nodes.map((n) => CID.parse(n)),
    })),
  };
  const bytes = dagCbor.encode(body);
  if (bytes.length > MAX_MANIFEST_BYTES) {
    throw new StorageManifestError(
      "STORE_MANIFEST_TOO_LARGE",
      `the manifest would be ${bytes.length} bytes`,
      {
        details: { bytes: bytes.length, limit: MAX_MANIFEST_BYTES, blocks: manifest.blocks.length },
        hints: ["split the file into parts of at most about 7 GiB and store each part"],
      },
    );
  }
  return bytes;
}

/** CID of an encoded manifest. */
export function manifestCid(bytes: Uint8Array): CID {
  return blockCid(DAG_CBOR_CODE, bytes);
}

function bad(message: string, details: Record<string, unknown> = {}): StorageManifestError {
  return new StorageManifestError("STORE_MANIFEST_INVALID", message, {
    details,
    hints: ["the manifest was not written by this store or was damaged; put the file again"],
  });
}

function int(value: unknown, what: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0)
    throw bad(`${what} is not a count`, { value });
  return value;
}

function num(value: unknown, what: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0)
    throw bad(`${what} is not a time`, { value });
  return value;
}

function hex(value: unknown, what: string): string {
  if (typeof value !== "string" || !/^[0-9a-f]{64}$/.test(value))
    throw bad(`${what} is not a SHA-256 hex digest`, { value });
  return value;
}

function link(value: unknown, what: string, code: number): string {
  const cid = CID.asCID(value);
  if (cid === null || cid.version !== 1 || cid.code !== code)
    throw bad(`${what} is not a CIDv1 of codec 0x${code.toString(16)}`);
  return cid.toString();
}

function decodeBlocks(value: unknown, what: string, blockSize: number): ManifestBlock[] {
  if (!Array.isArray(value)) throw bad(`${what} is not a list`);
  let offset = 0;
  return value.map((raw: unknown, index) => {
    if (typeof raw !== "object" || raw === null) throw bad(`${what}[${index}] is not a map`);
    const entry = raw as Encoded;
    const cid = link(entry.cid, `${what}[${index}].cid`, RAW_CODE);
    const sha256 = hex(entry.sha256, `${what}[${index}].sha256`);
    if (toHex(CID.parse(cid).multihash.digest) !== sha256)
      throw bad(`${what}[${index}]: CID and SHA-256 disagree`, { cid, sha256 });
    const size = int(entry.size, `${what}[${index}].size`);
    if (size === 0 || size > blockSize)
      throw bad(`${what}[${index}] has size ${size}`, { size, blockSize });
    const block = { index, offset, size, sha256, cid };
    offset += size;
    return block;
  });
}

/**
 * Decodes and validates manifest bytes. Fails with `StorageManifestError` when the bytes are not a
 * manifest of this format or are inconsistent (sizes that do not add up, hashes that disagree).
 */
export function decodeManifest(bytes: Uint8Array): Manifest {
  let body: Encoded;
  try {
    body = dagCbor.decode(bytes);
  } catch (cause) {
    throw new StorageManifestError("STORE_MANIFEST_INVALID", "the manifest is not valid dag-cbor", {
      cause,
      hints: ["the CID does not name a manifest written by `auteur store put`"],
    });
  }
  if (typeof body !== "object" || body === null || body.format !== MANIFEST_FORMAT) {
    throw bad(`not an ${MANIFEST_FORMAT} manifest`, { format: (body as Encoded | null)?.format });
  }
  const blockSize = int(body.blockSize, "blockSize");
  if (typeof body.mediaType !== "string") throw bad("mediaType is not a string");
  if (!Array.isArray(body.nodes) || !Array.isArray(body.cells))
    throw bad("nodes or cells is not a list");
  let trackOffset = 0;
  const manifest: Manifest = {
    format: MANIFEST_FORMAT,
    mediaType: body.mediaType,
    size: int(body.size, "size"),
    sha256: hex(body.sha256, "sha256"),
    blockSize,
    root: String(CID.asCID(body.root) ?? ""),
    blocks: decodeBlocks(body.blocks, "blocks", blockSize),
    nodes: body.nodes.map((n: unknown, i: number) => link(n, `nodes[${i}]`, DAG_PB_CODE)),
    cellSeconds: num(body.cellSeconds, "cellSeconds"),
    cells: body.cells.map((raw: unknown, index: number) => {
      if (typeof raw !== "object" || raw === null) throw bad(`cells[${index}] is not a map`);
      const c = raw as Encoded;
      if (!Array.isArray(c.nodes)) throw bad(`cells[${index}].nodes is not a list`);
      const cell: ManifestCell = {
        index,
        startSeconds: num(c.startSeconds, `cells[${index}].startSeconds`),
        endSeconds: num(c.endSeconds, `cells[${index}].endSeconds`),
        offset: trackOffset,
        size: int(c.size, `cells[${index}].size`),
        sha256: hex(c.sha256, `cells[${index}].sha256`),
        root: String(CID.asCID(c.root) ?? ""),
        blocks: decodeBlocks(c.blocks, `cells[${index}].blocks`, blockSize),
        nodes: c.nodes.map((n: unknown, i: number) =>
          link(n, `cells[${index}].nodes[${i}]`, DAG_PB_CODE),
        ),
      };
      trackOffset += cell.size;
      return cell;
    }),
  };
  validateManifest(manifest);
  return manifest;
}

/** Checks the invariants of a manifest; throws `StorageManifestError` naming the first one broken. */
export function validateManifest(m: Manifest): void {
  if (m.format !== MANIFEST_FORMAT) throw bad("wrong format tag", { format: m.format });
  if (m.blockSize <= 0 || m.blockSize > BLOCK_SIZE)
    throw bad("block size out of range", { blockSize: m.blockSize });
  checkSequence(m.blocks, m.size, m.blockSize, "blocks");
  if (m.size === 0) throw bad("empty content");
  checkRoot(m.root, m.blocks, m.nodes, "root");
  let previousEnd = 0;
  m.cells.forEach((cell, i) => {
    if (cell.index !== i) throw bad(`cells[${i}] has index ${cell.index}`);
    if (!(cell.endSeconds > cell.startSeconds))
      throw bad(`cells[${i}] ends before it starts`, { ...cell, blocks: undefined });
    if (cell.startSeconds + 1e-6 < previousEnd) throw bad(`cells[${i}] overlaps the previous cell`);
    previousEnd = cell.endSeconds;
    checkSequence(cell.blocks, cell.size, m.blockSize, `cells[${i}].blocks`);
    checkRoot(cell.root, cell.blocks, cell.nodes, `cells[${i}].root`);
  });
}

function checkSequence(
  blocks: ManifestBlock[],
  size: number,
  blockSize: number,
  what: string,
): void {
  let offset = 0;
  blocks.forEach((b, i) => {
    if (b.index !== i || b.offset !== offset)
      throw bad(`${what}[${i}] is out of order`, { index: b.index, offset: b.offset });
    if (i < blocks.length - 1 && b.size !== blockSize)
      throw bad(`${what}[${i}] is short but not last`, { size: b.size });
    offset += b.size;
  });
  if (offset !== size)
    throw bad(`${what} add up to ${offset} bytes, not ${size}`, { sum: offset, size });
}

function checkRoot(root: string, blocks: ManifestBlock[], nodes: string[], what: string): void {
  let cid: CID;
  try {
    cid = CID.parse(root);
  } catch {
    throw bad(`${what} is not a CID`, { root });
  }
  const single = blocks.length === 1 && nodes.length === 0;
  if (
    single ? cid.toString() !== blocks[0].cid : cid.code !== DAG_PB_CODE || !nodes.includes(root)
  ) {
    throw bad(`${what} is not the UnixFS root of its blocks`, { root });
  }
}
