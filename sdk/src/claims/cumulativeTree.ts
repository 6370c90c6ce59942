import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { getAddress } from "ethers";
import { AuteurInputError } from "../errors.js";

/** Leaf encoding shared with `contracts/utils/CumulativeMerkleClaims.sol`. */
export const CUMULATIVE_LEAF_ENCODING = ["address", "uint256"] as const;

/** A cumulative distribution: every account's total earned so far, its root and proofs. */
export interface CumulativeTree {
  /** Merkle root the contract stores. */
  root: string;
  /** Sum of every account's cumulative amount (what the contract checks against its pool). */
  total: bigint;
  /** Cumulative amount per checksummed address. */
  balances: ReadonlyMap<string, bigint>;
  /** Proof for `account`'s current cumulative amount; throws for an account not in the tree. */
  proof(account: string): string[];
  /** The claim arguments for `account`: its cumulative amount and proof. */
  claimOf(account: string): { account: string; cumulativeAmount: bigint; proof: string[] };
}

/**
 * Builds the cumulative Merkle tree used by ProofOfView and AdEscrow claims: one leaf
 * `(account, cumulativeAmount)` per account with a non-zero total, double-hashed as in
 * OpenZeppelin's StandardMerkleTree, so a claim pays `cumulativeAmount - alreadyClaimed`.
 *
 * @example
 * ```ts
 * const tree = buildCumulativeTree(new Map([["0x1111111111111111111111111111111111111111", 5n]]));
 * const { cumulativeAmount, proof } = tree.claimOf("0x1111111111111111111111111111111111111111");
 * ```
 */
export function buildCumulativeTree(balances: ReadonlyMap<string, bigint>): CumulativeTree {
  const normalised = new Map<string, bigint>();
  for (const [account, amount] of balances) {
    if (amount < 0n) {
      throw new AuteurInputError(
        "CLAIM_NEGATIVE_AMOUNT",
        `Negative cumulative amount for ${account}`,
        {
          details: { account, amount },
          hints: [
            "Cumulative amounts only grow: add each period's earnings to the previous totals.",
          ],
        },
      );
    }
    if (amount === 0n) continue;
    const key = getAddress(account);
    normalised.set(key, (normalised.get(key) ?? 0n) + amount);
  }
  if (normalised.size === 0) {
    throw new AuteurInputError(
      "CLAIM_EMPTY_TREE",
      "A cumulative tree needs at least one non-zero balance",
      {
        hints: [
          "Skip the settlement's tree when nobody earned anything, or check the report's inputs.",
        ],
      },
    );
  }
  const entries = [...normalised.entries()].sort(([a], [b]) =>
    a.toLowerCase() < b.toLowerCase() ? -1 : 1,
  );
  const tree = StandardMerkleTree.of(
    entries.map(([account, amount]) => [account, amount.toString()]),
    [...CUMULATIVE_LEAF_ENCODING],
  );
  const index = new Map(entries.map(([account], i) => [account, i]));
  const total = entries.reduce((sum, [, amount]) => sum + amount, 0n);
  const proof = (account: string): string[] => {
    const key = getAddress(account);
    const i = index.get(key);
    if (i === undefined) {
      throw new AuteurInputError(
        "CLAIM_UNKNOWN_ACCOUNT",
        `${key} has nothing in this distribution`,
        {
          details: { account: key },
          hints: ["Check the account earned in a settled period, or wait for the next settlement."],
        },
      );
    }
    // leaves were added in `entries` order, so tree index i is entries[i]
    return tree.getProof(i);
  };
  return {
    root: tree.root,
    total,
    balances: normalised,
    proof,
    claimOf: (account) => ({
      account: getAddress(account),
      cumulativeAmount: normalised.get(getAddress(account)) ?? 0n,
      proof: proof(account),
    }),
  };
}
