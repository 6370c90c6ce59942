import { detectPlane, type Candidate } from "./extractCore.js";
import { decodeImage, loadBytes, lumaOf } from "./image.js";
import { parseWatermarkKey } from "./keySchedule.js";
import { tileLayout } from "./layout.js";
import { estimateScales, resample } from "./resync.js";

/** Scale hypotheses decoded after the native-size attempt fails. */
const SCALE_CANDIDATES = 3;
/** Range of rescales undone (copy size / original size). */
const MIN_SCALE = 0.4;
const MAX_SCALE = 3;
/** Smallest resampled plane worth decoding (two tiles). */
const MIN_PLANE = 256;

/** Options of {@link extractWatermark}. */
export type ExtractWatermarkParameters = {
  /** 80-bit secret key used at embedding: 20 hex characters. */
  key: string;
};

export type ExtractWatermarkReturnType = {
  /** The 64-bit payload as 16 lowercase hex characters, or null when no mark is found for this key. */
  payload: string | null;
  /** 0..1: correlation of the image with the decoded mark (for `null`, with the best rejected candidate). */
  confidence: number;
};

/** Smallest side accepted for extraction (a copy may have been scaled down). */
export const MIN_EXTRACT_SIDE = 128;

/**
 * Reads the watermark of an image with a key. Returns the exact payload or `null`: a payload is
 * returned only when the frame's CRC-24 checks and the image correlates with the re-encoded mark.
 *
 * @example
 * ```ts
 * const { payload, confidence } = await extractWatermark("copy.jpg", { key: "0123456789abcdef0123" });
 * ```
 * @throws AuteurInputError for a bad key or an unreadable image
 */
export async function extractWatermark(
  input: Uint8Array | string,
  parameters: ExtractWatermarkParameters,
): Promise<ExtractWatermarkReturnType> {
  const keyBytes = parseWatermarkKey(parameters?.key);
  const image = await decodeImage(await loadBytes(input), MIN_EXTRACT_SIDE);
  const luma = lumaOf(image);
  const layout = tileLayout(keyBytes);
  let best: Candidate = detectPlane(luma, image.width, image.height, layout);
  if (best.payload === null) {
    // Resynchronisation: undo the rescales suggested by the mark's periodicity, strongest first.
    for (const { scale } of estimateScales(luma, image.width, image.height, SCALE_CANDIDATES)) {
      if (Math.abs(scale - 1) < 0.01 || scale < MIN_SCALE || scale > MAX_SCALE) continue;
      const plane = resample(luma, image.width, image.height, scale);
      if (plane.width < MIN_PLANE || plane.height < MIN_PLANE) continue;
      const found = detectPlane(plane.luma, plane.width, plane.height, layout);
      if (found.payload !== null || found.rho > best.rho) best = found;
      if (found.payload !== null) break;
    }
  }
  return { payload: best.payload, confidence: Math.max(0, Math.min(1, best.rho)) };
}
