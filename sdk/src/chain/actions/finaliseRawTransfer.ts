import { requireEvent, sendContract, type AuteurClient } from "../client.js";

/** Parameters of {@link finaliseRawTransfer}. */
export interface FinaliseRawTransferParameters {
  workId: bigint;
}
/** Result of {@link finaliseRawTransfer}. */
export interface FinaliseRawTransferReturnType {
  from: string;
  to: string;
  txHash: string;
}

/**
 * Finalises a RAW ownership claim once its dispute window has passed (anyone may call).
 *
 * @example
 * ```ts
 * const { to } = await client.finaliseRawTransfer({ workId: 1n });
 * ```
 */
export async function finaliseRawTransfer(
  client: AuteurClient,
  p: FinaliseRawTransferParameters,
): Promise<FinaliseRawTransferReturnType> {
  const sent = await sendContract(client, "CopyrightRegistry", "finaliseClaim", [p.workId], {
    action: "finaliseRawTransfer",
  });
  const e = requireEvent(sent.events, "OwnershipClaimFinalised", "finaliseRawTransfer");
  return { from: e.args.from as string, to: e.args.to as string, txHash: sent.hash };
}
