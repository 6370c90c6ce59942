import { expect } from "chai";
import { AuteurInputError } from "../errors.js";
import { isValidNonce, solvePlayNonce } from "./player.js";
import type { PlayData, PlaySubmission } from "./types.js";
import { PovVerifier } from "./verifier.js";

const KEY = "0x" + "11".repeat(32);
const GENESIS = 1_700_000_000_000;
const EPOCH_MS = 43_200;
const CELL_MS = 60_000;
const VIEWER = "0x00000000000000000000000000000000000000A1";
const OTHER = "0x00000000000000000000000000000000000000B2";
const PROVIDER = "0x00000000000000000000000000000000000000C3";
const cellHashes = ["0x" + "aa".repeat(32), "0x" + "bb".repeat(32), "0x" + "cc".repeat(32)];

function verifier(extra: Partial<ConstructorParameters<typeof PovVerifier>[0]> = {}) {
  let counter = 0;
  const v = new PovVerifier({
    key: KEY,
    genesisMs: GENESIS,
    epochMs: EPOCH_MS,
    difficultyBits: 6,
    random: (n) => Uint8Array.from({ length: n }, (_, i) => (i + 31 * ++counter) & 0xff),
    ...extra,
  });
  v.addContent({ workId: 7n, cellHashes, cellDurationMs: CELL_MS });
  return v;
}

function playOf(account = VIEWER, cellIndex = 0): PlayData {
  return { account, workId: 7n, cellIndex, cellHash: cellHashes[cellIndex] };
}

/** Issues, solves and builds an honest submission: a 60 s cell played while computing the nonce. */
function honest(v: PovVerifier, t0: number, play = playOf()) {
  const challenge = v.issue(play, t0);
  const { nonce } = solvePlayNonce(challenge, play);
  const submission: PlaySubmission = {
    playData: play,
    playCode: challenge.playCode,
    nonce,
    nonceMs: 50_000,
    playbackMs: CELL_MS,
    storageProvider: PROVIDER,
  };
  return { challenge, submission };
}

