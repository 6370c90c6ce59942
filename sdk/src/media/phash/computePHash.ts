import {
  checkMaxPixels,
  classifyDecodeError,
  decodeImage,
  openImage,
  readImageBytes,
  type DecodedImage,
  type ImageInput,
} from "../image.js";
import { dct32LowFrequencies8 } from "./dct.js";
import { formatPHashHex } from "./hammingDistance64.js";
import { pillowLanczosResizeRgbToL } from "./pillowLanczos.js";

/**
 * How the 64 bits are computed.
 * - `"exact"` (default): bit-identical to Python `imagehash` 4.3.2 `phash()` — full decode,
 *   Pillow's greyscale and LANCZOS resize re-stated exactly, DCT, median threshold.
 * - `"fast"`: libvips does greyscale and the resize to 32x32 (with JPEG shrink-on-load); same
 *   DCT and median. Several times faster, but typically a few bits away from `"exact"`, so never
 *   mix hashes of the two modes in one index.
 * - `"mean"`: the exact pipeline with the image-copyright source's threshold: bit = coefficient >
 *   mean of the 64 coefficients, DC included. The DC term dominates the mean, so most bits are 0;
 *   see docs/media-fingerprints.md for the measured comparison.
 */
export type PHashMode = "exact" | "fast" | "mean";

/** Options of {@link computePHash}. */
export interface ComputePHashParameters {
  mode?: PHashMode;
  /** Pixel limit (width x height) above which the image is refused. Default 100 MP. */
  maxPixels?: number;
}

/** A 64-bit pHash: `hash` and `hex` (16 lowercase hex digits) hold the same bits. */
export interface ComputePHashReturnType {
  hash: bigint;
  hex: string;
}

/**
 * Computes the 64-bit perceptual hash of an image (file path or encoded bytes).
 *
 * The bits are the 8x8 lowest DCT frequencies of a 32x32 greyscale thumbnail, row-major, most
 * significant bit first, each set when the coefficient is above the median of the 64 (see
 * {@link PHashMode}). Orientation, alpha, colour spaces and animations are handled as described
 * in `media/image.ts`.
 *
 * @throws AuteurImageError for files that are missing, empty, truncated, not images or too large.
 *
 * @example
 * ```ts
 * import { computePHash, hammingDistance64 } from "@auteur/sdk/phash";
 * const a = await computePHash("fixtures/photos/chelsea.png");
 * const b = await computePHash("fixtures/phash/edits/chelsea-q50.jpg");
 * console.log(a.hex, hammingDistance64(a.hash, b.hash)); // "…", 0..4
 * ```
 */
export async function computePHash(
  input: ImageInput,
  options: ComputePHashParameters = {},
): Promise<ComputePHashReturnType> {
  const mode = options.mode ?? "exact";
  if (mode !== "exact" && mode !== "fast" && mode !== "mean") {
    throw new TypeError(`unknown pHash mode ${JSON.stringify(mode)} (exact | fast | mean)`);
  }
  if (mode === "fast") {
    const thumbnail = await fastThumbnail32(input, options.maxPixels);
    return pHashFromThumbnail(thumbnail, "median");
  }
  const image = await decodeImage(input, { maxPixels: options.maxPixels });
  return pHashFromPixels(image, mode === "mean" ? "mean" : "median");
}

/** pHash of already decoded sRGB pixels (the `exact` / `mean` pipelines after decoding). */
export function pHashFromPixels(
  image: Pick<DecodedImage, "data" | "width" | "height">,
  threshold: "median" | "mean" = "median",
): ComputePHashReturnType {
  const { data, width, height } = image;
  return pHashFromThumbnail(pillowLanczosResizeRgbToL(data, width, height, 32, 32), threshold);
}

/** pHash of a 32x32 greyscale thumbnail (1024 bytes, row-major). */
export function pHashFromThumbnail(
  thumbnail: Uint8Array,
  threshold: "median" | "mean" = "median",
): ComputePHashReturnType {
  if (thumbnail.length !== 1024)
    throw new RangeError(`expected 32x32 = 1024 samples, got ${thumbnail.length}`);
  return pHashFromCoefficients(dct32LowFrequencies8(thumbnail), threshold);
}

/** The 64 DCT coefficients (8x8, row-major) behind the exact pHash of decoded pixels. */
export function pHashCoefficients(
  image: Pick<DecodedImage, "data" | "width" | "height">,
): Float64Array {
  const { data, width, height } = image;
  return dct32LowFrequencies8(pillowLanczosResizeRgbToL(data, width, height, 32, 32));
}

/**
 * The pHash coefficients of the left-right mirrored picture, from the original's: mirroring
 * negates every coefficient of odd horizontal frequency. Pillow's window bounds round
 * asymmetrically, so this is close to (typically 0-4 bits from), not always equal to, the exact
 * pHash of the mirrored file.
 */
export function mirrorPHashCoefficients(coefficients: Float64Array): Float64Array {
  const out = Float64Array.from(coefficients);
  for (let u = 0; u < 8; u++) for (let v = 1; v < 8; v += 2) out[u * 8 + v] = -out[u * 8 + v];
  return out;
}

/** Bits from 64 DCT coefficients: coefficient > median (or mean), row-major, MSB first. */
export function pHashFromCoefficients(
  coefficients: Float64Array,
  threshold: "median" | "mean" = "median",
): ComputePHashReturnType {
  const cut = threshold === "median" ? median64(coefficients) : mean(coefficients);
  let high = 0;
  let low = 0;
  for (let i = 0; i < 64; i++) {
    const bit = coefficients[i] > cut ? 1 : 0;
    if (i < 32) high = (high * 2 + bit) >>> 0;
    else low = (low * 2 + bit) >>> 0;
  }
  const hash = (BigInt(high) << 32n) | BigInt(low);
  return { hash, hex: formatPHashHex(hash) };
}

/** numpy.median of 64 values: the mean of the 32nd and 33rd smallest. */
function median64(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  return (sorted[31] + sorted[32]) / 2;
}

function mean(values: Float64Array): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** libvips greyscale + Lanczos-3 resize to 32x32 (the `fast` mode). */
async function fastThumbnail32(
  input: ImageInput,
  maxPixelsOption: number | undefined,
): Promise<Uint8Array> {
  const maxPixels = checkMaxPixels(maxPixelsOption);
  const bytes = await readImageBytes(input);
  try {
    const { data, info } = await openImage(bytes, maxPixels)
      .flatten({ background: "#ffffff" })
      .resize(32, 32, { fit: "fill", kernel: "lanczos3" })
      .greyscale()
      .raw({ depth: "uchar" })
      .toBuffer({ resolveWithObject: true });
    if (info.channels === 1) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    // greyscale() can leave extra bands on exotic inputs; keep the first.
    const out = new Uint8Array(1024);
    for (let i = 0; i < 1024; i++) out[i] = data[i * info.channels];
    return out;
  } catch (error) {
    throw await classifyDecodeError(error, input, bytes, maxPixels);
  }
}
