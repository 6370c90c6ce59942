/**
 * `@auteur/sdk/pdq`: Meta's PDQ 256-bit perceptual hash with its quality score and the eight
 * dihedral variants.
 *
 * @example
 * ```ts
 * import { computePDQ, hammingDistance256 } from "@auteur/sdk/pdq";
 * const a = await computePDQ("a.jpg");
 * const b = await computePDQ("b.jpg");
 * if (hammingDistance256(a.hash, b.hash) <= 31) console.log("same picture");
 * ```
 */
export {
  computePDQ,
  computePDQDihedral,
  type ComputePDQParameters,
  type ComputePDQReturnType,
} from "./computePDQ.js";
export {
  pdqFromLuma,
  pdqDihedralFromLuma,
  pdqLumaFromRgb,
  pdqPrepareLuma,
  PDQ_DOWNSAMPLE_DIMENSION,
  pdqFromHex,
  hammingDistance256,
  jaroszWindowSize,
  PDQ_DIHEDRAL_NAMES,
  PDQ_MIN_DIMENSION,
  type PdqHash,
  type PdqDihedral,
  type PdqLumaOptions,
} from "./pdqFromLuma.js";
