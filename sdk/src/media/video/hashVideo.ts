/**
 * Hashes a video file frame by frame: the frame hash of the video-platform design (default) or
 * per-frame PDQ (`vpdq`, the stronger option, after Meta's vPDQ).
 */
import { AuteurInputError } from "../../errors.js";
import { pdqFromLuma } from "../pdq/index.js";
import { readGreyFrames } from "./ffmpeg.js";
import { FRAME_HASH_MIN_SPREAD, FRAME_HASH_SIZE, frameHashFromGrey16 } from "./frameHash.js";

/** `frame`: 16x16 mean-threshold hash with darker-half-left mirroring; `vpdq`: PDQ per frame. */
export type VideoHashAlgorithm = "frame" | "vpdq";

/** Default sampling rate of the video-platform design. */
export const VIDEO_HASH_FPS = 5;

/** Side of the grey frames vPDQ hashes (ffmpeg resamples each frame to this square). */
export const VPDQ_FRAME_SIZE = 256;

/** PDQ quality below which a vPDQ frame is not used for matching (the PDQ authors' cut-off). */
export const VPDQ_MIN_QUALITY = 50;

/** One hashed frame. */
export type VideoFrameHash = {
  /** Seconds from the start of the video (frame index / fps). */
  time: number;
  /** 32 bytes (256 bits) in the order of the hex. */
  hash: Uint8Array;
  hex: string;
  /**
   * `frame`: the frame's grey-level standard deviation; `vpdq`: PDQ quality 0..100. Frames below
   * the algorithm's cut-off are kept (so times stay aligned) but not matched on.
   */
  quality: number;
  /** Whether the frame is informative enough to match on. */
  usable: boolean;
};

/** Options of {@link hashVideo}. */
export type HashVideoParameters = {
  algorithm?: VideoHashAlgorithm;
  /** Frames sampled per second. Default 5. */
  fps?: number;
  /** The ffmpeg binary (default `$AUTEUR_FFMPEG` or `ffmpeg`). */
  ffmpegPath?: string;
  signal?: AbortSignal;
};

/** What {@link hashVideo} returns. */
export type HashVideoReturnType = {
  algorithm: VideoHashAlgorithm;
  fps: number;
  /** Seconds covered by the sampled frames (frames / fps). */
  duration: number;
  frames: VideoFrameHash[];
};

/**
 * Hashes every sampled frame of a video. ffmpeg decodes and resamples; frames arrive through a
 * pipe, nothing is written to disk.
 *
 * @throws AuteurInputError (`VIDEO_NOT_FOUND`, `VIDEO_UNREADABLE`) for bad files, AuteurError
 *   `FFMPEG_MISSING` when ffmpeg is not installed.
 *
 * @example
 * ```ts
 * import { hashVideo } from "@auteur/sdk/video";
 * const { frames } = await hashVideo("clip.mp4");
 * console.log(frames.length, frames[0].hex);
 * ```
 */
export async function hashVideo(
  path: string,
  options: HashVideoParameters = {},
): Promise<HashVideoReturnType> {
  const algorithm = options.algorithm ?? "frame";
  const fps = options.fps ?? VIDEO_HASH_FPS;
  if (algorithm !== "frame" && algorithm !== "vpdq") {
    throw new AuteurInputError(
      "VIDEO_ALGORITHM_INVALID",
      `Unknown video hash algorithm: ${String(algorithm)}`,
      {
        details: { algorithm },
        hints: ['use "frame" or "vpdq"'],
      },
    );
  }
  const size = algorithm === "frame" ? FRAME_HASH_SIZE : VPDQ_FRAME_SIZE;
  const frames: VideoFrameHash[] = [];
  const luma = new Float32Array(size * size);
  for await (const grey of readGreyFrames(path, {
    fps,
    width: size,
    height: size,
    ffmpegPath: options.ffmpegPath,
    signal: options.signal,
  })) {
    const time = Math.round((frames.length / fps) * 1000) / 1000;
    if (algorithm === "frame") {
      const h = frameHashFromGrey16(grey);
      frames.push({
        time,
        hash: h.hash,
        hex: h.hex,
        quality: Math.round(h.spread * 100) / 100,
        usable: h.spread >= FRAME_HASH_MIN_SPREAD,
      });
    } else {
      for (let i = 0; i < grey.length; i++) luma[i] = grey[i];
      const p = pdqFromLuma(luma, size, size);
      frames.push({
        time,
        hash: p.hash,
        hex: p.hex,
        quality: p.quality,
        usable: p.quality >= VPDQ_MIN_QUALITY,
      });
    }
  }
  return { algorithm, fps, duration: frames.length / fps, frames };
}
