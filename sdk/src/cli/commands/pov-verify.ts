/**
 * `auteur pov verify content|issue|check|list`: the verifier side of Proof-of-View, with its state
 * in one JSON file (see pov-files.ts). `content` registers a video's cells (reading the epoch clock
 * from ProofOfView), `issue` hands a player a PlayCode and a fresh random constant for one cell,
 * `check` applies every rule to a submitted play (known PlayCode of this cycle and account, valid
 * nonce, the cell's play time elapsed, playback at most 1.5x the nonce time, no repeat, no listed
 * account) and keeps accepted plays, `list` refuses an account from now on.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { AuteurError, AuteurInputError } from "../../errors.js";
import { PovVerifier } from "../../pov/verifier.js";
import type { PlayData } from "../../pov/types.js";
import {
  addressFlag,
  bigintFlag,
  CHAIN_HELP,
  connect,
  disconnect,
  report,
  toJson,
} from "../../chain/node/cli.js";
import { readContract } from "../../chain/client.js";
import { readPlayCodeKey } from "../secrets.js";
import {
  CHALLENGE_FORMAT,
  keyIdOf,
  readState,
  readSubmission,
  STATE_FORMAT,
  writeJsonAtomic,
  type ChallengeFile,
  type VerifierState,
} from "./pov-files.js";

export const VERIFY_HELP = `Usage: auteur pov verify <content|issue|check|list> --state FILE [options]

The verifier side of Proof-of-View. Its state (contents, issued PlayCodes, accepted plays) lives in
the --state JSON file; the secret PlayCode key comes from --key-file or AUTEUR_POV_KEY.

  auteur pov verify content --state FILE --work ID (--cell-file F... | --cell-hash H...)
                            [--cell-ms 60000] [--difficulty-bits 8] [--cycle-epochs 10000]
      Serves a video's VideoCells (in order). The first call creates the state, reading the epoch
      clock (GENESIS, EPOCH_MILLIS) from ProofOfView and checking the work is enrolled.
  auteur pov verify issue --state FILE --account ADDR --work ID --cell N [--cell-hash H]
                          [--out challenge.json]
      Issues the PlayCode (one per account, cell and nonce cycle) and a random constant.
  auteur pov verify check --state FILE --submission FILE
      Checks a play (PlayCode, nonce, timing, repeats, listed accounts); keeps it when accepted.
      Exit 1 with the reason when refused.
  auteur pov verify list --state FILE --account ADDR
      Refuses the account's PlayCodes and plays from now on.

  --state FILE          the verifier's state file (created by \`content\`)
  --key-file FILE       the verifier's secret PlayCode key, 32 bytes hex (env AUTEUR_POV_KEY)
${CHAIN_HELP}`;

export const VERIFY_OPTIONS = {
  state: { type: "string" },
  "key-file": { type: "string" },
  work: { type: "string" },
  "cell-file": { type: "string", multiple: true },
  "cell-hash": { type: "string", multiple: true },
  "cell-ms": { type: "string" },
  "difficulty-bits": { type: "string" },
  "cycle-epochs": { type: "string" },
  account: { type: "string" },
  cell: { type: "string" },
  out: { type: "string" },
  submission: { type: "string" },
} as const;

type Values = {
  [K in keyof typeof VERIFY_OPTIONS]?: (typeof VERIFY_OPTIONS)[K] extends { multiple: true }
    ? string[]
    : string;
} & {
  "rpc-url"?: string;
  "private-key"?: string;
  deployments?: string;
  json?: boolean;
};

function stateFlag(values: Values): string {
  if (values.state === undefined) {
    throw new AuteurInputError("FLAG_MISSING", "--state is required", {
      hints: ["pass --state verifier-state.json (created by `auteur pov verify content`)"],
    });
  }
  return values.state;
}

function verifierOf(state: VerifierState, key: string): PovVerifier {
  if (keyIdOf(key) !== state.keyId) {
    throw new AuteurInputError(
      "KEY_MISMATCH",
      "this PlayCode key is not the one of the state file",
      {
        hints: ["pass the --key-file (or AUTEUR_POV_KEY) the state was created with"],
      },
    );
  }
  const v = new PovVerifier({
    key,
    genesisMs: state.genesisMs,
    epochMs: state.epochMs,
    cycleEpochs: state.cycleEpochs,
    difficultyBits: state.difficultyBits,
    listedAccounts: state.listed,
  });
  for (const c of state.contents) {
    v.addContent({ workId: c.workId, cellHashes: c.cellHashes, cellDurationMs: c.cellMs });
  }
  v.importIssued(state.issued);
  return v;
}

function hexHash(value: string, flag: string): string {
  if (!/^0x[0-9a-fA-F]{64}$/.test(value)) {
    throw new AuteurInputError("FLAG_INVALID", `${flag} must be a 0x-prefixed SHA-256`, {
      hints: [`pass ${flag} 0x<64 hex digits> (or --cell-file to hash the cell)`],
    });
  }
  return value.toLowerCase();
}

function smallInt(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^[0-9]+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new AuteurInputError("FLAG_INVALID", `${flag} must be a whole number`, {
      hints: [`pass ${flag} ${fallback}`],
    });
  }
  return Number(value);
}

async function cellHashesOf(values: Values): Promise<string[]> {
  if (values["cell-file"] && values["cell-file"].length > 0) {
    const out: string[] = [];
    for (const f of values["cell-file"]) {
      const bytes = await readFile(f).catch((cause: unknown) => {
        throw new AuteurInputError("FILE_UNREADABLE", `cannot read cell ${f}`, { cause });
      });
      out.push(`0x${createHash("sha256").update(bytes).digest("hex")}`);
    }
    return out;
  }
  if (values["cell-hash"] && values["cell-hash"].length > 0) {
    return values["cell-hash"].map((h) => hexHash(h, "--cell-hash"));
  }
  throw new AuteurInputError("FLAG_MISSING", "the content's cells are required", {
    hints: ["pass --cell-file FILE once per VideoCell (in order), or --cell-hash 0x... per cell"],
  });
}

export async function runVerify(sub: string | undefined, values: Values): Promise<void> {
  if (sub === "content") return content(values);
  if (sub === "issue") return issue(values);
  if (sub === "check") return check(values);
  if (sub === "list") return list(values);
  throw new AuteurInputError("SUBCOMMAND_UNKNOWN", `unknown pov verify step "${sub ?? ""}"`, {
    hints: ["use auteur pov verify content|issue|check|list (see --help)"],
  });
}

async function content(values: Values): Promise<void> {
  const path = stateFlag(values);
  const key = await readPlayCodeKey(values["key-file"]);
  const workId = bigintFlag(values.work, "--work");
  const cellHashes = await cellHashesOf(values);
  const cellMs = smallInt(values["cell-ms"], "--cell-ms", 60_000);
  if (cellMs <= 0) {
    throw new AuteurInputError("FLAG_INVALID", "--cell-ms must be > 0", {
      hints: ["pass --cell-ms 60000 (1-minute VideoCells)"],
    });
  }
  const client = await connect(values);
  let state: VerifierState;
  try {
    const pov = client.address("ProofOfView");
    const epoch = await readContract<bigint>(client, "ProofOfView", "currentEpoch");
    const [, enrolled] = await readContract<[unknown, boolean]>(client, "ProofOfView", "splitAt", [
      workId,
      epoch,
    ]);
    if (!enrolled) {
      throw new AuteurInputError(
        "POV_NOT_ENROLLED",
        `work ${workId} is not enrolled in Proof-of-View`,
        {
          hints: ["its creator sets a split first (ProofOfView.setSplit)"],
        },
      );
    }
    const [, cellCount] = await readContract<[bigint, bigint, bigint]>(
      client,
      "CopyrightRegistry",
      "mediaInfo",
      [workId],
    );
    if (Number(cellCount) !== cellHashes.length) {
      throw new AuteurInputError(
        "POV_CELL_COUNT",
        `work ${workId} has ${cellCount} VideoCells on chain, ${cellHashes.length} given`,
        { hints: ["pass every cell of the video, in order"] },
      );
    }
    if (existsSync(path)) {
      state = await readState(path);
      verifierOf(state, key); // checks the key
      if (state.chainId !== client.chainId || state.proofOfView !== pov) {
        throw new AuteurInputError("STATE_OTHER_CHAIN", `${path} belongs to another deployment`, {
          hints: ["use one state file per chain and ProofOfView"],
        });
      }
    } else {
      const genesis = await readContract<bigint>(client, "ProofOfView", "GENESIS");
      const epochMs = await readContract<bigint>(client, "ProofOfView", "EPOCH_MILLIS");
      state = {
        format: STATE_FORMAT,
        chainId: client.chainId,
        proofOfView: pov,
        keyId: keyIdOf(key),
        genesisMs: Number(genesis) * 1000,
        epochMs: Number(epochMs),
        cycleEpochs: bigintFlag(values["cycle-epochs"], "--cycle-epochs", 10_000n),
        difficultyBits: smallInt(values["difficulty-bits"], "--difficulty-bits", 8),
        contents: [],
        listed: [],
        issued: [],
        accepted: [],
      };
      verifierOf(state, key); // validates the parameters
    }
  } finally {
    disconnect(client);
  }
  state.contents = [
    ...state.contents.filter((c) => c.workId !== workId),
    { workId, cellHashes, cellMs },
  ];
  await writeJsonAtomic(path, state);
  report(
    values.json,
    { workId, cells: cellHashes.length, cellMs, state: path },
    [`Serving work ${workId}: ${cellHashes.length} cells of ${cellMs} ms (state ${path})`],
    `auteur pov verify issue --state ${path} --account <viewer> --work ${workId} --cell 0 --out challenge.json`,
  );
}

async function issue(values: Values): Promise<void> {
  const path = stateFlag(values);
  const key = await readPlayCodeKey(values["key-file"]);
  const state = await readState(path);
  const v = verifierOf(state, key);
  const workId = bigintFlag(values.work, "--work");
  const cellIndex = smallInt(values.cell, "--cell", -1);
  if (cellIndex < 0) {
    throw new AuteurInputError("FLAG_MISSING", "--cell is required", {
      hints: ["pass --cell <index of the VideoCell, from 0>"],
    });
  }
  const known = state.contents.find((c) => c.workId === workId);
  const cellHash = values["cell-hash"]?.[0]
    ? hexHash(values["cell-hash"][0], "--cell-hash")
    : known?.cellHashes[cellIndex];
  if (cellHash === undefined) {
    throw new AuteurInputError("POV_UNKNOWN_CELL", `work ${workId} has no cell ${cellIndex} here`, {
      hints: ["serve the content first: auteur pov verify content --work ID --cell-file ..."],
    });
  }
  const playData: PlayData = {
    account: addressFlag(values.account, "--account"),
    workId,
    cellIndex,
    cellHash,
  };
  const challenge = v.issue(playData, Date.now());
  state.issued = v.exportIssued();
  await writeJsonAtomic(path, state);
  const file: ChallengeFile = {
    format: CHALLENGE_FORMAT,
    playData,
    challenge,
    cellMs: known?.cellMs ?? 60_000,
  };
  if (values.out !== undefined) await writeJsonAtomic(values.out, file);
  const out = values.out ?? "challenge.json";
  report(
    values.json,
    values.out === undefined ? { ...file } : { playCode: challenge.playCode, out: values.out },
    values.out === undefined
      ? [toJson(file)]
      : [`Issued PlayCode ${challenge.playCode} for cell ${cellIndex} of work ${workId} -> ${out}`],
    `auteur pov play --challenge ${out} --storage-provider <addr> --out play.json`,
  );
}

async function check(values: Values): Promise<void> {
  const path = stateFlag(values);
  const key = await readPlayCodeKey(values["key-file"]);
  if (values.submission === undefined) {
    throw new AuteurInputError("FLAG_MISSING", "--submission is required", {
      hints: ["pass the file written by `auteur pov play --out FILE`"],
    });
  }
  const submission = await readSubmission(values.submission);
  const state = await readState(path);
  const v = verifierOf(state, key);
  const verdict = v.verify(submission, Date.now());
  if (!verdict.accepted) {
    if (values.json) {
      console.log(
        JSON.stringify({ ...verdict, next: "auteur pov play --challenge <new challenge>" }),
      );
      process.exitCode = 1;
      return;
    }
    throw new AuteurError(`POV_${verdict.reason}`, `play refused: ${verdict.detail}`, {
      details: { reason: verdict.reason },
      hints: [
        verdict.reason === "REPLAYED_PLAY" || verdict.reason === "PLAYCODE_ALREADY_ISSUED"
          ? "each PlayCode pays once: the viewer plays another cell"
          : "the player asks for a new challenge (auteur pov verify issue) and plays the whole cell",
      ],
    });
  }
  state.issued = v.exportIssued();
  state.accepted.push(verdict.play);
  await writeJsonAtomic(path, state);
  const p = verdict.play;
  report(
    values.json,
    { accepted: true, play: p, acceptedPlays: state.accepted.length },
    [
      `Accepted: ${p.account} played cell ${p.cellIndex} of work ${p.workId} in epoch ${p.epoch} (${state.accepted.length} plays kept)`,
    ],
    `auteur pov settle --state ${path} --verifier-key-file <key> --supervisor <addr> --balances balances.json`,
  );
}

async function list(values: Values): Promise<void> {
  const path = stateFlag(values);
  const key = await readPlayCodeKey(values["key-file"]);
  const state = await readState(path);
  verifierOf(state, key);
  const account = addressFlag(values.account, "--account");
  if (!state.listed.includes(account)) state.listed.push(account);
  await writeJsonAtomic(path, state);
  report(
    values.json,
    { listed: account },
    [`${account} is refused from now on`],
    `auteur pov verify check --state ${path} --submission <file>`,
  );
}
