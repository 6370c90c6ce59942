import type { ImageInput } from "../image.js";
import {
  compareFingerprints,
  type MatchResult,
  type MatchThresholds,
} from "./compareFingerprints.js";
import { fingerprintImage } from "./fingerprintImage.js";

/** Options of {@link matchImages}. */
export interface MatchImagesParameters {
  thresholds?: Partial<MatchThresholds>;
  maxPixels?: number;
}

/**
 * Fingerprints two images and decides whether `query` shows the same picture as `reference`.
 *
 * @example
 * ```ts
 * const { match } = await matchImages("copy.jpg", "original.jpg");
 * ```
 */
export async function matchImages(
  query: ImageInput,
  reference: ImageInput,
  options: MatchImagesParameters = {},
): Promise<MatchResult> {
  const [q, r] = await Promise.all([
    fingerprintImage(query, { maxPixels: options.maxPixels }),
    fingerprintImage(reference, { maxPixels: options.maxPixels }),
  ]);
  return compareFingerprints(q, r, options.thresholds);
}
