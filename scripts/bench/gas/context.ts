/**
 * What every gas module gets. A gas module is a file `scripts/bench/gas/<area>.ts` with
 *
 * ```ts
 * export default async function measure(ctx: GasContext): Promise<Record<string, number>>
 * ```
 *
 * returning readable keys ("transfer (to a new holder)") and the total gas of one transaction
 * each, from its receipt ({@link GasContext.gasOf}). The runner (`scripts/bench/gas.bench.ts`)
 * takes a chain snapshot before each module and restores it after, so modules start from the same
 * state and never see each other's contracts. Files starting with `_` are not modules.
 */
import type { HardhatEthers, HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkHelpers } from "@nomicfoundation/hardhat-network-helpers/types";
import type { ContractTransactionResponse, TransactionResponse } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

export interface GasContext {
  connection: NetworkConnection;
  ethers: HardhatEthers;
  networkHelpers: NetworkHelpers;
  signers: HardhatEthersSigner[];
  /** Waits for the transaction and returns its receipt's `gasUsed` (throws if it reverted). */
  gasOf(tx: Promise<ContractTransactionResponse | TransactionResponse>): Promise<number>;
}

/** A gas module's default export. */
export type GasMeasure = (ctx: GasContext) => Promise<Record<string, number>>;

export function createGasContext(
  connection: NetworkConnection,
  signers: HardhatEthersSigner[],
): GasContext {
  return {
    connection,
    ethers: connection.ethers,
    networkHelpers: connection.networkHelpers,
    signers,
    async gasOf(tx) {
      const receipt = await (await tx).wait();
      if (receipt === null) throw new Error("The transaction has no receipt");
      return Number(receipt.gasUsed);
    },
  };
}
