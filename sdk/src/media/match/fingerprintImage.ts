import { decodeImage, type ImageInput } from "../image.js";
import {
  pdqDihedralFromLuma,
  pdqPrepareLuma,
  PDQ_DIHEDRAL_NAMES,
  type PdqDihedral,
} from "../pdq/pdqFromLuma.js";
import {
  mirrorPHashCoefficients,
  pHashCoefficients,
  pHashFromCoefficients,
} from "../phash/computePHash.js";
import { dct32LowFrequencies8 } from "../phash/dct.js";
import { pillowLanczosResizeL, pillowLumaFromRgb } from "../phash/pillowLanczos.js";

/** Names of the eight PDQ dihedral variants. */
export type DihedralName = (typeof PDQ_DIHEDRAL_NAMES)[number];

/**
 * Everything the matcher needs about one image, from a single decode: the registry's pHash
 * (exact mode), the pHash of its mirror image, its PDQ hash with quality, and PDQ's eight
 * dihedral variants.
 */
export interface ImageFingerprint {
  /** pHash, bit-identical to imagehash (what the registry stores). */
  phash: bigint;
  /** pHash of the left-right mirrored picture. */
  phashMirror: bigint;
  /** PDQ hash (32 bytes) of the picture as it is. */
  pdq: Uint8Array;
  /** PDQ quality 0..100; below 50 the PDQ bits carry little information. */
  pdqQuality: number;
  /** PDQ hashes of the 8 rotations/flips (`original` equals `pdq`). */
  pdqDihedral: Record<DihedralName, Uint8Array>;
  /**
   * pHash-style hashes (same bits recipe) of the centre 90 % and 80 % of the picture, computed on
   * a reduced copy: they let a cropped copy meet its original, and a copy with new borders (a
   * small rotation's corners, a frame) meet it too.
   */
  phashCrops: bigint[];
  width: number;
  height: number;
}

/** Options of {@link fingerprintImage}. */
export interface FingerprintImageParameters {
  /** Pixel limit (width x height) above which the image is refused. Default 100 MP. */
  maxPixels?: number;
}

/**
 * Decodes an image once and computes its {@link ImageFingerprint}.
 *
 * @throws AuteurImageError for files that are missing, empty, truncated, not images or too large.
 *
 * @example
 * ```ts
 * import { fingerprintImage, compareFingerprints } from "@auteur/sdk/match";
 * const a = await fingerprintImage("original.jpg");
 * const b = await fingerprintImage("reposted.jpg");
 * console.log(compareFingerprints(b, a).match);
 * ```
 */
export async function fingerprintImage(
  input: ImageInput,
  options: FingerprintImageParameters = {},
): Promise<ImageFingerprint> {
  const image = await decodeImage(input, { maxPixels: options.maxPixels });
  const coefficients = pHashCoefficients(image);
  const plane = pdqPrepareLuma(image.data, image.width, image.height);
  const dihedral: PdqDihedral = pdqDihedralFromLuma(plane.luma, plane.width, plane.height);
  const pdqDihedral = {} as Record<DihedralName, Uint8Array>;
  for (const name of PDQ_DIHEDRAL_NAMES) pdqDihedral[name] = dihedral[name].hash;
  return {
    phashCrops: centreCropHashes(image.data, image.width, image.height),
    phash: pHashFromCoefficients(coefficients).hash,
    phashMirror: pHashFromCoefficients(mirrorPHashCoefficients(coefficients)).hash,
    pdq: dihedral.original.hash,
    pdqQuality: dihedral.original.quality,
    pdqDihedral,
    width: image.width,
    height: image.height,
  };
}

/** Centre-crop fractions of {@link ImageFingerprint.phashCrops}. */
export const CROP_FRACTIONS = [0.9, 0.8] as const;

/**
 * Hashes of centre crops: luma reduced by an integer box factor to about 256 pixels on the short
 * side, then each centre crop resized to 32x32 (Lanczos) and hashed like pHash.
 */
function centreCropHashes(rgb: Uint8Array, width: number, height: number): bigint[] {
  const factor = Math.max(1, Math.floor(Math.min(width, height) / 256));
  const w = Math.floor(width / factor);
  const h = Math.floor(height / factor);
  let luma: Uint8Array;
  if (factor === 1) {
    luma = pillowLumaFromRgb(rgb, width * height);
  } else {
    const full = pillowLumaFromRgb(rgb, width * height);
    luma = new Uint8Array(w * h);
    const area = factor * factor;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        let sum = 0;
        for (let dy = 0; dy < factor; dy++) {
          const row = (y * factor + dy) * width + x * factor;
          for (let dx = 0; dx < factor; dx++) sum += full[row + dx];
        }
        luma[y * w + x] = Math.round(sum / area);
      }
    }
  }
  return CROP_FRACTIONS.map((f) => {
    const cw = Math.max(1, Math.round(w * f));
    const ch = Math.max(1, Math.round(h * f));
    const left = Math.floor((w - cw) / 2);
    const top = Math.floor((h - ch) / 2);
    const crop = new Uint8Array(cw * ch);
    for (let y = 0; y < ch; y++)
      crop.set(luma.subarray((top + y) * w + left, (top + y) * w + left + cw), y * cw);
    return pHashFromCoefficients(dct32LowFrequencies8(pillowLanczosResizeL(crop, cw, ch, 32, 32)))
      .hash;
  });
}
