/**
 * `@auteur/sdk/video`: duplicate-video detection from frame hashes (ffmpeg at 5 fps, 16x16 grey,
 * darker half mirrored to the left, bit = pixel > mean), per-frame PDQ (vPDQ) as the stronger
 * option, and a sequence matcher that answers "duplicate of video X" with the fraction of matching
 * frames and the time offset.
 *
 * @example
 * ```ts
 * import { hashVideo, matchVideoHashes } from "@auteur/sdk/video";
 * const a = await hashVideo("upload.mp4");
 * const b = await hashVideo("registered.mp4");
 * const m = matchVideoHashes(a, b); // { duplicate, fraction, offsetSeconds, ... }
 * ```
 */
export { readGreyFrames, defaultFfmpegPath, type ReadGreyFramesParameters } from "./ffmpeg.js";
export {
  frameHashFromGrey16,
  FRAME_HASH_SIZE,
  FRAME_HASH_MIN_SPREAD,
  type FrameHash,
} from "./frameHash.js";
export {
  hashVideo,
  VIDEO_HASH_FPS,
  VPDQ_FRAME_SIZE,
  VPDQ_MIN_QUALITY,
  type HashVideoParameters,
  type HashVideoReturnType,
  type VideoFrameHash,
  type VideoHashAlgorithm,
} from "./hashVideo.js";
export {
  VideoIndex,
  matchVideoHashes,
  DEFAULT_FRAME_THRESHOLD,
  DEFAULT_MIN_FRACTION,
  type MatchVideoHashesReturnType,
  type VideoMatch,
  type VideoMatchParameters,
} from "./VideoIndex.js";
export {
  matchVideos,
  type MatchVideosParameters,
  type MatchVideosReturnType,
} from "./matchVideos.js";
