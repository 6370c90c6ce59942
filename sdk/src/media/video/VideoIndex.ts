/**
 * "Is this video a duplicate of one we know?": an index of the frame hashes of many videos and a
 * sequence matcher on top of it.
 *
 * Every usable frame of every stored video sits in one exact {@link HammingIndex} (256-bit). A
 * query video's frames each look up their neighbours within the per-frame threshold; each hit
 * votes for (video, time offset = candidate frame - query frame). The offset with the most query
 * frames behind it is the alignment, and the fraction of frames that match at that alignment is
 * the score. A hit also counts for the offsets one frame either side, since two encodings of one
 * clip are sampled at slightly different instants.
 */
import { AuteurInputError } from "../../errors.js";
import { HammingIndex } from "../similarity/index.js";
import type { HashVideoReturnType, VideoHashAlgorithm } from "./hashVideo.js";

/** Per-frame Hamming thresholds (bits out of 256) used when none is given; see the docs. */
export const DEFAULT_FRAME_THRESHOLD: Readonly<Record<VideoHashAlgorithm, number>> = {
  frame: 32,
  vpdq: 31,
};

/**
 * Fraction of matching frames (of the shorter video, at the best alignment) from which two videos
 * count as duplicates. vPDQ asks for less: a PDQ frame within 31 bits is far stronger evidence
 * than a 16x16 frame hash within 32 (frames of different clips in fixtures/video never came closer
 * than 96 bits with PDQ, 41 with the frame hash), while PDQ matches fewer frames of a re-framed
 * copy (20-30 % for chair-19 against chair-22, where the frame hash matches 90 %).
 */
export const DEFAULT_MIN_FRACTION: Readonly<Record<VideoHashAlgorithm, number>> = {
  frame: 0.5,
  vpdq: 0.1,
};

/** Options of {@link VideoIndex.match} and {@link matchVideoHashes}. */
export type VideoMatchParameters = {
  /** Per-frame Hamming threshold (inclusive). Default: {@link DEFAULT_FRAME_THRESHOLD}. */
  threshold?: number;
  /** Minimum fraction for `duplicate: true`. Default {@link DEFAULT_MIN_FRACTION}. */
  minFraction?: number;
  /** Offsets (in frames) either side that still count as aligned. Default 1. */
  tolerance?: number;
};

/** How well one stored video matches a query video. */
export type VideoMatch = {
  /** Name of the stored video. */
  video: string;
  /** `fraction >= minFraction`. */
  duplicate: boolean;
  /** Matched frames / usable frames of the shorter of the two videos. */
  fraction: number;
  /** Matched frames / usable frames of the query. */
  fractionQuery: number;
  /** Matched frames / usable frames of the stored video. */
  fractionStored: number;
  /** Query frames that match a stored frame at the best alignment. */
  matchedFrames: number;
  /** Stored frame index - query frame index at the best alignment. */
  offsetFrames: number;
  /**
   * Seconds to add to a query time to reach the same picture in the stored video (negative: the
   * stored video starts later in the content).
   */
  offsetSeconds: number;
  usableFramesQuery: number;
  usableFramesStored: number;
};

type Stored = { name: string; usable: number; fps: number };

/**
 * The duplicate-video index. All videos in one index must use the same algorithm and fps.
 *
 * @example
 * ```ts
 * const index = new VideoIndex("frame");
 * index.add("chair", await hashVideo("chair.mp4"));
 * index.match(await hashVideo("upload.mp4")); // [{ video: "chair", duplicate: true, fraction: 0.93, ... }]
 * ```
 */
export class VideoIndex {
  readonly algorithm: VideoHashAlgorithm;
  private readonly frames = new HammingIndex({ bits: 256 });
  /** Per index frame id: video number and frame number. */
  private readonly frameVideo: number[] = [];
  private readonly frameIndex: number[] = [];
  private readonly videos: Stored[] = [];
  private fps: number | undefined;

  constructor(algorithm: VideoHashAlgorithm = "frame") {
    this.algorithm = algorithm;
  }

  /** Number of stored videos. */
  get size(): number {
    return this.videos.length;
  }

  /** Stores a hashed video under `name`. */
  add(name: string, video: HashVideoReturnType): void {
    this.check(video);
    if (this.videos.some((v) => v.name === name)) {
      throw new AuteurInputError("VIDEO_NAME_TAKEN", `A video named "${name}" is already stored`, {
        details: { name },
      });
    }
    const number = this.videos.length;
    let usable = 0;
    video.frames.forEach((frame, i) => {
      if (!frame.usable) return;
      const id = this.frames.add(frame.hash);
      this.frameVideo[id] = number;
      this.frameIndex[id] = i;
      usable++;
    });
    this.videos.push({ name, usable, fps: video.fps });
    this.fps ??= video.fps;
  }

