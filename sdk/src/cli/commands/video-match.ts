/**
 * `auteur video-match <a> <b> [--json]`: is one video a duplicate of the other? Prints the fraction
 * of matching frames at the best alignment and the time offset (b time = a time + offset).
 * Exit code 0 whatever the verdict (the verdict is the output), 2 for bad input.
 */
import { parseArgs } from "node:util";

import { AuteurInputError } from "../../errors.js";
import {
  DEFAULT_FRAME_THRESHOLD,
  DEFAULT_MIN_FRACTION,
  matchVideos,
} from "../../media/video/index.js";
import { videoAlgoFlags } from "./video-hash.js";

const HELP = `Usage: auteur video-match <a> <b> [--algo frame|vpdq] [--threshold BITS] [--min-fraction F] [--json]

  Hashes both videos (5 frames per second) and finds the time offset at which most frames match.
  --algo frame|vpdq   frame hash (default) or per-frame PDQ
  --threshold BITS    per-frame Hamming threshold (default ${DEFAULT_FRAME_THRESHOLD.frame} for frame, ${DEFAULT_FRAME_THRESHOLD.vpdq} for vpdq)
  --min-fraction F    fraction of the shorter video's frames that must match (default ${DEFAULT_MIN_FRACTION.frame} / ${DEFAULT_MIN_FRACTION.vpdq})
  --json              one JSON object: {"a","b","algo","duplicate","fraction","fractionA","fractionB",
                      "matchedFrames","framesA","framesB","offsetSeconds","threshold","minFraction"}

Exit code 0 whether or not the videos match, 2 for a missing or unreadable video.`;

const options = {
  algo: { type: "string" },
  fps: { type: "string" },
  threshold: { type: "string" },
  "min-fraction": { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

export async function run(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new AuteurInputError("CLI_BAD_FLAG", (error as Error).message, {
      hints: ["auteur video-match --help"],
    });
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(HELP);
    return;
  }
  if (positionals.length !== 2) {
    throw new AuteurInputError(
      "CLI_BAD_ARGS",
      `video-match compares exactly two videos (got ${positionals.length})`,
      {
        hints: ["auteur video-match upload.mp4 original.mp4"],
      },
    );
  }
  const [a, b] = positionals;
  const { algorithm, fps } = videoAlgoFlags(values, "video-match");
  const threshold =
    values.threshold === undefined ? DEFAULT_FRAME_THRESHOLD[algorithm] : Number(values.threshold);
  if (!Number.isInteger(threshold) || threshold < 0 || threshold > 256) {
    throw new AuteurInputError(
      "CLI_BAD_FLAG",
      `--threshold must be a whole number of bits from 0 to 256, got "${values.threshold}"`,
      {
        hints: [`e.g. --threshold ${DEFAULT_FRAME_THRESHOLD[algorithm]}`],
      },
    );
  }
  const minFraction =
    values["min-fraction"] === undefined
      ? DEFAULT_MIN_FRACTION[algorithm]
      : Number(values["min-fraction"]);
  if (!(minFraction >= 0 && minFraction <= 1)) {
    throw new AuteurInputError(
      "CLI_BAD_FLAG",
      `--min-fraction must be between 0 and 1, got "${values["min-fraction"]}"`,
      {
        hints: [`e.g. --min-fraction ${DEFAULT_MIN_FRACTION[algorithm]}`],
      },
    );
  }
  const m = await matchVideos(a, b, { algorithm, fps, threshold, minFraction });
  const summary = {
    a,
    b,
    algo: algorithm,
    duplicate: m.duplicate,
    fraction: m.fraction,
    fractionA: m.fractionQuery,
    fractionB: m.fractionStored,
    matchedFrames: m.matchedFrames,
    framesA: m.usableFramesQuery,
    framesB: m.usableFramesStored,
    offsetSeconds: m.offsetSeconds,
    threshold,
    minFraction,
  };
  if (values.json) {
    console.log(JSON.stringify(summary));
    return;
  }
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  console.log(
    m.duplicate ? `DUPLICATE: ${b} contains ${a}` : `no match: ${a} and ${b} are different videos`,
  );
  console.log(
    `  matching frames: ${m.matchedFrames} (${pct(m.fraction)} of the shorter video; ${pct(m.fractionQuery)} of a, ${pct(m.fractionStored)} of b)`,
  );
  if (m.matchedFrames > 0)
    console.log(
      `  offset: ${m.offsetSeconds >= 0 ? "+" : ""}${m.offsetSeconds.toFixed(1)} s (time in b = time in a + offset)`,
    );
  console.log(
    `  ${algorithm}, ${fps} fps, per-frame threshold ${threshold} bits, duplicate from ${pct(minFraction)}`,
  );
}
