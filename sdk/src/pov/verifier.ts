import { AbiCoder, computeHmac, getAddress, hexlify } from "ethers";
import { AuteurInputError } from "../errors.js";
import { createPlayData, isValidNonce } from "./player.js";
import type {
  AcceptedPlay,
  PlayChallenge,
  PlayData,
  PlayRejectionReason,
  PlaySubmission,
  PlayVerdict,
} from "./types.js";

const coder = AbiCoder.defaultAbiCoder();

/** A content the verifier knows: its cells' hashes and play time. */
export interface VerifierContent {
  workId: bigint;
  /** SHA-256 (0x hex) of each VideoCell, in order. */
  cellHashes: string[];
  /** Play time of a cell in ms (60,000 for 1-minute VideoCells; the last one may be shorter). */
  cellDurationMs: number | ((cellIndex: number) => number);
}

/** Parameters of a {@link PovVerifier}. */
export interface PovVerifierParameters {
  /** The verifier's secret key for PlayCodes (32 bytes, hex or bytes). */
  key: string | Uint8Array;
  /** Start of epoch 0 (ms since the unix epoch), same as ProofOfView's GENESIS * 1000. */
  genesisMs: number;
  /** Epoch length in ms (43,200 in the chainflix preset). */
  epochMs: number;
  /** Epochs per nonce cycle; PlayCodes and constants reset every cycle (10,000). */
  cycleEpochs?: bigint;
  /** Leading zero bits of the nonce hash (low: a player solves it in well under a cell's play time). */
  difficultyBits?: number;
  /** Playback may last at most this multiple of the nonce computation time (1.5). */
  maxPlaybackToNonceRatio?: number;
  /** Accounts that are refused (bots, sanctioned, operators' own). */
  listedAccounts?: Iterable<string>;
  /** Source of randomness for constants (defaults to crypto.getRandomValues). */
  random?: (length: number) => Uint8Array;
}

/** A PlayCode the verifier issued, as persisted between runs ({@link PovVerifier.exportIssued}). */
export interface IssuedPlayCode {
  challenge: PlayChallenge;
  playData: PlayData;
  /** Whether an accepted play used it. */
  used: boolean;
}

type IssuedCode = IssuedPlayCode;

/**
 * Verifier side of Proof-of-View: issues one PlayCode per account per cell per cycle with a random
 * constant, then checks the player's nonce and timing and refuses forged, replayed, too-fast and
 * out-of-cycle plays. State is in memory; a production verifier persists `issued` per cycle.
 *
 * @example
 * ```ts
 * const v = new PovVerifier({ key, genesisMs, epochMs: 43_200 });
 * v.addContent({ workId: 1n, cellHashes, cellDurationMs: 60_000 });
 * const challenge = v.issue(playData, Date.now());
 * // ... player plays the cell and solves the nonce ...
 * const verdict = v.verify(submission, Date.now());
 * ```
 */
export class PovVerifier {
  readonly genesisMs: number;
  readonly epochMs: number;
  readonly cycleEpochs: bigint;
  readonly difficultyBits: number;
  readonly maxPlaybackToNonceRatio: number;
  readonly #key: Uint8Array;
  readonly #listed = new Set<string>();
  readonly #contents = new Map<bigint, VerifierContent>();
  readonly #issued = new Map<string, IssuedCode>();
  readonly #random: (length: number) => Uint8Array;
  #cycle = -1n;

  constructor(p: PovVerifierParameters) {
    this.#key = typeof p.key === "string" ? hexToBytes(p.key) : p.key;
    if (this.#key.length < 16) {
      throw new AuteurInputError("POV_WEAK_KEY", "the PlayCode key needs at least 16 bytes", {
        hints: ["generate 32 random bytes once per verifier and keep them secret"],
      });
    }
    if (!(p.epochMs > 0)) throw new AuteurInputError("POV_BAD_EPOCH", "epochMs must be > 0");
    this.genesisMs = p.genesisMs;
    this.epochMs = p.epochMs;
    this.cycleEpochs = p.cycleEpochs ?? 10_000n;
    if (this.cycleEpochs <= 0n)
      throw new AuteurInputError("POV_BAD_CYCLE", "cycleEpochs must be > 0");
    this.difficultyBits = p.difficultyBits ?? 8;
    this.maxPlaybackToNonceRatio = p.maxPlaybackToNonceRatio ?? 1.5;
    this.#random = p.random ?? ((n) => crypto.getRandomValues(new Uint8Array(n)));
    for (const a of p.listedAccounts ?? []) this.#listed.add(getAddress(a));
  }

