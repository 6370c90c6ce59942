import { decodeImage, type ImageInput } from "../image.js";
import {
  pdqDihedralFromLuma,
  pdqFromLuma,
  pdqLumaFromRgb,
  pdqPrepareLuma,
  type PdqDihedral,
  type PdqHash,
} from "./pdqFromLuma.js";

/** Options of {@link computePDQ} and {@link computePDQDihedral}. */
export interface ComputePDQParameters {
  /** Pixel limit (width x height) above which the image is refused. Default 100 MP. */
  maxPixels?: number;
  /**
   * `"reference"` (default): today's reference hasher (512x512 resampling of larger images).
   * `"legacy-2017"`: the build that printed the 2017 published hashes — full resolution, box
   * windows sized from the other axis — only to compare with hashes made by it.
   */
  variant?: "reference" | "legacy-2017";
}

function plane(
  data: Uint8Array,
  width: number,
  height: number,
  variant: ComputePDQParameters["variant"],
) {
  if (variant === undefined || variant === "reference") return pdqPrepareLuma(data, width, height);
  if (variant === "legacy-2017")
    return { luma: pdqLumaFromRgb(data, width, height), width, height };
  throw new TypeError(`unknown PDQ variant ${JSON.stringify(variant)} (reference | legacy-2017)`);
}

/** `{ hash, hex, quality }`: 32 bytes, 64 hex digits, quality 0..100 (below ~50: unreliable). */
export type ComputePDQReturnType = PdqHash;

/**
 * PDQ hash (256 bits) and quality of an image (file path or encoded bytes), decoded as for pHash
 * (orientation applied, alpha flattened onto white, first frame). Images larger than 512 pixels
 * on a side are first resampled to 512x512 (nearest neighbour), as the reference hasher does.
 *
 * @throws AuteurImageError for files that are missing, empty, truncated, not images or too large.
 *
 * @example
 * ```ts
 * import { computePDQ, hammingDistance256 } from "@auteur/sdk/pdq";
 * const a = await computePDQ("fixtures/pdq/dih/bridge-1-original.jpg");
 * console.log(a.hex, a.quality); // "f8f8f0cc…", 100
 * ```
 */
export async function computePDQ(
  input: ImageInput,
  options: ComputePDQParameters = {},
): Promise<ComputePDQReturnType> {
  const { data, width, height } = await decodeImage(input, { maxPixels: options.maxPixels });
  const p = plane(data, width, height, options.variant);
  return pdqFromLuma(p.luma, p.width, p.height, { legacy2017: options.variant === "legacy-2017" });
}

/**
 * The eight dihedral PDQ hashes (original, rotations by 90/180/270 degrees, the two flips and the
 * two diagonal flips) computed from one DCT: `rotate90` is the hash the image would have after a
 * 90-degree rotation, so matching a query against all eight finds rotated and mirrored copies.
 *
 * @example
 * ```ts
 * const v = await computePDQDihedral("photo.jpg");
 * console.log(v.flipX.hex);
 * ```
 */
export async function computePDQDihedral(
  input: ImageInput,
  options: ComputePDQParameters = {},
): Promise<PdqDihedral> {
  const { data, width, height } = await decodeImage(input, { maxPixels: options.maxPixels });
  const p = plane(data, width, height, options.variant);
  return pdqDihedralFromLuma(p.luma, p.width, p.height, {
    legacy2017: options.variant === "legacy-2017",
  });
}
