import { Contract, ZeroAddress, type InterfaceAbi } from "ethers";
import { withDecodedErrors } from "../errors.js";
import { abis, type ContractName } from "../generated/index.js";
import type { AuteurClient } from "../client.js";

/** Parameters of {@link ensureAllowance}. */
export interface EnsureAllowanceParameters {
  /** ERC-20 token address (`address(0)`: native coin, nothing to approve). */
  token: string;
  /** The contract that will pull the tokens. */
  spender: ContractName;
  amount: bigint;
}

/**
 * Approves `spender` for `amount` of `token` when the signer's allowance is lower. Returns the
 * approval's transaction hash, or undefined when none was needed.
 *
 * @example
 * ```ts
 * await ensureAllowance(client, { token, spender: "LicenseMarket", amount: 10n ** 18n });
 * ```
 */
export async function ensureAllowance(
  client: AuteurClient,
  p: EnsureAllowanceParameters,
): Promise<string | undefined> {
  if (p.token === ZeroAddress || p.amount === 0n) return undefined;
  const signer = client.requireSigner("approve");
  const owner = await signer.getAddress();
  const spender = client.address(p.spender);
  const erc20 = new Contract(p.token, abis.AuteurToken as unknown as InterfaceAbi, signer);
  return withDecodedErrors(`approve ${p.spender}`, async () => {
    const current = (await erc20.getFunction("allowance").staticCall(owner, spender)) as bigint;
    if (current >= p.amount) return undefined;
    const tx = await erc20.getFunction("approve").send(spender, p.amount);
    await tx.wait();
    return tx.hash as string;
  });
}
