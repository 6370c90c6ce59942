/** Hash two video files and compare them (the `auteur video-match` operation). */
import { hashVideo, type HashVideoParameters, type HashVideoReturnType } from "./hashVideo.js";
import {
  matchVideoHashes,
  type MatchVideoHashesReturnType,
  type VideoMatchParameters,
} from "./VideoIndex.js";

/** Options of {@link matchVideos}. */
export type MatchVideosParameters = HashVideoParameters & VideoMatchParameters;

/** What {@link matchVideos} returns: the match and both videos' hashes. */
export type MatchVideosReturnType = MatchVideoHashesReturnType & {
  a: HashVideoReturnType;
  b: HashVideoReturnType;
};

/**
 * Hashes `a` and `b` (one after the other; ffmpeg already uses both cores) and matches them.
 *
 * @example
 * ```ts
 * const m = await matchVideos("upload.mp4", "registered.mp4", { algorithm: "vpdq" });
 * if (m.duplicate) console.log(`${m.fraction * 100}% of frames match, offset ${m.offsetSeconds}s`);
 * ```
 */
export async function matchVideos(
  a: string,
  b: string,
  options: MatchVideosParameters = {},
): Promise<MatchVideosReturnType> {
  const ha = await hashVideo(a, options);
  const hb = await hashVideo(b, options);
  return { ...matchVideoHashes(ha, hb, options), a: ha, b: hb };
}
