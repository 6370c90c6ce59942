/**
 * File formats of the Proof-of-View verbs (documented in docs/cli.md). Every on-chain quantity is a
 * decimal string; addresses are checksummed; files are written atomically (temporary file, then
 * rename), so an interrupted command never leaves half a file.
 *
 * - verifier state (`auteur pov verify --state FILE`): the clock, the contents and their cells,
 *   listed accounts, every PlayCode issued in the current and previous cycle and the accepted plays;
 * - challenge (`verify issue` -> `play`): the PlayData, the PlayCode and the random constant;
 * - submission (`play` -> `verify check`): the PlayData, PlayCode, nonce and timings;
 * - balances (`settle` -> `claim`): `{ "0xAccount": "cumulative amount" }`.
 */
import { existsSync } from "node:fs";
import { readFile, rename, writeFile } from "node:fs/promises";
import { getAddress, keccak256 } from "ethers";
import { AuteurInputError } from "../../errors.js";
import type { IssuedPlayCode } from "../../pov/verifier.js";
import type { AcceptedPlay, PlayChallenge, PlayData, PlaySubmission } from "../../pov/types.js";
import { toJson } from "../../chain/node/cli.js";

export const STATE_FORMAT = "auteur-pov-verifier/1";
export const CHALLENGE_FORMAT = "auteur-pov-challenge/1";
export const SUBMISSION_FORMAT = "auteur-pov-submission/1";

/** A content the verifier serves PlayCodes for. */
export interface StateContent {
  workId: bigint;
  cellHashes: string[];
  cellMs: number;
}

/** The verifier's persisted state. */
export interface VerifierState {
  format: typeof STATE_FORMAT;
  chainId: bigint;
  proofOfView: string;
  /** keccak256 of the PlayCode key (detects a run with another key; the key is never stored). */
  keyId: string;
  genesisMs: number;
  epochMs: number;
  cycleEpochs: bigint;
  difficultyBits: number;
  contents: StateContent[];
  listed: string[];
  issued: IssuedPlayCode[];
  accepted: AcceptedPlay[];
}

/** What `verify issue` hands the player. */
export interface ChallengeFile {
  format: typeof CHALLENGE_FORMAT;
  playData: PlayData;
  challenge: PlayChallenge;
  /** The cell's play time (ms): the player submits after playing it. */
  cellMs: number;
}

/** What `play` hands the verifier. */
export interface SubmissionFile extends PlaySubmission {
  format: typeof SUBMISSION_FORMAT;
}

export function keyIdOf(key: string): string {
  return keccak256(key);
}

/** Writes JSON (bigints as strings) atomically. */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, `${toJson(value)}\n`);
  await rename(tmp, path);
}

async function readJson(
  path: string,
  what: string,
  hint: string,
): Promise<Record<string, unknown>> {
  try {
    const json = JSON.parse(await readFile(path, "utf8")) as unknown;
    if (json === null || typeof json !== "object" || Array.isArray(json))
      throw new Error("not an object");
    return json as Record<string, unknown>;
  } catch (cause) {
    throw new AuteurInputError("FILE_UNREADABLE", `cannot read ${what} ${path}`, {
      hints: [hint],
      cause,
    });
  }
}

function big(v: unknown, field: string, path: string): bigint {
  if (typeof v === "string" && /^[0-9]+$/.test(v)) return BigInt(v);
  if (typeof v === "number" && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
  throw new AuteurInputError("FILE_INVALID", `${path}: ${field} is not a whole number`, {
    hints: ["amounts, ids and epochs are decimal strings"],
  });
}

function num(v: unknown, field: string, path: string): number {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && /^[0-9]+(\.[0-9]+)?$/.test(v)) return Number(v);
  throw new AuteurInputError("FILE_INVALID", `${path}: ${field} is not a number`, {
    hints: ["times are milliseconds as numbers"],
  });
}

function str(v: unknown, field: string, path: string): string {
  if (typeof v === "string") return v;
  throw new AuteurInputError("FILE_INVALID", `${path}: ${field} is missing`, {
    hints: ["write the file with the auteur pov verb that produces it"],
  });
}

function addr(v: unknown, field: string, path: string): string {
  try {
    return getAddress(str(v, field, path));
  } catch (cause) {
    throw new AuteurInputError("FILE_INVALID", `${path}: ${field} is not an address`, { cause });
  }
}

function playDataOf(v: unknown, path: string): PlayData {
  const o = (v ?? {}) as Record<string, unknown>;
  return {
    account: addr(o.account, "playData.account", path),
    workId: big(o.workId, "playData.workId", path),
    cellIndex: num(o.cellIndex, "playData.cellIndex", path),
    cellHash: str(o.cellHash, "playData.cellHash", path).toLowerCase(),
  };
}