describe("pov/verifier: PlayCodes, nonces and timing", () => {
  const t0 = GENESIS + 1_000_000;

  it("accepts an honest play and records its epoch and provider", () => {
    const v = verifier();
    const { submission, challenge } = honest(v, t0);
    expect(isValidNonce(challenge, submission.playData, submission.nonce)).to.equal(true);
    const verdict = v.verify(submission, t0 + CELL_MS + 500);
    expect(verdict.accepted).to.equal(true);
    if (verdict.accepted) {
      expect(verdict.play.epoch).to.equal(
        BigInt(Math.floor((t0 + CELL_MS + 500 - GENESIS) / EPOCH_MS)),
      );
      expect(verdict.play.storageProvider).to.equal(PROVIDER);
    }
  });

  it("issues a PlayCode once per account per cell (per cycle)", () => {
    const v = verifier();
    v.issue(playOf(), t0);
    expect(() => v.issue(playOf(), t0 + 1))
      .to.throw(AuteurInputError)
      .with.property("code", "POV_PLAYCODE_ALREADY_ISSUED");
    // another cell, another account: fine
    expect(v.issue(playOf(VIEWER, 1), t0).playCode).to.not.equal(
      v.issue(playOf(OTHER, 0), t0).playCode,
    );
  });

  it("refuses a replayed play", () => {
    const v = verifier();
    const { submission } = honest(v, t0);
    expect(v.verify(submission, t0 + CELL_MS).accepted).to.equal(true);
    const again = v.verify(submission, t0 + CELL_MS + 10);
    expect(again).to.deep.include({ accepted: false, reason: "REPLAYED_PLAY" });
  });

  it("refuses forged PlayCodes: made up, another verifier's key, or another account's", () => {
    const v = verifier();
    const { submission } = honest(v, t0);
    expect(
      v.verify({ ...submission, playCode: "0x" + "00".repeat(32) }, t0 + CELL_MS),
    ).to.deep.include({
      accepted: false,
      reason: "FORGED_PLAYCODE",
    });
    const foreign = verifier({ key: "0x" + "22".repeat(32) });
    const forged = honest(foreign, t0).submission;
    expect(v.verify(forged, t0 + CELL_MS)).to.deep.include({
      accepted: false,
      reason: "FORGED_PLAYCODE",
    });
    // OTHER tries to cash VIEWER's code
    expect(v.verify({ ...submission, playData: playOf(OTHER) }, t0 + CELL_MS)).to.deep.include({
      accepted: false,
      reason: "FORGED_PLAYCODE",
    });
  });

  it("refuses a wrong nonce", () => {
    const v = verifier({ difficultyBits: 12 });
    const { submission, challenge } = honest(v, t0);
    let bad = submission.nonce + 1n;
    while (isValidNonce(challenge, submission.playData, bad)) bad++;
    expect(v.verify({ ...submission, nonce: bad }, t0 + CELL_MS)).to.deep.include({
      accepted: false,
      reason: "INVALID_NONCE",
    });
  });

  it("refuses too-fast plays: received before the cell's play time, or played less than it", () => {
    const v = verifier();
    const { submission } = honest(v, t0);
    expect(v.verify(submission, t0 + CELL_MS - 1)).to.deep.include({
      accepted: false,
      reason: "TOO_FAST",
    });
    expect(v.verify({ ...submission, playbackMs: CELL_MS - 1 }, t0 + CELL_MS)).to.deep.include({
      accepted: false,
      reason: "TOO_FAST",
    });
    // the boundary itself is fine
    expect(v.verify(submission, t0 + CELL_MS).accepted).to.equal(true);
  });

  it("refuses playback longer than 1.5x the nonce computation time", () => {
    const v = verifier();
    const { submission } = honest(v, t0);
    expect(v.verify({ ...submission, nonceMs: 39_999 }, t0 + CELL_MS)).to.deep.include({
      accepted: false,
      reason: "PLAYBACK_TOO_LONG",
    });
    expect(v.verify({ ...submission, nonceMs: 40_000 }, t0 + CELL_MS).accepted).to.equal(true); // 60,000 = 1.5 x 40,000
  });

  it("refuses impossible timings (nonce time longer than the elapsed time)", () => {
    const v = verifier();
    const { submission } = honest(v, t0);
    expect(v.verify({ ...submission, nonceMs: CELL_MS + 1 }, t0 + CELL_MS)).to.deep.include({
      accepted: false,
      reason: "INVALID_TIMING",
    });
  });

  it("resets the nonce cycle every 10,000 epochs: old codes are out of cycle, new codes can be issued", () => {
    const v = verifier();
    const cycleMs = 10_000 * EPOCH_MS;
    const late = GENESIS + cycleMs - 30_000; // 30 s before the end of cycle 0
    const { submission } = honest(v, late);
    expect(v.cycleOf(v.epochAt(late))).to.equal(0n);
    const verdict = v.verify(submission, late + CELL_MS); // received in cycle 1
    expect(verdict).to.deep.include({ accepted: false, reason: "OUT_OF_CYCLE" });
    // the same account and cell get a new PlayCode in cycle 1
    const fresh = v.issue(playOf(), late + CELL_MS);
    expect(fresh.cycle).to.equal(1n);
    expect(fresh.playCode).to.not.equal(submission.playCode);
  });

  it("refuses listed accounts, unknown contents and cells, and wrong cell hashes", () => {
    const v = verifier({ listedAccounts: [OTHER] });
    expect(() => v.issue(playOf(OTHER), t0))
      .to.throw(AuteurInputError)
      .with.property("code", "POV_LISTED_ACCOUNT");
    expect(() => v.issue({ ...playOf(), workId: 8n }, t0))
      .to.throw(AuteurInputError)
      .with.property("code", "POV_UNKNOWN_CONTENT");
    expect(() => v.issue({ ...playOf(), cellIndex: 3, cellHash: "0x" + "dd".repeat(32) }, t0))
      .to.throw(AuteurInputError)
      .with.property("code", "POV_UNKNOWN_CELL");
    expect(() => v.issue({ ...playOf(), cellHash: cellHashes[1] }, t0))
      .to.throw(AuteurInputError)
      .with.property("code", "POV_CELL_HASH_MISMATCH");
    // an account listed after its code was issued is refused at verification
    const { submission } = honest(v, t0);
    v.listAccount(VIEWER);
    expect(v.verify(submission, t0 + CELL_MS)).to.deep.include({
      accepted: false,
      reason: "LISTED_ACCOUNT",
    });
  });

  it("rejects bad parameters and bad play data with typed errors", () => {
    expect(() => new PovVerifier({ key: "0x1234", genesisMs: 0, epochMs: 1 })).to.throw(
      AuteurInputError,
    );
    expect(() => verifier().issue({ ...playOf(), account: "nope" }, t0)).to.throw(AuteurInputError);
    expect(() => verifier().issue({ ...playOf(), cellHash: "0x12" }, t0)).to.throw(
      AuteurInputError,
    );
  });
});
