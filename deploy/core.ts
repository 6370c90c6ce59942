/**
 * Deploys the core of a preset (AuthoritySet, AuteurToken, vesting wallets, genesis allocation)
 * through the `AuteurCore` Ignition module, on any Hardhat network connection. Used by
 * `deploy/deploy.ts`, the demo, the tests and the gas snapshot.
 */
import type { NetworkConnection } from "hardhat/types/network";
import { beneficiaryParameter, auteurCoreModule, vestingWalletId } from "./ignition/AuteurCore.js";
import type { ContractRecord } from "./deployments.js";
import { findCreations } from "./deployments.js";
import type { ResolvedPreset } from "./presets.js";

export interface DeployCoreOptions {
  /** Default admin of the token and the authority set (default: the first signer). */
  admin?: string;
  /** Two-step admin transfer delay in seconds (default 86,400). */
  adminDelay?: number;
  /** Vesting start, unix seconds (default: the latest block's timestamp). */
  vestingStart?: bigint;
  /** Beneficiary per tranche id (default: the admin). */
  beneficiaries?: Record<string, string>;
  /** Ignition deployment id (default `auteur-<preset>`); ignored on the in-process chain. */
  deploymentId?: string;
  /** Show Ignition's progress UI (default false). */
  displayUi?: boolean;
  /** Also find each contract's creation block and transaction (default true). */
  records?: boolean;
  /** Records of an earlier run (deployments/<chainId>.json), used for contracts Ignition reused. */
  knownRecords?: Record<string, ContractRecord>;
}

/** One genesis holder: a tranche and where its tokens went. */
export interface AllocationRow {
  tranche: string;
  label: string;
  beneficiary: string;
  /** The vesting wallet, or the beneficiary itself for an immediate tranche. */
  holder: string;
  amount: bigint;
  reserve: bigint;
}

export interface CoreDeployment {
  preset: ResolvedPreset;
  chainId: bigint;
  deployer: string;
  admin: string;
  vestingStart: bigint;
  /** Contract name (Ignition future id) to address. */
  addresses: Record<string, string>;
  /** Contract name to creation block and transaction (empty when `records` is false). */
  records: Record<string, ContractRecord>;
  allocation: AllocationRow[];
}

/** Deploys `preset` and returns the addresses, creation records and allocation table. */
export async function deployCore(
  connection: NetworkConnection,
  preset: ResolvedPreset,
  options: DeployCoreOptions = {},
): Promise<CoreDeployment> {
  const { ethers, ignition } = connection;
  const [deployer] = await ethers.getSigners();
  const admin = options.admin ?? deployer.address;
  const latest = await ethers.provider.getBlock("latest");
  if (latest === null) throw new Error("The node returned no latest block");
  const vestingStart = options.vestingStart ?? BigInt(latest.timestamp);
  const adminDelay = options.adminDelay ?? 86_400;

  const beneficiaries: Record<string, string> = {};
  const coreParams: Record<string, string | number | bigint> = { admin, adminDelay, vestingStart };
  for (const tranche of preset.tranches) {
    const who = options.beneficiaries?.[tranche.id] ?? admin;
    beneficiaries[tranche.id] = who;
    coreParams[beneficiaryParameter(tranche.id)] = who;
  }
  const unknown = Object.keys(options.beneficiaries ?? {}).filter(
    (id) => !preset.tranches.some((t) => t.id === id),
  );
  if (unknown.length > 0) {
    throw new Error(
      `Beneficiaries given for unknown tranches ${unknown.join(", ")} of preset ${preset.name}; ` +
        `tranches are ${preset.tranches.map((t) => t.id).join(", ")}`,
    );
  }

  const fromBlock = latest.number + 1;
  const deployed = await ignition.deploy(auteurCoreModule(preset), {
    parameters: { AuthoritySet: { admin, adminDelay }, AuteurCore: coreParams },
    deploymentId: options.deploymentId ?? `auteur-${preset.name}`,
    displayUi: options.displayUi ?? false,
  });

  const addresses: Record<string, string> = {};
  for (const [key, contract] of Object.entries(deployed)) {
    const name = key === "authoritySet" ? "AuthoritySet" : key === "token" ? "AuteurToken" : key;
    addresses[name] = await contract.getAddress();
  }
  const records =
    options.records === false
      ? {}
      : await findCreations(ethers.provider, addresses, fromBlock, options.knownRecords);

  const allocation: AllocationRow[] = preset.tranches.map((t) => ({
    tranche: t.id,
    label: t.label,
    beneficiary: beneficiaries[t.id],
    holder:
      t.vesting !== undefined && t.genesis > 0n
        ? addresses[vestingWalletId(t.id)]
        : beneficiaries[t.id],
    amount: t.genesis,
    reserve: t.reserve,
  }));
  const network = await ethers.provider.getNetwork();
  return {
    preset,
    chainId: network.chainId,
    deployer: deployer.address,
    admin,
    vestingStart,
    addresses,
    records,
    allocation,
  };
}