function challengeOf(v: unknown, path: string): PlayChallenge {
  const o = (v ?? {}) as Record<string, unknown>;
  return {
    playCode: str(o.playCode, "challenge.playCode", path),
    constant: str(o.constant, "challenge.constant", path),
    issuedAtMs: num(o.issuedAtMs, "challenge.issuedAtMs", path),
    epoch: big(o.epoch, "challenge.epoch", path),
    cycle: big(o.cycle, "challenge.cycle", path),
    difficultyBits: num(o.difficultyBits, "challenge.difficultyBits", path),
  };
}

function checkFormat(o: Record<string, unknown>, format: string, path: string, hint: string) {
  if (o.format !== format) {
    throw new AuteurInputError("FILE_FORMAT", `${path} is not a ${format} file`, {
      details: { format: o.format },
      hints: [hint],
    });
  }
}

export async function readState(path: string): Promise<VerifierState> {
  const hint = "create it with `auteur pov verify content --state FILE ...`";
  if (!existsSync(path)) {
    throw new AuteurInputError("STATE_MISSING", `no verifier state at ${path}`, { hints: [hint] });
  }
  const o = await readJson(path, "verifier state", hint);
  checkFormat(o, STATE_FORMAT, path, hint);
  const list = (v: unknown) => (Array.isArray(v) ? (v as unknown[]) : []);
  return {
    format: STATE_FORMAT,
    chainId: big(o.chainId, "chainId", path),
    proofOfView: addr(o.proofOfView, "proofOfView", path),
    keyId: str(o.keyId, "keyId", path),
    genesisMs: num(o.genesisMs, "genesisMs", path),
    epochMs: num(o.epochMs, "epochMs", path),
    cycleEpochs: big(o.cycleEpochs, "cycleEpochs", path),
    difficultyBits: num(o.difficultyBits, "difficultyBits", path),
    contents: list(o.contents).map((c) => {
      const x = c as Record<string, unknown>;
      return {
        workId: big(x.workId, "contents[].workId", path),
        cellHashes: list(x.cellHashes).map((h) => str(h, "contents[].cellHashes[]", path)),
        cellMs: num(x.cellMs, "contents[].cellMs", path),
      };
    }),
    listed: list(o.listed).map((a) => addr(a, "listed[]", path)),
    issued: list(o.issued).map((i) => {
      const x = i as Record<string, unknown>;
      return {
        challenge: challengeOf(x.challenge, path),
        playData: playDataOf(x.playData, path),
        used: x.used === true,
      };
    }),
    accepted: list(o.accepted).map((a) => {
      const x = a as Record<string, unknown>;
      return {
        account: addr(x.account, "accepted[].account", path),
        workId: big(x.workId, "accepted[].workId", path),
        cellIndex: num(x.cellIndex, "accepted[].cellIndex", path),
        epoch: big(x.epoch, "accepted[].epoch", path),
        storageProvider: addr(x.storageProvider, "accepted[].storageProvider", path),
        playCode: str(x.playCode, "accepted[].playCode", path),
      };
    }),
  };
}

export async function readChallenge(path: string): Promise<ChallengeFile> {
  const hint = "pass the file written by `auteur pov verify issue --out FILE`";
  const o = await readJson(path, "challenge", hint);
  checkFormat(o, CHALLENGE_FORMAT, path, hint);
  return {
    format: CHALLENGE_FORMAT,
    playData: playDataOf(o.playData, path),
    challenge: challengeOf(o.challenge, path),
    cellMs: num(o.cellMs, "cellMs", path),
  };
}

export async function readSubmission(path: string): Promise<SubmissionFile> {
  const hint = "pass the file written by `auteur pov play --out FILE`";
  const o = await readJson(path, "submission", hint);
  checkFormat(o, SUBMISSION_FORMAT, path, hint);
  return {
    format: SUBMISSION_FORMAT,
    playData: playDataOf(o.playData, path),
    playCode: str(o.playCode, "playCode", path),
    nonce: big(o.nonce, "nonce", path),
    nonceMs: num(o.nonceMs, "nonceMs", path),
    playbackMs: num(o.playbackMs, "playbackMs", path),
    storageProvider: addr(o.storageProvider, "storageProvider", path),
  };
}

/** Writes a cumulative balances file (`{ "0xAccount": "amount" }`, sorted by address). */
export async function writeBalances(
  path: string,
  totals: ReadonlyMap<string, bigint>,
): Promise<void> {
  const sorted = [...totals.entries()]
    .filter(([, v]) => v > 0n)
    .map(([a, v]) => [getAddress(a), v.toString()] as const)
    .sort(([a], [b]) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
  await writeJsonAtomic(path, Object.fromEntries(sorted));
}
