/**
 * CIDs of stored blocks. Every data block is stored as a raw IPFS block (CIDv1, codec `raw`,
 * multihash sha2-256), so a block's CID carries its SHA-256 and any IPFS node (Helia, Kubo) files it
 * under the same key. The file's UnixFS root follows the IPIP-499 `unixfs-v1-2025` profile (CIDv1,
 * raw leaves, 1 MiB chunks, balanced DAG with up to 1024 links per node), which lines up exactly
 * with the store's 1 MiB blocks.
 */
import { createHash } from "node:crypto";
import { importer, type ImporterOptions } from "ipfs-unixfs-importer";
import { fixedSize } from "ipfs-unixfs-importer/chunker";
import { balanced } from "ipfs-unixfs-importer/layout";
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import * as Digest from "multiformats/hashes/digest";
import { sha256 } from "multiformats/hashes/sha2";

import { StorageInputError } from "./errors.js";

/** Size of a data block: 1 MiB (the video-platform source's chunk size). */
export const BLOCK_SIZE = 1_048_576;

/** Largest number of links in one UnixFS node under the `unixfs-v1-2025` profile. */
export const MAX_LINKS_PER_NODE = 1024;

/** Multicodec code of dag-pb (UnixFS nodes). */
export const DAG_PB_CODE = 0x70;
/** Multicodec code of dag-cbor (manifests). */
export const DAG_CBOR_CODE = 0x71;
/** Multicodec code of raw blocks. */
export const RAW_CODE = raw.code;

/** SHA-256 of `bytes` with node:crypto. */
export function sha256Bytes(bytes: Uint8Array): Uint8Array {
  return createHash("sha256").update(bytes).digest();
}

/** Hex string of bytes. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

/** CIDv1 of a raw block whose SHA-256 is `digest`. */
export function rawCid(digest: Uint8Array): CID {
  return CID.createV1(RAW_CODE, Digest.create(sha256.code, digest));
}

/** CIDv1 (sha2-256) of a block of codec `code` whose bytes are `bytes`. */
export function blockCid(code: number, bytes: Uint8Array): CID {
  return CID.createV1(code, Digest.create(sha256.code, sha256Bytes(bytes)));
}

/**
 * Parses a CID string, with a typed error naming the fix.
 *
 * @example
 * ```ts
 * parseCid("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e").code; // 0x55 (raw)
 * ```
 */
export function parseCid(text: string): CID {
  try {
    return CID.parse(text.trim());
  } catch (cause) {
    throw new StorageInputError("STORE_BAD_CID", `"${text}" is not a CID`, {
      details: { cid: text },
      hints: ["pass the manifest CID printed by `auteur store put` (it starts with bafy...)"],
      cause,
    });
  }
}

/**
 * True when `bytes` hash (sha2-256) to the digest inside `cid`. CIDs with another hash function
 * are never produced by the store and fail the check.
 */
export function bytesMatchCid(cid: CID, bytes: Uint8Array): boolean {
  if (cid.multihash.code !== sha256.code) return false;
  const digest = sha256Bytes(bytes);
  return Buffer.compare(digest, cid.multihash.digest) === 0;
}

/** Import settings of a named CID profile, as Kubo and IPIP-499 define them. */
export type CidProfile =
  /** Kubo's `ipfs add` defaults: CIDv0, dag-pb leaves, 256 KiB chunks, 174 links per node. */
  | "kubo-v0"
  /** Kubo's `ipfs add --cid-version 1`: raw leaves, 256 KiB chunks, 174 links per node. */
  | "kubo-v1"
  /** IPIP-499 `unixfs-v1-2025` (the store's own layout): raw leaves, 1 MiB chunks, 1024 links. */
  | "unixfs-v1-2025";

/** Importer options that reproduce `profile`. */
export function importerOptions(profile: CidProfile): ImporterOptions {
  switch (profile) {
    case "kubo-v0":
      return {
        cidVersion: 0,
        rawLeaves: false,
        leafType: "file",
        reduceSingleLeafToSelf: true,
        chunker: fixedSize({ chunkSize: 262_144 }),
        layout: balanced({ maxChildrenPerNode: 174 }),
      };
    case "kubo-v1":
      return {
        cidVersion: 1,
        rawLeaves: true,
        reduceSingleLeafToSelf: true,
        chunker: fixedSize({ chunkSize: 262_144 }),
        layout: balanced({ maxChildrenPerNode: 174 }),
      };
    case "unixfs-v1-2025":
      return {
        cidVersion: 1,
        rawLeaves: true,
        reduceSingleLeafToSelf: true,
        chunker: fixedSize({ chunkSize: BLOCK_SIZE }),
        layout: balanced({ maxChildrenPerNode: MAX_LINKS_PER_NODE }),
      };
  }
}

/**
 * The UnixFS file CID that `profile` gives for `content`, computed without storing anything: what
 * `ipfs add` prints for the same bytes and settings.
 *
 * @example
 * ```ts
 * await unixfsCid(new TextEncoder().encode("hello world\n"), "kubo-v0");
 * // QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o
 * ```
 */
export async function unixfsCid(
  content: Uint8Array | AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  profile: CidProfile = "unixfs-v1-2025",
): Promise<CID> {
  const discard = { put: async (cid: CID) => cid };
  let root: CID | undefined;
  for await (const entry of importer([{ content }], discard, importerOptions(profile)))
    root = entry.cid;
  if (root === undefined) throw new StorageInputError("STORE_EMPTY_IMPORT", "nothing was imported");
  return root;
}