  /** Every stored video that shares at least one aligned frame with `query`, best first. */
  match(query: HashVideoReturnType, options: VideoMatchParameters = {}): VideoMatch[] {
    this.check(query);
    const threshold = options.threshold ?? DEFAULT_FRAME_THRESHOLD[this.algorithm];
    const minFraction = options.minFraction ?? DEFAULT_MIN_FRACTION[this.algorithm];
    const tolerance = options.tolerance ?? 1;
    if (!Number.isInteger(threshold) || threshold < 0 || threshold > 256) {
      throw new AuteurInputError(
        "VIDEO_THRESHOLD_INVALID",
        `Invalid frame threshold: ${threshold}`,
        {
          details: { threshold },
          hints: ["pass a whole number of bits from 0 to 256"],
        },
      );
    }
    if (!(minFraction >= 0 && minFraction <= 1)) {
      throw new AuteurInputError(
        "VIDEO_FRACTION_INVALID",
        `Invalid minimum fraction: ${minFraction}`,
        {
          details: { minFraction },
        },
      );
    }
    if (!Number.isInteger(tolerance) || tolerance < 0) {
      throw new AuteurInputError("VIDEO_TOLERANCE_INVALID", `Invalid tolerance: ${tolerance}`, {
        details: { tolerance },
      });
    }
    // votes: key (video, offset) -> number of distinct query frames; lastFrame avoids double counts.
    const votes = new Map<
      string,
      { video: number; offset: number; count: number; lastFrame: number }
    >();
    let usableQuery = 0;
    query.frames.forEach((frame, i) => {
      if (!frame.usable) return;
      usableQuery++;
      for (const { id } of this.frames.query(frame.hash, threshold)) {
        const video = this.frameVideo[id];
        const base = this.frameIndex[id] - i;
        for (let offset = base - tolerance; offset <= base + tolerance; offset++) {
          const key = `${video}:${offset}`;
          const vote = votes.get(key);
          if (vote === undefined) votes.set(key, { video, offset, count: 1, lastFrame: i });
          else if (vote.lastFrame !== i) {
            vote.count++;
            vote.lastFrame = i;
          }
        }
      }
    });
    const best = new Map<number, { offset: number; count: number }>();
    for (const vote of votes.values()) {
      const current = best.get(vote.video);
      if (
        current === undefined ||
        vote.count > current.count ||
        (vote.count === current.count && Math.abs(vote.offset) < Math.abs(current.offset))
      ) {
        best.set(vote.video, { offset: vote.offset, count: vote.count });
      }
    }
    const out: VideoMatch[] = [];
    for (const [number, { offset, count }] of best) {
      const stored = this.videos[number];
      const shorter = Math.min(usableQuery, stored.usable);
      const fraction = shorter === 0 ? 0 : Math.min(1, count / shorter);
      out.push({
        video: stored.name,
        duplicate: fraction >= minFraction && count > 0,
        fraction: round(fraction),
        fractionQuery: round(usableQuery === 0 ? 0 : count / usableQuery),
        fractionStored: round(stored.usable === 0 ? 0 : Math.min(1, count / stored.usable)),
        matchedFrames: count,
        offsetFrames: offset,
        offsetSeconds: round(offset / query.fps),
        usableFramesQuery: usableQuery,
        usableFramesStored: stored.usable,
      });
    }
    return out.sort((a, b) => b.fraction - a.fraction || a.video.localeCompare(b.video));
  }

  private check(video: HashVideoReturnType): void {
    if (video.algorithm !== this.algorithm) {
      throw new AuteurInputError(
        "VIDEO_ALGORITHM_MISMATCH",
        `This index holds ${this.algorithm} hashes, got ${video.algorithm}`,
        {
          details: { index: this.algorithm, video: video.algorithm },
          hints: ["hash both videos with the same algorithm"],
        },
      );
    }
    if (this.fps !== undefined && video.fps !== this.fps) {
      throw new AuteurInputError(
        "VIDEO_FPS_MISMATCH",
        `This index holds videos sampled at ${this.fps} fps, got ${video.fps}`,
        {
          details: { index: this.fps, video: video.fps },
        },
      );
    }
  }
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}

/** What {@link matchVideoHashes} returns: the match of `b` against `a` (or a non-match). */
export type MatchVideoHashesReturnType = Omit<VideoMatch, "video">;

/**
 * Compares two hashed videos: the fraction of matching frames at the best time alignment.
 * `offsetSeconds` is where `a`'s content sits in `b` (b time = a time + offset).
 */
export function matchVideoHashes(
  a: HashVideoReturnType,
  b: HashVideoReturnType,
  options: VideoMatchParameters = {},
): MatchVideoHashesReturnType {
  const index = new VideoIndex(b.algorithm);
  index.add("b", b);
  const [match] = index.match(a, options);
  if (match !== undefined) {
    const { video: _video, ...rest } = match;
    return rest;
  }
  const usableA = a.frames.filter((f) => f.usable).length;
  const usableB = b.frames.filter((f) => f.usable).length;
  return {
    duplicate: false,
    fraction: 0,
    fractionQuery: 0,
    fractionStored: 0,
    matchedFrames: 0,
    offsetFrames: 0,
    offsetSeconds: 0,
    usableFramesQuery: usableA,
    usableFramesStored: usableB,
  };
}