  /** Registers a content (its cells) the verifier may issue PlayCodes for. */
  addContent(content: VerifierContent): void {
    this.#contents.set(content.workId, content);
  }

  /** Adds an account to the refused list. */
  listAccount(account: string): void {
    this.#listed.add(getAddress(account));
  }

  /** Epoch of a verifier-clock time in ms. */
  epochAt(nowMs: number): bigint {
    if (nowMs < this.genesisMs) return 0n;
    return BigInt(Math.floor((nowMs - this.genesisMs) / this.epochMs));
  }

  /** Nonce cycle of an epoch. */
  cycleOf(epoch: bigint): bigint {
    return epoch / this.cycleEpochs;
  }

  /** The PlayCode of (account, content, cell, cycle): HMAC-SHA256 under the verifier's key. */
  playCodeOf(play: PlayData, cycle: bigint): string {
    const message = coder.encode(
      ["address", "uint256", "uint32", "uint256"],
      [play.account, play.workId, play.cellIndex, cycle],
    );
    return computeHmac("sha256", this.#key, message);
  }

  /**
   * Issues the PlayCode and a fresh constant for a cell about to play. Throws
   * {@link AuteurInputError} with code `POV_<reason>` for a listed account, an unknown content or
   * cell, a wrong cell hash, or a PlayCode already issued in this cycle.
   */
  issue(input: PlayData, nowMs: number): PlayChallenge {
    const play = createPlayData(input);
    const refusal = this.#checkPlay(play);
    if (refusal) throw refusalError(refusal[0], refusal[1]);
    const epoch = this.epochAt(nowMs);
    const cycle = this.cycleOf(epoch);
    this.#enterCycle(cycle);
    const playCode = this.playCodeOf(play, cycle);
    if (this.#issued.has(playCode)) {
      throw refusalError(
        "PLAYCODE_ALREADY_ISSUED",
        `cell ${play.cellIndex} of work ${play.workId} was already issued to ${play.account} in cycle ${cycle}`,
      );
    }
    const challenge: PlayChallenge = {
      playCode,
      constant: hexlify(this.#random(32)),
      issuedAtMs: nowMs,
      epoch,
      cycle,
      difficultyBits: this.difficultyBits,
    };
    this.#issued.set(playCode, { challenge, playData: play, used: false });
    return challenge;
  }

  /**
   * Checks a submitted play: known and unused PlayCode of this cycle, matching PlayData, valid nonce,
   * at least the cell's play time between issue and receipt, playback at most 1.5x the nonce
   * computation time. Accepting marks the PlayCode used.
   */
  verify(submission: PlaySubmission, nowMs: number): PlayVerdict {
    let play: PlayData;
    try {
      play = createPlayData(submission.playData);
    } catch (e) {
      return reject("INVALID_NONCE", e instanceof Error ? e.message : "bad play data");
    }
    const listed = this.#checkPlay(play);
    if (listed) return reject(listed[0], listed[1]);
    const epoch = this.epochAt(nowMs);
    const cycle = this.cycleOf(epoch);
    const issued = this.#issued.get(submission.playCode);
    if (!issued) return reject("FORGED_PLAYCODE", "the PlayCode was not issued by this verifier");
    if (issued.challenge.cycle !== cycle) {
      return reject(
        "OUT_OF_CYCLE",
        `issued in cycle ${issued.challenge.cycle}, received in cycle ${cycle}`,
      );
    }
    if (
      this.playCodeOf(play, issued.challenge.cycle) !== submission.playCode ||
      !samePlay(issued.playData, play)
    ) {
      return reject("FORGED_PLAYCODE", "the PlayCode does not belong to this account and cell");
    }
    if (issued.used) return reject("REPLAYED_PLAY", "this PlayCode was already used");
    if (!isValidNonce(issued.challenge, play, submission.nonce)) {
      return reject(
        "INVALID_NONCE",
        `the nonce does not meet ${issued.challenge.difficultyBits} bits over the constant`,
      );
    }
    const { nonceMs, playbackMs } = submission;
    const elapsed = nowMs - issued.challenge.issuedAtMs;
    if (!(nonceMs >= 0) || !(playbackMs >= 0) || nonceMs > elapsed) {
      return reject(
        "INVALID_TIMING",
        `nonce ${nonceMs} ms and playback ${playbackMs} ms within ${elapsed} ms`,
      );
    }
    const cellMs = this.#cellDuration(play);
    if (elapsed < cellMs)
      return reject("TOO_FAST", `received ${elapsed} ms after issue, the cell plays ${cellMs} ms`);
    if (playbackMs < cellMs)
      return reject("TOO_FAST", `played ${playbackMs} ms of a ${cellMs} ms cell`);
    if (playbackMs > this.maxPlaybackToNonceRatio * nonceMs) {
      return reject(
        "PLAYBACK_TOO_LONG",
        `playback ${playbackMs} ms is more than ${this.maxPlaybackToNonceRatio}x the nonce time ${nonceMs} ms`,
      );
    }
    issued.used = true;
    return {
      accepted: true,
      play: {
        account: play.account,
        workId: play.workId,
        cellIndex: play.cellIndex,
        epoch,
        storageProvider: getAddress(submission.storageProvider),
        playCode: submission.playCode,
      } satisfies AcceptedPlay,
    };
  }

  /**
   * The PlayCodes issued so far (current and previous cycle), to persist a verifier's state
   * between runs; {@link importIssued} restores them.
   */
  exportIssued(): IssuedPlayCode[] {
    return [...this.#issued.values()].map((i) => ({
      challenge: { ...i.challenge },
      playData: { ...i.playData },
      used: i.used,
    }));
  }

