/**
 * Demo step "media" (before "registry"): what an attester computes from the creator's files.
 *
 * For the photo: SHA-256, the registry's exact pHash, PDQ (with its quality), an invisible
 * watermark whose 64-bit payload is the first 8 bytes of the photo's SHA-256 (embedded with a
 * fixed demo key, then extracted back and checked), the PSNR of the marked copy and a x20
 * difference image for the report, a higher-resolution copy and a lossless "RAW" copy (the same
 * derivations as the registry step, with their pHash distance to the original), and the photo's
 * manifest CID from the local chunk store (`demo-out/store`). For the video: the file stored with
 * VideoCells of 10 s (the fixture clips last seconds, not minutes, so the production 60 s cell
 * would give a single cell), each cell's SHA-256 and time span.
 *
 * Leaves `ctx.state.media` (a {@link MediaState}); files go to `demo-out/media/` for the report.
 */
import { createHash } from "node:crypto";
import { copyFile, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import sharp from "sharp";
import type { DemoContext } from "../demo.js";
import { computePDQ } from "../../sdk/src/media/pdq/index.js";
import { computePHash, hammingDistance64 } from "../../sdk/src/media/phash/index.js";
import { embedWatermark, extractWatermark } from "../../sdk/src/media/watermark/index.js";
import { createStore } from "../../sdk/src/storage/index.js";

export const title = "Media: hashes, watermark, chunk store and VideoCells";

/** The photo the demo registers (the registry step registers the same file). */
export const PHOTO = "fixtures/pdq/dih/bridge-1-original.jpg";
/** The video cut into VideoCells. */
export const VIDEO = "fixtures/video/chair-22-sd-grey-bar.mp4";
/** VideoCell duration for the demo: the fixture clips last about 20 s. */
export const DEMO_CELL_SECONDS = 10;
/** The demo's 80-bit watermark key (20 hex digits), derived from a fixed phrase. */
export const DEMO_WATERMARK_KEY = createHash("sha256")
  .update("auteur demo watermark key")
  .digest("hex")
  .slice(0, 20);
/** How much the difference image amplifies the watermark. */
export const DIFFERENCE_GAIN = 20;

/** One image file as the registry sees it. */
export interface MediaImage {
  path: string;
  width: number;
  height: number;
  bytes: number;
  sha256: string;
  /** 16 hex digits. */
  pHash: string;
  /** pHash Hamming distance to the original photo. */
  distance: number;
}

/** What the media step leaves in `ctx.state.media`. */
export interface MediaState {
  outDir: string;
  photo: MediaImage & { pdq: string; pdqQuality: number; manifestCid: string };
  watermark: {
    key: string;
    payload: string;
    extracted: string | null;
    confidence: number;
    psnr: number;
    gain: number;
    /** The watermarked photo and the amplified difference image. */
    path: string;
    differencePath: string;
    sha256: string;
  };
  hd: MediaImage;
  raw: MediaImage;
  video: {
    path: string;
    manifestCid: string;
    sha256: string;
    cellSeconds: number;
    cells: {
      index: number;
      sha256: string;
      startSeconds: number;
      endSeconds: number;
      size: number;
    }[];
  };
}

export interface PrepareMediaParameters {
  photo?: string;
  video?: string;
  /** Where the files for the report go (default `demo-out/media`). */
  outDir?: string;
  /** The chunk store's folder (default `demo-out/store`; emptied first). */
  storeDir?: string;
  cellSeconds?: number;
  key?: string;
}

const sha256 = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

/** PSNR (dB) of two equally sized 8-bit RGB rasters; Infinity when identical. */
export function psnr(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length)
    throw new RangeError(`rasters differ in size: ${a.length} vs ${b.length}`);
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i] - b[i];
    sum += d * d;
  }
  if (sum === 0) return Infinity;
  return 10 * Math.log10((255 * 255 * a.length) / sum);
}

