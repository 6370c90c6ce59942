import { AbiCoder, getAddress, keccak256 } from "ethers";
import { AuteurInputError } from "../errors.js";
import type { PlayChallenge, PlayData } from "./types.js";

const coder = AbiCoder.defaultAbiCoder();

/** Checks and normalises a PlayData (checksummed account, 32-byte cell hash). */
export function createPlayData(input: PlayData): PlayData {
  let account: string;
  try {
    account = getAddress(input.account);
  } catch (cause) {
    throw new AuteurInputError("POV_BAD_ACCOUNT", `not an address: ${input.account}`, { cause });
  }
  if (!/^0x[0-9a-fA-F]{64}$/.test(input.cellHash)) {
    throw new AuteurInputError(
      "POV_BAD_CELL_HASH",
      "cellHash must be a 0x-prefixed 32-byte hex SHA-256",
      {
        details: { cellHash: input.cellHash },
        hints: ["take the cell's sha256 from the content manifest"],
      },
    );
  }
  if (!Number.isSafeInteger(input.cellIndex) || input.cellIndex < 0) {
    throw new AuteurInputError("POV_BAD_CELL_INDEX", `cellIndex must be a non-negative integer`, {
      details: { cellIndex: input.cellIndex },
    });
  }
  if (input.workId < 0n) throw new AuteurInputError("POV_BAD_WORK_ID", "workId must be >= 0");
  return {
    account,
    workId: input.workId,
    cellIndex: input.cellIndex,
    cellHash: input.cellHash.toLowerCase(),
  };
}

/** keccak256 of the ABI-encoded PlayData: what the nonce binds to. */
export function hashPlayData(play: PlayData): string {
  return keccak256(
    coder.encode(
      ["address", "uint256", "uint32", "bytes32"],
      [play.account, play.workId, play.cellIndex, play.cellHash],
    ),
  );
}

/** The hash a nonce must bring under the difficulty: keccak256(constant, playDataHash, playCode, nonce). */
export function nonceHash(
  constant: string,
  playDataHash: string,
  playCode: string,
  nonce: bigint,
): string {
  return keccak256(
    coder.encode(
      ["bytes32", "bytes32", "bytes32", "uint64"],
      [constant, playDataHash, playCode, nonce],
    ),
  );
}

/** Whether `hash` (0x hex) starts with at least `bits` zero bits. */
export function meetsDifficulty(hash: string, bits: number): boolean {
  if (bits <= 0) return true;
  return BigInt(hash) >> BigInt(256 - bits) === 0n;
}

/** Checks a nonce against a challenge and a PlayData. */
export function isValidNonce(challenge: PlayChallenge, play: PlayData, nonce: bigint): boolean {
  if (nonce < 0n || nonce >= 1n << 64n) return false;
  return meetsDifficulty(
    nonceHash(challenge.constant, hashPlayData(play), challenge.playCode, nonce),
    challenge.difficultyBits,
  );
}

/** Result of {@link solvePlayNonce}. */
export interface SolvePlayNonceReturnType {
  nonce: bigint;
  attempts: number;
  nonceMs: number;
}

/**
 * Player side: finds the lowest nonce whose hash meets the challenge's (low) difficulty. A player
 * runs it while the cell plays; the verifier later compares the time it took with the playback.
 *
 * @example
 * ```ts
 * const { nonce, nonceMs } = solvePlayNonce(challenge, playData);
 * ```
 */
export function solvePlayNonce(
  challenge: PlayChallenge,
  play: PlayData,
  options: { maxAttempts?: number; now?: () => number } = {},
): SolvePlayNonceReturnType {
  const now = options.now ?? (() => performance.now());
  const max = options.maxAttempts ?? 1 << 24;
  const start = now();
  const playHash = hashPlayData(play);
  for (let i = 0; i < max; i++) {
    const nonce = BigInt(i);
    if (
      meetsDifficulty(
        nonceHash(challenge.constant, playHash, challenge.playCode, nonce),
        challenge.difficultyBits,
      )
    ) {
      return { nonce, attempts: i + 1, nonceMs: Math.max(0, now() - start) };
    }
  }
  throw new AuteurInputError("POV_NONCE_NOT_FOUND", `no nonce within ${max} attempts`, {
    details: { difficultyBits: challenge.difficultyBits },
    hints: ["the difficulty is too high for a player: verifiers should issue 8-16 bits"],
  });
}
