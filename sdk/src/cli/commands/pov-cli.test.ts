/**
 * `auteur pov verify issue|check|list` and `auteur pov play` in process, on a verifier state file
 * (no chain needed for these steps): the files they exchange, the rules they apply and what they
 * keep. The chain steps (content, settle, claim) run in test/sdk/cli-rewards.ts.
 */
import { expect } from "chai";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { keccak256 } from "ethers";
import { AuteurError, AuteurInputError } from "../../errors.js";
import { run } from "./pov.js";
import { STATE_FORMAT } from "./pov-files.js";

const VIEWER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const OTHER = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const NODE = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
const KEY = `0x${"11".repeat(32)}`;

describe("auteur pov verify and play (in process)", function () {
  this.timeout(30_000);
  let dir = "";
  let printed: string[] = [];
  const log = console.log;
  const cells = [Buffer.from("cell zero"), Buffer.from("cell one")];
  const sha = (b: Uint8Array) => `0x${createHash("sha256").update(b).digest("hex")}`;

  async function auteurPov(args: string[]): Promise<{ code: number; out: string[] }> {
    printed = [];
    const before = process.exitCode;
    process.exitCode = undefined;
    console.log = (...parts: unknown[]) => {
      printed.push(parts.map(String).join(" "));
    };
    try {
      await run(args);
      return { code: typeof process.exitCode === "number" ? process.exitCode : 0, out: printed };
    } finally {
      console.log = log;
      process.exitCode = before;
    }
  }
  const state = () => join(dir, "state.json");
  const keyArgs = () => ["--state", state(), "--key-file", join(dir, "key")];
  const readState = () =>
    JSON.parse(readFileSync(state(), "utf8")) as {
      issued: { used: boolean }[];
      accepted: { account: string; cellIndex: number; storageProvider: string }[];
      listed: string[];
    };

  beforeEach(function () {
    dir = mkdtempSync(join(tmpdir(), "auteur-pov-cli-"));
    writeFileSync(join(dir, "key"), KEY);
    cells.forEach((c, i) => writeFileSync(join(dir, `cell-${i}.bin`), c));
    writeFileSync(
      state(),
      JSON.stringify({
        format: STATE_FORMAT,
        chainId: "31337",
        proofOfView: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
        keyId: keccak256(KEY),
        genesisMs: Date.now() - 1000,
        epochMs: 43_200,
        cycleEpochs: "10000",
        difficultyBits: 6,
        contents: [{ workId: "7", cellHashes: cells.map(sha), cellMs: 120 }],
        listed: [],
        issued: [],
        accepted: [],
      }),
    );
  });
  afterEach(function () {
    rmSync(dir, { recursive: true, force: true });
  });

  async function issue(account: string, cell: number, out: string) {
    return auteurPov([
      "verify",
      "issue",
      ...keyArgs(),
      "--account",
      account,
      "--work",
      "7",
      "--cell",
      String(cell),
      "--out",
      join(dir, out),
    ]);
  }
  async function play(challenge: string, cell: number, out: string, extra: string[] = []) {
    return auteurPov([
      "play",
      "--challenge",
      join(dir, challenge),
      "--cell",
      join(dir, `cell-${cell}.bin`),
      "--storage-provider",
      NODE,
      "--out",
      join(dir, out),
      ...extra,
    ]);
  }
  async function check(submission: string) {
    return auteurPov([
      "verify",
      "check",
      ...keyArgs(),
      "--submission",
      join(dir, submission),
      "--json",
    ]);
  }

  it("issues, plays for the cell's time, accepts once and refuses the repeat", async function () {
    expect((await issue(VIEWER, 1, "c.json")).code).to.equal(0);
    const challenge = JSON.parse(readFileSync(join(dir, "c.json"), "utf8"));
    expect(challenge.playData.cellHash).to.equal(sha(cells[1]!));
    expect(challenge.challenge.constant).to.match(/^0x[0-9a-f]{64}$/);
    expect(challenge.cellMs).to.equal(120);

    expect((await play("c.json", 1, "p.json")).code).to.equal(0);
    const submission = JSON.parse(readFileSync(join(dir, "p.json"), "utf8"));
    expect(submission.playbackMs).to.be.at.least(120);
    expect(submission.nonceMs).to.equal(submission.playbackMs);

    const accepted = await check("p.json");
    expect(accepted.code).to.equal(0);
    expect(JSON.parse(accepted.out.at(-1)!).accepted).to.equal(true);
    expect(readState().accepted).to.deep.equal([
      {
        account: VIEWER,
        workId: "7",
        cellIndex: 1,
        epoch: "0",
        storageProvider: NODE,
        playCode: challenge.challenge.playCode,
      },
    ]);
    expect(readState().issued.map((i) => i.used)).to.deep.equal([true]);

    const replay = await check("p.json");
    expect(replay.code).to.equal(1);
    expect(JSON.parse(replay.out.at(-1)!).reason).to.equal("REPLAYED_PLAY");
    expect(readState().accepted).to.have.length(1);
  });

  it("refuses a play sent before the cell could have played, and one with another's PlayCode", async function () {
    await issue(VIEWER, 0, "c0.json");
    await play("c0.json", 0, "fast.json", ["--playback-ms", "30", "--nonce-ms", "30"]);
    await new Promise((r) => setTimeout(r, 40)); // answered 40 ms after issue: a 120 ms cell
    const fast = await check("fast.json");
    expect(fast.code).to.equal(1);
    expect(JSON.parse(fast.out.at(-1)!).reason).to.equal("TOO_FAST");

    await issue(OTHER, 0, "c1.json");
    await play("c1.json", 0, "theirs.json");
    const theirs = JSON.parse(readFileSync(join(dir, "theirs.json"), "utf8"));
    const forged = { ...theirs, playData: { ...theirs.playData, account: VIEWER } };
    writeFileSync(join(dir, "forged.json"), JSON.stringify(forged));
    const refused = await check("forged.json");
    expect(refused.code).to.equal(1);
    expect(JSON.parse(refused.out.at(-1)!).reason).to.equal("FORGED_PLAYCODE");
    expect(readState().accepted).to.have.length(0);
  });

  it("checks the cell file, the key and listed accounts; a refusal leaves the state as it was", async function () {
    await issue(VIEWER, 0, "c.json");
    const wrongCell = await play("c.json", 1, "p.json").catch((e: unknown) => e);
    expect(wrongCell).to.be.instanceOf(AuteurInputError);
    expect((wrongCell as AuteurError).code).to.equal("POV_CELL_HASH_MISMATCH");

    writeFileSync(join(dir, "other-key"), `0x${"22".repeat(32)}`);
    const otherKey = await auteurPov([
      "verify",
      "issue",
      "--state",
      state(),
      "--key-file",
      join(dir, "other-key"),
      "--account",
      VIEWER,
      "--work",
      "7",
      "--cell",
      "1",
    ]).catch((e: unknown) => e);
    expect((otherKey as AuteurError).code).to.equal("KEY_MISMATCH");

    expect((await auteurPov(["verify", "list", ...keyArgs(), "--account", OTHER])).code).to.equal(
      0,
    );
    expect(readState().listed).to.deep.equal([OTHER]);
    const before = readFileSync(state(), "utf8");
    const listed = await issue(OTHER, 1, "x.json").catch((e: unknown) => e);
    expect((listed as AuteurError).code).to.equal("POV_LISTED_ACCOUNT");
    const twice = await issue(VIEWER, 0, "y.json").catch((e: unknown) => e);
    expect((twice as AuteurError).code).to.equal("POV_PLAYCODE_ALREADY_ISSUED");
    expect(readFileSync(state(), "utf8")).to.equal(before);
  });

  it("takes the cell's hash from --cell-hash (any case) and refuses one that is not a SHA-256", async function () {
    const hash = sha(cells[0]!);
    const upper = `0x${hash.slice(2).toUpperCase()}`;
    const args = [...keyArgs(), "--account", VIEWER, "--work", "7", "--cell", "0"];
    const given = await auteurPov([
      "verify",
      "issue",
      ...args,
      "--cell-hash",
      upper,
      "--out",
      join(dir, "h.json"),
    ]);
    expect(given.code).to.equal(0);
    expect(JSON.parse(readFileSync(join(dir, "h.json"), "utf8")).playData.cellHash).to.equal(hash);
    const before = readFileSync(state(), "utf8");
    const bad = await auteurPov([
      "verify",
      "issue",
      ...keyArgs(),
      "--account",
      OTHER,
      "--work",
      "7",
      "--cell",
      "0",
      "--cell-hash",
      "0x1234",
      "--out",
      join(dir, "b.json"),
    ]).catch((e: unknown) => e);
    expect(bad).to.be.instanceOf(AuteurInputError);
    expect((bad as AuteurInputError).code).to.equal("FLAG_INVALID");
    expect((bad as AuteurInputError).message).to.match(/--cell-hash must be a 0x-prefixed SHA-256/);
    expect(readFileSync(state(), "utf8")).to.equal(before);
  });

  it("names the missing flag or file", async function () {
    const noState = await auteurPov(["verify", "check", "--submission", "x"]).catch(
      (e: unknown) => e,
    );
    expect((noState as AuteurError).message).to.match(/--state/);
    const missing = await auteurPov([
      "verify",
      "issue",
      "--state",
      join(dir, "nope.json"),
      "--key-file",
      join(dir, "key"),
    ]).catch((e: unknown) => e);
    expect((missing as AuteurError).code).to.equal("STATE_MISSING");
    expect((missing as AuteurError).hints.join(" ")).to.match(/pov verify content/);
    const step = await auteurPov(["dance"]).catch((e: unknown) => e);
    expect((step as AuteurError).code).to.equal("SUBCOMMAND_UNKNOWN");
  });
});