async function rgb(path: string | Uint8Array) {
  const { data, info } = await sharp(path)
    .removeAlpha()
    .toColourspace("srgb")
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

async function luma(path: string | Uint8Array): Promise<Uint8Array> {
  return sharp(path).greyscale().raw().toBuffer();
}

async function describe(path: string, original?: bigint): Promise<MediaImage> {
  const bytes = await readFile(path);
  const meta = await sharp(bytes).metadata();
  const { hash, hex } = await computePHash(bytes);
  return {
    path,
    width: meta.width ?? 0,
    height: meta.height ?? 0,
    bytes: bytes.length,
    sha256: sha256(bytes),
    pHash: hex,
    distance: original === undefined ? 0 : hammingDistance64(original, hash),
  };
}

/** Does the media work of the demo (see the module comment); no chain needed. */
export async function prepareMedia(p: PrepareMediaParameters = {}): Promise<MediaState> {
  const photoPath = p.photo ?? PHOTO;
  const videoPath = p.video ?? VIDEO;
  const outDir = p.outDir ?? join("demo-out", "media");
  const storeDir = p.storeDir ?? join("demo-out", "store");
  const cellSeconds = p.cellSeconds ?? DEMO_CELL_SECONDS;
  const key = p.key ?? DEMO_WATERMARK_KEY;
  await mkdir(outDir, { recursive: true });
  await rm(storeDir, { recursive: true, force: true });

  // the photo
  const ext = photoPath.slice(photoPath.lastIndexOf(".")) || ".jpg";
  const photoOut = join(outDir, `photo${ext}`);
  await copyFile(photoPath, photoOut);
  const bytes = await readFile(photoOut);
  const base = await describe(photoOut);
  const original = BigInt(`0x${base.pHash}`);
  const pdq = await computePDQ(bytes);

  // watermark: payload = first 8 bytes of the SHA-256
  const payload = base.sha256.slice(0, 16);
  const marked = await embedWatermark(bytes, { key, payload });
  const markedPath = join(outDir, `photo-watermarked${ext}`);
  await writeFile(markedPath, marked);
  const read = await extractWatermark(marked, { key });
  const a = await rgb(bytes);
  const b = await rgb(marked);
  const quality = psnr(a.data, b.data);
  const la = await luma(bytes);
  const lb = await luma(marked);
  const diff = Buffer.alloc(la.length);
  for (let i = 0; i < la.length; i++) {
    diff[i] = Math.max(0, Math.min(255, 128 + DIFFERENCE_GAIN * (lb[i] - la[i])));
  }
  const differencePath = join(outDir, `photo-difference-x${DIFFERENCE_GAIN}.png`);
  await writeFile(
    differencePath,
    await sharp(diff, { raw: { width: a.width, height: a.height, channels: 1 } })
      .png()
      .toBuffer(),
  );

  // higher-resolution copy and "RAW" (lossless PNG of it), as the registry step derives them
  const hdPath = join(outDir, "photo-hd.jpg");
  await writeFile(
    hdPath,
    await sharp(bytes)
      .resize({ width: base.width * 2 })
      .jpeg({ quality: 95 })
      .toBuffer(),
  );
  const rawPath = join(outDir, "photo-raw.png");
  await writeFile(rawPath, await sharp(hdPath).png().toBuffer());

  // chunk store: the photo and the video with its cells
  const store = createStore({ dir: storeDir, replication: 1 });
  try {
    const stored = await store.put(photoOut);
    const video = await store.put(videoPath, { cells: true, cellSeconds });
    return {
      outDir,
      photo: { ...base, pdq: pdq.hex, pdqQuality: pdq.quality, manifestCid: stored.cid },
      watermark: {
        key,
        payload,
        extracted: read.payload,
        confidence: read.confidence,
        psnr: quality,
        gain: DIFFERENCE_GAIN,
        path: markedPath,
        differencePath,
        sha256: sha256(marked),
      },
      hd: await describe(hdPath, original),
      raw: await describe(rawPath, original),
      video: {
        path: videoPath,
        manifestCid: video.cid,
        sha256: video.manifest.sha256,
        cellSeconds,
        cells: video.manifest.cells.map((c) => ({
          index: c.index,
          sha256: c.sha256,
          startSeconds: c.startSeconds,
          endSeconds: c.endSeconds,
          size: c.size,
        })),
      },
    };
  } finally {
    await store.close();
  }
}

export default async function run(ctx: DemoContext): Promise<void> {
  const { log } = ctx;
  const media = await prepareMedia();
  ctx.state.media = media;
  const rel = (path: string) => relative(process.cwd(), path);
  const { photo, watermark: wm, hd, raw, video } = media;
  log.info(`Photo ${PHOTO} (${photo.width}x${photo.height}, ${photo.bytes} bytes)`);
  log.table([
    { what: "SHA-256", value: photo.sha256 },
    { what: "pHash (exact)", value: photo.pHash },
    { what: "PDQ", value: `${photo.pdq} (quality ${photo.pdqQuality})` },
    { what: "manifest CID", value: photo.manifestCid },
  ]);
  const match = wm.extracted === wm.payload;
  log.info(
    `Watermark: payload ${wm.payload} (first 8 bytes of the SHA-256), demo key ${wm.key}; ` +
      `extracted ${wm.extracted ?? "nothing"} (${match ? "matches" : "MISMATCH"}, confidence ${wm.confidence.toFixed(3)}), ` +
      `PSNR ${wm.psnr.toFixed(2)} dB -> ${rel(wm.path)}`,
  );
  if (!match)
    throw new Error(`the demo watermark did not read back: ${wm.extracted} != ${wm.payload}`);
  log.info(
    `Copies: ${hd.width}x${hd.height} JPEG (pHash distance ${hd.distance}), ` +
      `${raw.width}x${raw.height} lossless "RAW" PNG (distance ${raw.distance})`,
  );
  log.info(
    `Video ${video.path}: manifest ${video.manifestCid}, ${video.cells.length} VideoCells of ~${video.cellSeconds} s ` +
      `(the demo's cell length; production cells are 60 s)`,
  );
  log.table(
    video.cells.map((c) => ({
      cell: String(c.index),
      from: `${c.startSeconds.toFixed(2)} s`,
      to: `${c.endSeconds.toFixed(2)} s`,
      bytes: String(c.size),
      sha256: c.sha256,
    })),
    { cell: "right", from: "right", to: "right", bytes: "right" },
  );
  log.detail(`media files in ${rel(media.outDir)}, chunk store in demo-out/store`);
}
