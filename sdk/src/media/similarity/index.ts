/**
 * `@auteur/sdk/similarity`: an exact Hamming-space index (multi-index hashing) for 64-bit pHash and
 * 256-bit PDQ hashes, with incremental insert/delete and a checksummed on-disk format.
 */
export { HammingIndex, MAX_ID } from "./HammingIndex.js";
export type { HammingIndexOptions, Neighbour, QueryOptions } from "./HammingIndex.js";
export {
  INDEX_FORMAT_VERSION,
  deserializeIndex,
  loadIndex,
  saveIndex,
  serializeIndex,
} from "./persist.js";
export { hammingBytes, hammingWords, hashToWords, popcount32, wordsToHex } from "./bits.js";
export type { HashInput } from "./bits.js";