  /** Restores PlayCodes saved by {@link exportIssued} (same key, same clock parameters). */
  importIssued(records: Iterable<IssuedPlayCode>): void {
    for (const r of records) {
      this.#issued.set(r.challenge.playCode, {
        challenge: { ...r.challenge },
        playData: createPlayData(r.playData),
        used: r.used,
      });
    }
  }

  #checkPlay(play: PlayData): [PlayRejectionReason, string] | undefined {
    if (this.#listed.has(play.account)) return ["LISTED_ACCOUNT", `${play.account} is listed`];
    const content = this.#contents.get(play.workId);
    if (!content)
      return ["UNKNOWN_CONTENT", `work ${play.workId} is not a Proof-of-View content here`];
    const hash = content.cellHashes[play.cellIndex];
    if (hash === undefined)
      return ["UNKNOWN_CELL", `work ${play.workId} has no cell ${play.cellIndex}`];
    if (hash.toLowerCase() !== play.cellHash)
      return ["CELL_HASH_MISMATCH", `cell ${play.cellIndex} hash differs from the manifest`];
    return undefined;
  }

  #cellDuration(play: PlayData): number {
    const d = this.#contents.get(play.workId)!.cellDurationMs;
    return typeof d === "function" ? d(play.cellIndex) : d;
  }

  /**
   * The cycle reset: PlayCodes of the previous cycle stay known (so late submissions are refused as
   * out of cycle), older ones are dropped.
   */
  #enterCycle(cycle: bigint): void {
    if (cycle === this.#cycle) return;
    this.#cycle = cycle;
    for (const [code, issued] of this.#issued)
      if (issued.challenge.cycle < cycle - 1n) this.#issued.delete(code);
  }
}

function reject(reason: PlayRejectionReason, detail: string): PlayVerdict {
  return { accepted: false, reason, detail };
}

function refusalError(reason: PlayRejectionReason, detail: string): AuteurInputError {
  return new AuteurInputError(`POV_${reason}`, detail, { details: { reason } });
}

function samePlay(a: PlayData, b: PlayData): boolean {
  return (
    a.account === b.account &&
    a.workId === b.workId &&
    a.cellIndex === b.cellIndex &&
    a.cellHash === b.cellHash
  );
}

function hexToBytes(hex: string): Uint8Array {
  const clean = hex.startsWith("0x") ? hex.slice(2) : hex;
  if (!/^([0-9a-fA-F]{2})*$/.test(clean))
    throw new AuteurInputError("POV_BAD_KEY", "the key must be hex bytes");
  return Uint8Array.from(clean.match(/../g) ?? [], (b) => parseInt(b, 16));
}
