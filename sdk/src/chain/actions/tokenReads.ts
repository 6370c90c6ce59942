/** Token reads: balances of any ERC-20 and AuteurToken's supply, burn and cap figures. */
import { Contract, getAddress, type InterfaceAbi } from "ethers";
import { readContract, type AuteurClient } from "../client.js";
import { withDecodedErrors } from "../errors.js";
import { abis } from "../generated/index.js";

/** Parameters of {@link getTokenBalance}. */
export interface GetTokenBalanceParameters {
  /** Defaults to the signer. */
  account?: string;
  /** An ERC-20 address; defaults to AuteurToken. */
  token?: string;
}

/**
 * An account's balance of an ERC-20 (AuteurToken by default).
 *
 * @example
 * ```ts
 * const balance = await client.getTokenBalance({ account: viewer });
 * ```
 */
export async function getTokenBalance(
  client: AuteurClient,
  p: GetTokenBalanceParameters = {},
): Promise<bigint> {
  const account = getAddress(p.account ?? (await client.account()));
  if (p.token === undefined) {
    return BigInt(await readContract<bigint>(client, "AuteurToken", "balanceOf", [account]));
  }
  const erc20 = new Contract(p.token, abis.AuteurToken as unknown as InterfaceAbi, client.provider);
  return withDecodedErrors("getTokenBalance", async () =>
    BigInt((await erc20.getFunction("balanceOf").staticCall(account)) as bigint),
  );
}

/** Result of {@link getTokenSupply}. */
export interface GetTokenSupplyReturnType {
  totalSupply: bigint;
  /** Everything burned so far (licence fuel fees among it). */
  totalBurned: bigint;
  cap: bigint;
}

/**
 * AuteurToken's circulating supply, burned total and cap.
 *
 * @example
 * ```ts
 * const before = await client.getTokenSupply();
 * await client.buyLicence({ workId, kind: "RoyaltyFree" });
 * const burned = (await client.getTokenSupply()).totalBurned - before.totalBurned;
 * ```
 */
export async function getTokenSupply(
  client: AuteurClient,
  _p?: Record<string, never>,
): Promise<GetTokenSupplyReturnType> {
  const read = async (method: string) =>
    BigInt(await readContract<bigint>(client, "AuteurToken", method));
  return {
    totalSupply: await read("totalSupply"),
    totalBurned: await read("totalBurned"),
    cap: await read("cap"),
  };
}
