/**
 * `@auteur/sdk/phash`: the registry's 64-bit perceptual hash, bit-identical to Python
 * `imagehash` 4.3.2 `phash()`, plus the fast and mean-threshold variants.
 *
 * @example
 * ```ts
 * import { computePHash, hammingDistance64 } from "@auteur/sdk/phash";
 * const { hash, hex } = await computePHash("photo.jpg");
 * ```
 */
export {
  computePHash,
  pHashFromPixels,
  pHashFromThumbnail,
  pHashFromCoefficients,
  pHashCoefficients,
  mirrorPHashCoefficients,
  type ComputePHashParameters,
  type ComputePHashReturnType,
  type PHashMode,
} from "./computePHash.js";
export {
  hammingDistance64,
  popcount32,
  parsePHashHex,
  formatPHashHex,
} from "./hammingDistance64.js";
export {
  pillowLanczosResizeL,
  pillowLanczosResizeRgbToL,
  pillowLumaFromRgb,
} from "./pillowLanczos.js";
export { dct32LowFrequencies8 } from "./dct.js";
export {
  decodeImage,
  AuteurImageError,
  DEFAULT_MAX_PIXELS,
  type DecodedImage,
  type DecodeImageParameters,
  type ImageErrorCode,
  type ImageInput,
} from "../image.js";
