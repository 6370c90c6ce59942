import type { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { getAddress } from "ethers";
import { AuteurError, AuteurInputError } from "../errors.js";

/** The arguments of `ProofOfView.claim` for one account of a cumulative tree. */
export interface ClaimArguments {
  account: string;
  cumulativeAmount: bigint;
  proof: string[];
}

/** Finds `account` in the tree and returns its cumulative total and proof. */
export function claimArguments(
  tree: StandardMerkleTree<[string, bigint]>,
  account: string,
): ClaimArguments {
  const wanted = getAddress(account);
  for (const [i, [a, amount]] of tree.entries()) {
    if (getAddress(a) === wanted)
      return { account: wanted, cumulativeAmount: BigInt(amount), proof: tree.getProof(i) };
  }
  throw new AuteurInputError("POV_NOT_IN_TREE", `${wanted} has no earnings in this tree`, {
    hints: ["load the tree of the newest active root (the report builder's `tree.dump()`)"],
  });
}

/** The slice of a ProofOfView contract (ethers v6, TypeChain or not) the claim helper calls. */
export interface PovClaimContract {
  settlementState(): Promise<readonly [bigint, bigint, string, bigint, bigint, string, bigint]>;
  activateRoot(): Promise<{ wait(): Promise<unknown> }>;
  claim(
    account: string,
    cumulativeAmount: bigint,
    proof: string[],
  ): Promise<{ wait(): Promise<unknown> }>;
  claimed(account: string): Promise<bigint>;
}

/** Result of {@link claimPovRewards}. */
export interface ClaimPovRewardsReturnType {
  /** What this claim paid (0 when nothing was due). */
  paid: bigint;
  /** Whether the helper activated the pending root first. */
  activated: boolean;
}

/**
 * Claims an account's Proof-of-View rewards with one proof: activates the tree's root first when it
 * is still pending but past its challenge window, then pays `total - alreadyClaimed`.
 */
export async function claimPovRewards(
  pov: PovClaimContract,
  tree: StandardMerkleTree<[string, bigint]>,
  account: string,
  nowSeconds: bigint,
): Promise<ClaimPovRewardsReturnType> {
  const args = claimArguments(tree, account);
  const [, , pendingRoot, , pendingActiveAt, activeRoot] = await pov.settlementState();
  let activated = false;
  if (activeRoot !== tree.root) {
    if (pendingRoot !== tree.root) {
      throw new AuteurError(
        "POV_ROOT_UNKNOWN",
        "the tree is neither the active nor the pending root",
        {
          details: { treeRoot: tree.root, activeRoot, pendingRoot },
          hints: ["use the tree of the newest settlement"],
        },
      );
    }
    if (nowSeconds < pendingActiveAt) {
      throw new AuteurError(
        "POV_ROOT_PENDING",
        `the root becomes claimable at ${pendingActiveAt}`,
        {
          details: { pendingActiveAt },
          hints: ["wait for the end of the challenge window"],
        },
      );
    }
    await (await pov.activateRoot()).wait();
    activated = true;
  }
  const already = await pov.claimed(args.account);
  if (already >= args.cumulativeAmount) return { paid: 0n, activated };
  await (await pov.claim(args.account, args.cumulativeAmount, args.proof)).wait();
  return { paid: args.cumulativeAmount - already, activated };
}
