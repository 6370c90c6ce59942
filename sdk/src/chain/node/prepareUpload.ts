/**
 * Node side of registration: turns an image file into the registry's `Upload` — SHA-256 of the
 * bytes, the 64-bit pHash (`computePHash`'s exact pipeline), the pixel size, and the chunks stored
 * through `@auteur/sdk/storage` with the manifest CID's digest as `manifest`. Lives apart from
 * `@auteur/sdk/chain` because it loads sharp and the file system.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { CID } from "multiformats/cid";
import { AuteurInputError } from "../../errors.js";
import { decodeImage } from "../../media/image.js";
import { pHashFromPixels } from "../../media/phash/index.js";
import { createStore, type ChunkStore } from "../../storage/index.js";
import { MediaType, type Upload } from "../eip712.js";

/** Options of {@link prepareUpload}. */
export interface PrepareUploadParameters {
  /** Where the chunks go (default: a local store in `.auteur/store`). */
  store?: ChunkStore;
  /** Whether the file is a camera RAW (its attester vouches for it). */
  raw?: boolean;
  /**
   * Called as the long steps advance: `sha256` and `pHash` once when done (`done === total`),
   * `store` with the bytes stored so far (the CLI draws its progress bar from it).
   */
  onProgress?: (progress: PrepareUploadProgress) => void;
}

/** One step of {@link prepareUpload}'s work. */
export interface PrepareUploadProgress {
  step: "sha256" | "pHash" | "store";
  done: number;
  total: number;
}

/** Result of {@link prepareUpload}: the upload and the manifest CID the chunks are under. */
export interface PrepareUploadReturnType {
  upload: Upload;
  manifestCid: string;
  pHashHex: string;
}

/** The 32-byte SHA-256 digest of a CIDv1 (sha2-256), as `0x` hex: the registry's `manifest`. */
export function manifestDigest(cid: string): string {
  const parsed = CID.parse(cid);
  if (parsed.multihash.code !== 0x12 || parsed.multihash.digest.length !== 32) {
    throw new AuteurInputError("MANIFEST_CID_INVALID", `manifest CID ${cid} is not sha2-256`, {
      hints: ["store the file with @auteur/sdk/storage (CIDv1, sha2-256)"],
    });
  }
  return `0x${Buffer.from(parsed.multihash.digest).toString("hex")}`;
}

/**
 * Hashes, fingerprints and stores an image file.
 *
 * @example
 * ```ts
 * import { prepareUpload } from "@auteur/sdk/chain/node";
 * const { upload } = await prepareUpload("photo.jpg");
 * await client.registerWork({ upload, attester });
 * ```
 */
export async function prepareUpload(
  file: string | Uint8Array,
  options: PrepareUploadParameters = {},
): Promise<PrepareUploadReturnType> {
  const bytes = typeof file === "string" ? new Uint8Array(await readFile(file)) : file;
  if (bytes.length === 0) {
    throw new AuteurInputError("FILE_EMPTY", "the file is empty", {
      hints: ["pass an image file"],
    });
  }
  const report = options.onProgress ?? (() => {});
  const contentSha256 = `0x${createHash("sha256").update(bytes).digest("hex")}`;
  report({ step: "sha256", done: bytes.length, total: bytes.length });
  const image = await decodeImage(bytes);
  const pHash = pHashFromPixels(image);
  report({ step: "pHash", done: 1, total: 1 });
  // A store made here is closed here (its hash workers and block sync would keep Node running);
  // a store passed in stays open for its owner.
  const store = options.store ?? createStore();
  let cid: string;
  try {
    ({ cid } = await store.put(bytes, {
      mediaType: "image/*",
      cells: false,
      onProgress: (p) => report({ step: "store", done: p.bytes, total: p.total ?? bytes.length }),
    }));
  } finally {
    if (options.store === undefined) await store.close();
  }
  report({ step: "store", done: bytes.length, total: bytes.length });
  return {
    upload: {
      contentSha256,
      pHash: pHash.hash,
      width: image.width,
      height: image.height,
      raw: options.raw ?? false,
      manifest: manifestDigest(cid),
      mediaType: MediaType.Image,
      cellCount: 0,
      durationSeconds: 0,
    },
    manifestCid: cid,
    pHashHex: pHash.hex,
  };
}
