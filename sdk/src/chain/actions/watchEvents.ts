import type { LogDescription } from "ethers";
import type { AuteurClient } from "../client.js";
import type { ContractName } from "../generated/index.js";

/** Parameters of {@link watchEvent}. */
export interface WatchEventParameters {
  contract: ContractName;
  /** Event name, e.g. `WorkRegistered`. */
  event: string;
  onEvent: (event: LogDescription & { txHash: string; blockNumber: number }) => void;
}

/**
 * Calls `onEvent` for each new `event` of `contract`; returns a function that stops watching.
 *
 * @example
 * ```ts
 * const stop = await client.watchEvent({ contract: "CopyrightRegistry", event: "WorkRegistered", onEvent: console.log });
 * ```
 */
export async function watchEvent(
  client: AuteurClient,
  p: WatchEventParameters,
): Promise<() => Promise<void>> {
  const contract = client.contract(p.contract);
  const fragment = contract.interface.getEvent(p.event);
  if (fragment === null) throw new Error(`unknown event ${p.event}`);
  const listener = (...args: unknown[]) => {
    const payload = args[args.length - 1] as {
      log: { topics: string[]; data: string; transactionHash: string; blockNumber: number };
    };
    const parsed = contract.interface.parseLog(payload.log);
    if (parsed !== null)
      p.onEvent(
        Object.assign(parsed, {
          txHash: payload.log.transactionHash,
          blockNumber: payload.log.blockNumber,
        }),
      );
  };
  await contract.on(p.event, listener);
  return async () => {
    await contract.off(p.event, listener);
  };
}

/** Parameters of {@link getEvents}. */
export interface GetEventsParameters {
  contract: ContractName;
  event: string;
  fromBlock?: number;
  toBlock?: number | "latest";
  /** Indexed argument filters in order (null: any). */
  args?: unknown[];
}

/**
 * Past events of `contract`, decoded (from the deployment's block by default).
 *
 * @example
 * ```ts
 * const works = await client.getEvents({ contract: "CopyrightRegistry", event: "WorkRegistered" });
 * ```
 */
export async function getEvents(
  client: AuteurClient,
  p: GetEventsParameters,
): Promise<LogDescription[]> {
  const contract = client.contract(p.contract);
  const filter = contract.filters[p.event]!(...(p.args ?? []));
  const from = p.fromBlock ?? client.deployments.contracts[p.contract]?.blockNumber ?? 0;
  const logs = await contract.queryFilter(filter, from, p.toBlock ?? "latest");
  return logs
    .map((l) => contract.interface.parseLog(l))
    .filter((x): x is LogDescription => x !== null);
}
