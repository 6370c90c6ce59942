import { getAddress } from "ethers";
import { readContract, sendContract, type AuteurClient } from "../client.js";

/** Parameters of {@link claimPovReward}: the account's entry of the active cumulative tree. */
export interface ClaimPovRewardParameters {
  /** Who is paid (anyone may send the claim, e.g. a fee payer). Defaults to the signer. */
  account?: string;
  cumulativeAmount: bigint;
  proof: string[];
}
/** Result of {@link claimPovReward}. */
export interface ClaimPovRewardReturnType {
  /** What this claim paid out (0 when everything was claimed already; no transaction then). */
  paid: bigint;
  txHash?: string;
}

/**
 * Claims Proof-of-View rewards with one proof (`claimArguments(tree, account)` from
 * `@auteur/sdk/pov` gives the amount and proof). Claim cost does not grow with the epochs.
 *
 * @example
 * ```ts
 * const { paid } = await client.claimPovReward(claimArguments(tree, viewer));
 * ```
 */
export async function claimPovReward(
  client: AuteurClient,
  p: ClaimPovRewardParameters,
): Promise<ClaimPovRewardReturnType> {
  const account = getAddress(p.account ?? (await client.account()));
  const already = await readContract<bigint>(client, "ProofOfView", "claimed", [account]);
  if (already >= p.cumulativeAmount) return { paid: 0n };
  const sent = await sendContract(
    client,
    "ProofOfView",
    "claim",
    [account, p.cumulativeAmount, p.proof],
    {
      action: "claimPovReward",
    },
  );
  return { paid: p.cumulativeAmount - already, txHash: sent.hash };
}
