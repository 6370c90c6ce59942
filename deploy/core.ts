/**
 * Deploys a preset on any Hardhat network connection: its core (AuthoritySet, AuteurToken, vesting
 * wallets, genesis allocation) through the `AuteurCore` Ignition module, or the whole protocol
 * (core, CopyrightRegistry, LicenseMarket, the minters the preset names, AdEscrow,
 * CommerceEscrow, Tips) through `AuteurProtocol`. Used by `deploy/deploy.ts` (whole protocol),
 * the demo, the tests and the gas snapshot (core, adding the rest step by step).
 */
import type { NetworkConnection } from "hardhat/types/network";
import { beneficiaryParameter, auteurCoreModule, vestingWalletId } from "./ignition/AuteurCore.js";
import { protocolModule } from "./ignition/Commerce.js";
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
  /**
   * "core" (default): AuthoritySet, AuteurToken and the vesting wallets. "protocol": every
   * contract, with MINTER_ROLE granted to the preset's minters and the admin as default admin
   * and treasury of every contract.
   */
  scope?: "core" | "protocol";
}

/** The contracts with a two-step default admin (AccessControlDefaultAdminRules). */
const TWO_STEP_ADMIN = new Set([
  "AuthoritySet",
  "AuteurToken",
  "CopyrightRegistry",
  "LicenseMarket",
  "UploadMiner",
  "ProofOfView",
  "AdEscrow",
  "CommerceEscrow",
]);

/** Deployment record names of the Ignition futures (the contract names the SDK looks up). */
const FUTURE_NAMES: Record<string, string> = {
  authoritySet: "AuthoritySet",
  token: "AuteurToken",
  registry: "CopyrightRegistry",
  market: "LicenseMarket",
  uploadMiner: "UploadMiner",
  proofOfView: "ProofOfView",
  adEscrow: "AdEscrow",
  commerceEscrow: "CommerceEscrow",
  tips: "Tips",
};

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
  /** Contracts whose default admin the requested admin still has to accept (scope "protocol"). */
  adminTransfers: string[];
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
  // The protocol module grants MINTER_ROLE from the deployer, so the deployer is the first admin
  // of every contract; a different admin then takes over by the two-step transfer (below).
  const protocol = options.scope === "protocol";
  const roles = { admin: protocol ? deployer.address : admin, adminDelay };
  const deployed = await ignition.deploy(
    protocol ? protocolModule(preset) : auteurCoreModule(preset),
    {
      parameters: {
        AuthoritySet: roles,
        AuteurCore: { ...coreParams, ...roles },
        AuteurRegistry: { ...roles, treasury: admin },
        AuteurRewards: roles,
        AuteurProtocol: { ...roles, platformTreasury: admin },
      },
      deploymentId: options.deploymentId ?? `auteur-${preset.name}`,
      displayUi: options.displayUi ?? false,
    },
  );

  const addresses: Record<string, string> = {};
  for (const [key, contract] of Object.entries(deployed)) {
    const name = FUTURE_NAMES[key] ?? key;
    addresses[name] = await contract.getAddress();
  }
  const adminTransfers =
    protocol && admin.toLowerCase() !== deployer.address.toLowerCase()
      ? await beginAdminTransfers(connection, addresses, admin)
      : [];
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
    adminTransfers,
  };
}

/**
 * Starts the two-step default-admin transfer to `admin` on every contract that has one
 * ({@link TWO_STEP_ADMIN}); skips contracts where it is already pending (a resumed deploy).
 * Returns the names of the contracts whose transfer is pending: `admin` accepts each with
 * `acceptDefaultAdminTransfer()` once the admin delay has passed.
 */
async function beginAdminTransfers(
  connection: NetworkConnection,
  addresses: Record<string, string>,
  admin: string,
): Promise<string[]> {
  const { ethers } = connection;
  const abi = [
    "function pendingDefaultAdmin() view returns (address, uint48)",
    "function beginDefaultAdminTransfer(address)",
  ];
  const [deployer] = await ethers.getSigners();
  const pending: string[] = [];
  for (const [name, address] of Object.entries(addresses)) {
    if (!TWO_STEP_ADMIN.has(name)) continue;
    const contract = new ethers.Contract(address, abi, deployer);
    const [current] = (await contract.getFunction("pendingDefaultAdmin")()) as [string, bigint];
    if (current.toLowerCase() !== admin.toLowerCase()) {
      await (await contract.getFunction("beginDefaultAdminTransfer")(admin)).wait();
    }
    pending.push(name);
  }
  return pending;
}
