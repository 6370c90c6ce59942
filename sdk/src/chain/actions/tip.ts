import { ZeroHash, getAddress } from "ethers";
import { requireEvent, sendContract, type AuteurClient } from "../client.js";
import { ensureAllowance } from "./approve.js";

/** Parameters of {@link tip}: a work (its owner is paid) or an account. */
export interface TipParameters {
  workId?: bigint;
  recipient?: string;
  amount: bigint;
  /** keccak256 of an off-chain message (default zero). */
  messageHash?: string;
  approve?: boolean;
}
/** Result of {@link tip}. */
export interface TipReturnType {
  recipient: string;
  toRecipient: bigint;
  donation: bigint;
  txHash: string;
}

/**
 * Tips a work's owner (with their NGO donation share) or an account, in AuteurToken.
 *
 * @example
 * ```ts
 * await client.tip({ workId: 1n, amount: 10n ** 18n });
 * ```
 */
export async function tip(client: AuteurClient, p: TipParameters): Promise<TipReturnType> {
  if (p.approve !== false) {
    await ensureAllowance(client, {
      token: client.address("AuteurToken"),
      spender: "Tips",
      amount: p.amount,
    });
  }
  const messageHash = p.messageHash ?? ZeroHash;
  const sent =
    p.workId !== undefined
      ? await sendContract(client, "Tips", "tipWork", [p.workId, p.amount, messageHash], {
          action: "tip",
        })
      : await sendContract(
          client,
          "Tips",
          "tipAccount",
          [getAddress(p.recipient ?? ""), p.amount, messageHash],
          {
            action: "tip",
          },
        );
  const e = requireEvent(sent.events, "Tipped", "tip");
  const args = e.args as unknown as { recipient: string; toRecipient?: bigint; donation?: bigint };
  return {
    recipient: args.recipient,
    toRecipient: BigInt(e.args[4] ?? 0n),
    donation: BigInt(e.args[6] ?? 0n),
    txHash: sent.hash,
  };
}
