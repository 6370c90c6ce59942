/**
 * The `deployments/<chainId>.json` record (written by `deploy/deploy.ts`): addresses, deploy blocks
 * and transaction hashes, the single source of addresses for the SDK and the subgraph.
 */
import { getAddress } from "ethers";
import { AuteurInputError } from "../errors.js";
import type { ContractName } from "./generated/index.js";

/** One deployed contract. */
export interface DeployedContract {
  address: string;
  blockNumber: number;
  txHash: string;
}

/** The deployments file of one chain. */
export interface Deployments {
  chainId: number;
  preset?: string;
  network?: string;
  startBlock?: number;
  contracts: Partial<Record<ContractName | string, DeployedContract>>;
}

/** Checks the shape of a parsed deployments file and normalises its addresses (checksummed). */
export function parseDeployments(value: unknown, source = "deployments"): Deployments {
  const v = value as Partial<Deployments> | null;
  if (v === null || typeof v !== "object" || typeof v.chainId !== "number") {
    throw new AuteurInputError("DEPLOYMENTS_INVALID", `${source} has no numeric chainId`, {
      hints: [
        "pass the deployments/<chainId>.json written by `auteur deploy` (or deploy/deploy.ts)",
      ],
    });
  }
  if (v.contracts === undefined || typeof v.contracts !== "object") {
    throw new AuteurInputError("DEPLOYMENTS_INVALID", `${source} has no contracts`, {
      hints: ["redeploy with `auteur deploy` to write a complete record"],
    });
  }
  const contracts: Deployments["contracts"] = {};
  for (const [name, c] of Object.entries(v.contracts)) {
    if (c === undefined) continue;
    try {
      contracts[name] = { ...c, address: getAddress(c.address) };
    } catch (cause) {
      throw new AuteurInputError(
        "DEPLOYMENTS_INVALID",
        `${source}: ${name} has an invalid address`,
        {
          details: { address: c.address },
          hints: ["fix or regenerate the deployments file"],
          cause,
        },
      );
    }
  }
  return { ...v, chainId: v.chainId, contracts } as Deployments;
}

/** The address of `name`, or a typed error naming the fix. */
export function addressOf(deployments: Deployments, name: ContractName): string {
  const record = deployments.contracts[name];
  if (record === undefined) {
    throw new AuteurInputError(
      "CONTRACT_NOT_DEPLOYED",
      `${name} is not in the deployments of chain ${deployments.chainId}`,
      {
        details: { chainId: deployments.chainId, known: Object.keys(deployments.contracts) },
        hints: [
          `deploy a preset that includes ${name} (\`auteur deploy\`) or pass the right --deployments file`,
        ],
      },
    );
  }
  return record.address;
}
