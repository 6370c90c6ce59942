import { readFile } from "node:fs/promises";
import { AuteurInputError } from "../../errors.js";
import { buildCumulativeTree, type CumulativeTree } from "../../claims/cumulativeTree.js";

/**
 * Reads a cumulative balances file (`{ "0xAccount": "amount", ... }`, amounts as decimal strings:
 * every account's total earned so far) and rebuilds the claim tree ProofOfView and AdEscrow use.
 *
 * @example
 * ```ts
 * const tree = await readBalancesTree("epoch-12-balances.json");
 * await client.claimPovReward(tree.claimOf(account));
 * ```
 */
export async function readBalancesTree(path: string): Promise<CumulativeTree> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, "utf8"));
  } catch (cause) {
    throw new AuteurInputError("BALANCES_UNREADABLE", `cannot read balances JSON ${path}`, {
      hints: ['pass the balances file published with the settlement ({"0x...": "amount"})'],
      cause,
    });
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw new AuteurInputError(
      "BALANCES_INVALID",
      `${path} is not an object of account -> amount`,
      {
        hints: ['write it as {"0xAccount": "123"}'],
      },
    );
  }
  const balances = new Map<string, bigint>();
  for (const [account, amount] of Object.entries(json as Record<string, unknown>)) {
    if (typeof amount !== "string" || !/^[0-9]+$/.test(amount)) {
      throw new AuteurInputError(
        "BALANCES_INVALID",
        `${path}: amount of ${account} is not a decimal string`,
        {
          hints: ["amounts are whole token units (wei) as decimal strings"],
        },
      );
    }
    balances.set(account, BigInt(amount));
  }
  return buildCumulativeTree(balances);
}
