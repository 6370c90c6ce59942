/**
 * `@auteur/sdk/match`: decides "same picture" from pHash and PDQ together, aware of flips and
 * rotations, with documented default thresholds.
 *
 * @example
 * ```ts
 * import { matchImages } from "@auteur/sdk/match";
 * const r = await matchImages("reposted.jpg", "original.jpg");
 * console.log(r.match, r.rule, r.pdqDistance, r.phashDistance);
 * ```
 */
export {
  fingerprintImage,
  type ImageFingerprint,
  type FingerprintImageParameters,
  type DihedralName,
} from "./fingerprintImage.js";
export {
  compareFingerprints,
  DEFAULT_MATCH_THRESHOLDS,
  type MatchThresholds,
  type MatchResult,
} from "./compareFingerprints.js";
export { matchImages, type MatchImagesParameters } from "./matchImages.js";
