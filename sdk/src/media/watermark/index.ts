/**
 * `@auteur/sdk/watermark`: invisible keyed DCT-domain watermark (80-bit key, 64-bit payload) with
 * chaotic (logistic-map) scrambling, a CRC-24 and a convolutional code, and resynchronisation
 * after crops and rescaling. See docs/watermark.md.
 */
export {
  embedWatermark,
  type EmbedWatermarkParameters,
  type EmbedWatermarkReturnType,
} from "./embedWatermark.js";
export {
  createWatermarkReader,
  extractWatermark,
  type WatermarkReader,
  type ExtractWatermarkParameters,
  type ExtractWatermarkReturnType,
} from "./extractWatermark.js";
export { normalizePayload } from "./code.js";
export { parseWatermarkKey } from "./keySchedule.js";
export { MIN_SIDE as WATERMARK_MIN_SIDE } from "./image.js";
