/**
 * `auteur video-hash <file> [--json] [--algo frame|vpdq]`: the per-frame hashes of a video (5 fps).
 *
 * Text output: one line per frame, `<seconds> <64 hex>` (a `-` after the hash marks frames too flat
 * to match on). `--json`: one object `{"file", "algo", "fps", "duration", "frames": [{"time",
 * "hash", "quality", "usable"}]}`.
 */
import { parseArgs } from "node:util";

import { AuteurInputError } from "../../errors.js";
import { hashVideo, VIDEO_HASH_FPS, type VideoHashAlgorithm } from "../../media/video/index.js";

const HELP = `Usage: auteur video-hash <file> [--algo frame|vpdq] [--fps N] [--json]

  Hashes a video frame by frame through ffmpeg (${VIDEO_HASH_FPS} frames per second by default).
  --algo frame  16x16 grey, darker half mirrored to the left, bit = pixel > mean (default)
  --algo vpdq   PDQ of each frame, with its quality (stronger, slower)
  --json        one JSON object: {"file","algo","fps","duration","frames":[{"time","hash","quality","usable"}]}

Exit code 0 on success, 2 for a missing or unreadable video. Next: auteur video-match <a> <b>`;

const options = {
  algo: { type: "string" },
  fps: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** Parses the flags shared by video-hash and video-match. */
export function videoAlgoFlags(
  values: { algo?: string; fps?: string },
  command: string,
): { algorithm: VideoHashAlgorithm; fps: number } {
  const algorithm = values.algo ?? "frame";
  if (algorithm !== "frame" && algorithm !== "vpdq") {
    throw new AuteurInputError("CLI_BAD_FLAG", `--algo must be frame or vpdq, got "${algorithm}"`, {
      hints: [`auteur ${command} --help`],
    });
  }
  const fps = values.fps === undefined ? VIDEO_HASH_FPS : Number(values.fps);
  if (!Number.isFinite(fps) || fps <= 0 || fps > 60) {
    throw new AuteurInputError(
      "CLI_BAD_FLAG",
      `--fps must be a number above 0 and at most 60, got "${values.fps}"`,
      { hints: ["e.g. --fps 5"] },
    );
  }
  return { algorithm, fps };
}

export async function run(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new AuteurInputError("CLI_BAD_FLAG", (error as Error).message, {
      hints: ["auteur video-hash --help"],
    });
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(HELP);
    return;
  }
  if (positionals.length !== 1) {
    throw new AuteurInputError(
      "CLI_BAD_ARGS",
      positionals.length === 0
        ? "Missing the video file"
        : `Hash one video at a time (got ${positionals.length})`,
      {
        hints: ["auteur video-hash clip.mp4"],
      },
    );
  }
  const file = positionals[0];
  const { algorithm, fps } = videoAlgoFlags(values, "video-hash");
  const result = await hashVideo(file, { algorithm, fps });
  if (values.json) {
    console.log(
      JSON.stringify({
        file,
        algo: result.algorithm,
        fps: result.fps,
        duration: result.duration,
        frames: result.frames.map((f) => ({
          time: f.time,
          hash: f.hex,
          quality: f.quality,
          usable: f.usable,
        })),
      }),
    );
    return;
  }
  console.log(
    `# ${file}: ${result.frames.length} frames, ${result.algorithm}, ${result.fps} fps, ${result.duration.toFixed(1)} s`,
  );
  for (const f of result.frames)
    console.log(`${f.time.toFixed(1)} ${f.hex}${f.usable ? "" : " -"}`);
}
