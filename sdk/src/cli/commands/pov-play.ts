/**
 * `auteur pov play`: the player side of Proof-of-View for one VideoCell. From the verifier's
 * challenge it builds the PlayData (account, content, cell index, the cell's SHA-256), computes the
 * low-difficulty nonce over the verifier's constant while the cell plays, and writes the submission
 * the verifier checks.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { AuteurInputError } from "../../errors.js";
import { createPlayData, solvePlayNonce } from "../../pov/player.js";
import { addressFlag, report, toJson } from "../../chain/node/cli.js";
import {
  readChallenge,
  SUBMISSION_FORMAT,
  writeJsonAtomic,
  type SubmissionFile,
} from "./pov-files.js";

export const PLAY_HELP = `Usage: auteur pov play --challenge FILE --storage-provider ADDR [options]

Plays one VideoCell for the verifier: checks the PlayData against the challenge, solves the nonce
over the verifier's constant while the cell plays (the command lasts the cell's play time, as a
player would), and writes the submission for \`auteur pov verify check\`. A real player that
measured its own times passes --playback-ms and --nonce-ms and does not wait.

  --challenge FILE          the verifier's challenge (\`auteur pov verify issue --out FILE\`)
  --cell FILE               the cell's bytes: its SHA-256 must match the challenge's cell hash
  --account ADDR            the viewer (checked against the challenge)
  --storage-provider ADDR   the storage node that served the cell (paid from the storage share)
  --duration-ms N           how long the cell plays (default: the cell's play time in the challenge)
  --playback-ms N           measured playback time (skips the wait; needs --nonce-ms)
  --nonce-ms N              measured nonce computation time
  --out FILE                where to write the submission (default: print it)
  --json                    one JSON object on stdout`;

export const PLAY_OPTIONS = {
  challenge: { type: "string" },
  cell: { type: "string" },
  account: { type: "string" },
  "storage-provider": { type: "string" },
  "duration-ms": { type: "string" },
  "playback-ms": { type: "string" },
  "nonce-ms": { type: "string" },
  out: { type: "string" },
} as const;

function ms(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]+$/.test(value)) {
    throw new AuteurInputError("FLAG_INVALID", `${flag} must be whole milliseconds`, {
      hints: [`pass ${flag} 60000`],
    });
  }
  return Number(value);
}

export async function runPlay(values: {
  challenge?: string;
  cell?: string;
  account?: string;
  "storage-provider"?: string;
  "duration-ms"?: string;
  "playback-ms"?: string;
  "nonce-ms"?: string;
  out?: string;
  json?: boolean;
}): Promise<void> {
  if (values.challenge === undefined) {
    throw new AuteurInputError("FLAG_MISSING", "--challenge is required", {
      hints: ["ask the verifier: auteur pov verify issue ... --out challenge.json"],
    });
  }
  const storageProvider = addressFlag(values["storage-provider"], "--storage-provider");
  const { playData: issued, challenge, cellMs } = await readChallenge(values.challenge);
  let cellHash = issued.cellHash;
  if (values.cell !== undefined) {
    const bytes = await readFile(values.cell).catch((cause: unknown) => {
      throw new AuteurInputError("FILE_UNREADABLE", `cannot read cell ${values.cell}`, { cause });
    });
    cellHash = `0x${createHash("sha256").update(bytes).digest("hex")}`;
    if (cellHash !== issued.cellHash) {
      throw new AuteurInputError("POV_CELL_HASH_MISMATCH", "this file is not the challenged cell", {
        details: { cellHash, expected: issued.cellHash },
        hints: [`play cell ${issued.cellIndex} of work ${issued.workId} as listed in its manifest`],
      });
    }
  }
  const playData = createPlayData({ ...issued, cellHash });
  if (
    values.account !== undefined &&
    addressFlag(values.account, "--account") !== playData.account
  ) {
    throw new AuteurInputError(
      "POV_ACCOUNT_MISMATCH",
      "the challenge was issued to another account",
      {
        details: { challenged: playData.account },
        hints: ["ask the verifier for a challenge for this account"],
      },
    );
  }
  const measuredPlayback = ms(values["playback-ms"], "--playback-ms");
  const measuredNonce = ms(values["nonce-ms"], "--nonce-ms");
  if ((measuredPlayback === undefined) !== (measuredNonce === undefined)) {
    throw new AuteurInputError("FLAG_MISSING", "--playback-ms and --nonce-ms go together", {
      hints: ["pass both measured times, or neither to play the cell here"],
    });
  }
  const duration = ms(values["duration-ms"], "--duration-ms") ?? cellMs;
  const started = performance.now();
  const solved = solvePlayNonce(challenge, playData);
  let playbackMs: number;
  let nonceMs: number;
  if (measuredPlayback !== undefined && measuredNonce !== undefined) {
    playbackMs = measuredPlayback;
    nonceMs = measuredNonce;
  } else {
    // The nonce session stays open for the whole playback; the submission leaves when the cell ends.
    // A timer may fire up to a millisecond early against performance.now(): wait until the whole
    // duration has passed, or the verifier would see a play shorter than the cell.
    const left = () => duration - (performance.now() - started);
    while (left() > 0) await sleep(Math.ceil(left()));
    playbackMs = Math.round(performance.now() - started);
    nonceMs = playbackMs;
  }
  const submission: SubmissionFile = {
    format: SUBMISSION_FORMAT,
    playData,
    playCode: challenge.playCode,
    nonce: solved.nonce,
    nonceMs,
    playbackMs,
    storageProvider,
  };
  if (values.out !== undefined) await writeJsonAtomic(values.out, submission);
  const out = values.out ?? "play.json";
  report(
    values.json,
    values.out === undefined
      ? { ...submission }
      : { nonce: solved.nonce, attempts: solved.attempts, playbackMs, out },
    values.out === undefined
      ? [toJson(submission)]
      : [
          `Played cell ${playData.cellIndex} of work ${playData.workId} for ${playbackMs} ms; nonce ${solved.nonce} after ${solved.attempts} attempts -> ${values.out}`,
        ],
    `auteur pov verify check --state <verifier-state.json> --submission ${out}`,
  );
}
