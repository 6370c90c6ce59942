/**
 * Deploys every Auteur contract to a TRON network from the Hardhat artifacts (the same
 * `evmVersion: "shanghai"` bytecode), with a fee limit per deployment, and writes
 * `deployments/<chainId>.json` with base58 addresses (plus their 0x forms).
 *
 *   TRON_PRIVATE_KEY=<hex> npx tsx deploy/tron.ts --network nile [--preset chainflix] [--fee-limit-trx 1000]
 *
 * Networks: nile (https://nile.trongrid.io), shasta (https://api.shasta.trongrid.io), mainnet
 * (https://api.trongrid.io), or --full-host URL. Get Nile test TRX from the Nile faucet first;
 * a deployment of the whole protocol needs a few thousand TRX of energy at the default fee limit.
 * The genesis of the token goes to the deployer (vesting wallets are EVM-deploy only); roles are
 * granted after deployment (UploadMiner and ProofOfView get MINTER_ROLE).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { id } from "ethers";
import { TronWeb } from "tronweb";
import { toEvmAddress, toTronAddress, toTronHex } from "../sdk/src/chain/tron/index.js";
import { COMMERCE_DEFAULTS } from "./ignition/Commerce.js";
import { REWARDS_DEFAULTS, hasProofOfView, uploadMinerCap } from "./ignition/Rewards.js";
import { loadPreset, type ResolvedPreset } from "./presets.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Full node URLs and chain ids (TRON chain id = last 4 bytes of the genesis block id). */
export const TRON_NETWORKS: Record<string, { fullHost: string; chainId: number }> = {
  mainnet: { fullHost: "https://api.trongrid.io", chainId: 728126428 },
  shasta: { fullHost: "https://api.shasta.trongrid.io", chainId: 2494104990 },
  nile: { fullHost: "https://nile.trongrid.io", chainId: 3448148188 },
};

/** One deployment: a contract from the artifacts and its constructor arguments. */
export interface TronDeployStep {
  name: string;
  artifact: string;
  /** Arguments; `{ ref: "Name" }` stands for the address of an earlier step. */
  args: unknown[];
}

type Ref = { ref: string };

/** The ordered deployments for `preset` with `admin` (hex or base58) as admin and treasury. */
export function tronDeployPlan(preset: ResolvedPreset, admin: string): TronDeployStep[] {
  const a = toEvmAddress(admin);
  const r = REWARDS_DEFAULTS;
  const c = COMMERCE_DEFAULTS;
  const ref = (name: string): Ref => ({ ref: name });
  const genesis = preset.tranches.reduce((sum, t) => sum + t.genesis, 0n);
  const steps: TronDeployStep[] = [
    {
      name: "AuthoritySet",
      artifact: "access/AuthoritySet.sol/AuthoritySet.json",
      args: [r.adminDelay, a],
    },
    {
      name: "AuteurToken",
      artifact: "token/AuteurToken.sol/AuteurToken.json",
      args: [
        preset.tokenName,
        preset.symbol,
        preset.cap,
        r.adminDelay,
        a,
        genesis > 0n ? [a] : [],
        genesis > 0n ? [genesis] : [],
      ],
    },
    {
      name: "CopyrightRegistry",
      artifact: "registry/CopyrightRegistry.sol/CopyrightRegistry.json",
      args: [ref("AuthoritySet"), r.adminDelay, a, 10, 7 * 86_400],
    },
    {
      name: "LicenseMarket",
      artifact: "market/LicenseMarket.sol/LicenseMarket.json",
      args: [ref("CopyrightRegistry"), ref("AuteurToken"), r.adminDelay, a, a, 100, 100],
    },
  ];
  const cap = uploadMinerCap(preset);
  if (cap > 0n) {
    steps.push({
      name: "UploadMiner",
      artifact: "mining/UploadMiner.sol/UploadMiner.json",
      args: [
        ref("AuteurToken"),
        ref("CopyrightRegistry"),
        r.uploadCurve,
        r.uploadInitialReward,
        r.uploadK,
        cap,
        r.adminDelay,
        a,
      ],
    });
  }
  if (hasProofOfView(preset)) {
    steps.push({
      name: "ProofOfView",
      artifact: "pov/ProofOfView.sol/ProofOfView.json",
      args: [
        [
          ref("AuteurToken"),
          ref("AuthoritySet"),
          ref("CopyrightRegistry"),
          r.epochReward,
          r.halvingEpochs,
          r.maxHalvings,
          r.epochMillis,
          0n,
          r.challengeWindow,
          r.storageBps,
          r.verifierBps,
          r.supervisorBps,
          [r.minCreatorBps, r.minViewerBps, r.maxViewerBps, r.maxEnhancerBps],
        ],
        r.adminDelay,
        a,
      ],
    });
  }
  steps.push(
    {
      name: "AdEscrow",
      artifact: "ads/AdEscrow.sol/AdEscrow.json",
      args: [
        ref("AuthoritySet"),
        ref("CopyrightRegistry"),
        a,
        [c.minCreatorBps, c.maxViewerBps, c.maxStorageBps, c.minPlatformBps, c.maxPlatformBps],
        c.settlementGrace,
        c.adminDelay,
        a,
      ],
    },
    {
      name: "CommerceEscrow",
      artifact: "commerce/CommerceEscrow.sol/CommerceEscrow.json",
      args: [
        ref("AuthoritySet"),
        [c.shipTimeout, c.confirmTimeout, c.rulingTimeout],
        c.adminDelay,
        a,
      ],
    },
    {
      name: "Tips",
      artifact: "community/Tips.sol/Tips.json",
      args: [ref("AuteurToken"), ref("CopyrightRegistry")],
    },
  );
  return steps;
}

function resolve(value: unknown, deployed: Record<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => resolve(v, deployed));
  if (value !== null && typeof value === "object" && "ref" in value) {
    const address = deployed[(value as Ref).ref];
    if (address === undefined)
      throw new Error(`deploy plan: ${(value as Ref).ref} is used before it is deployed`);
    return toEvmAddress(address);
  }
  return typeof value === "bigint" ? value.toString() : value;
}

/** The `createSmartContract` options of one step (what goes over the network). */
export function createOptions(
  step: TronDeployStep,
  deployed: Record<string, string>,
  feeLimitSun: number,
) {
  const artifact = JSON.parse(
    readFileSync(join(ROOT, "artifacts", "contracts", step.artifact), "utf8"),
  ) as {
    abi: unknown[];
    bytecode: string;
  };
  return {
    abi: artifact.abi,
    bytecode: artifact.bytecode.replace(/^0x/, ""),
    parameters: resolve(step.args, deployed) as unknown[],
    feeLimit: feeLimitSun,
    callValue: 0,
    userFeePercentage: 100,
    originEnergyLimit: 10_000_000,
    name: step.name,
  };
}

/** Deploys the plan through `tronWeb`, returning base58 addresses and transaction ids. */
export async function deployToTron(
  tronWeb: TronWeb,
  steps: TronDeployStep[],
  feeLimitSun: number,
  log: (line: string) => void = console.log,
): Promise<Record<string, { address: string; txHash: string }>> {
  const owner = tronWeb.defaultAddress.base58 as string;
  const deployed: Record<string, string> = {};
  const out: Record<string, { address: string; txHash: string }> = {};
  for (const step of steps) {
    const tx = await tronWeb.transactionBuilder.createSmartContract(
      createOptions(step, deployed, feeLimitSun) as never,
      owner,
    );
    const signed = await tronWeb.trx.sign(tx);
    const result = (await tronWeb.trx.sendRawTransaction(signed)) as {
      result?: boolean;
      code?: string;
      message?: string;
    };
    if (result.result !== true) {
      throw new Error(
        `${step.name}: the network refused the deployment (${result.code ?? "?"} ${result.message ?? ""})`,
      );
    }
    const address = toTronAddress((tx as unknown as { contract_address: string }).contract_address);
    deployed[step.name] = address;
    out[step.name] = { address, txHash: tx.txID };
    log(`  ${step.name.padEnd(18)} ${address}  tx ${tx.txID}`);
  }
  const minter = id("MINTER_ROLE");
  for (const name of ["UploadMiner", "ProofOfView"]) {
    if (deployed[name] === undefined) continue;
    const token = await tronWeb.contract().at(deployed.AuteurToken as string);
    await (
      token as unknown as Record<string, (...a: unknown[]) => { send(o: unknown): Promise<string> }>
    ).grantRole!(minter, toTronHex(deployed[name] as string)).send({ feeLimit: feeLimitSun });
    log(`  MINTER_ROLE -> ${name}`);
  }
  return out;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      network: { type: "string", default: "nile" },
      "full-host": { type: "string" },
      preset: { type: "string", default: "chainflix" },
      "fee-limit-trx": { type: "string", default: "1000" },
    },
  });
  const key = process.env.TRON_PRIVATE_KEY;
  if (key === undefined || !/^(0x)?[0-9a-fA-F]{64}$/.test(key)) {
    throw new Error("Missing TRON_PRIVATE_KEY (64 hex digits): export it, then rerun");
  }
  const network = TRON_NETWORKS[values.network as string];
  const fullHost = values["full-host"] ?? network?.fullHost;
  if (fullHost === undefined) {
    throw new Error(
      `Unknown --network ${values.network}: use nile, shasta, mainnet or --full-host URL`,
    );
  }
  const feeLimitSun = Number(values["fee-limit-trx"]) * 1_000_000;
  if (!Number.isInteger(feeLimitSun) || feeLimitSun <= 0)
    throw new Error("--fee-limit-trx must be a positive number");
  const tronWeb = new TronWeb({ fullHost, privateKey: key.replace(/^0x/, "") });
  const preset = loadPreset(values.preset as string);
  const steps = tronDeployPlan(preset, tronWeb.defaultAddress.hex as string);
  console.log(
    `Deploying ${steps.length} contracts (${preset.name}) to ${fullHost} as ${tronWeb.defaultAddress.base58}`,
  );
  const contracts = await deployToTron(tronWeb, steps, feeLimitSun);
  const chainId = network?.chainId ?? 0;
  const record = {
    chainId,
    network: values.network,
    preset: preset.name,
    chainType: "tron",
    updatedAt: new Date().toISOString(),
    contracts: Object.fromEntries(
      Object.entries(contracts).map(([name, c]) => [
        name,
        { ...c, hex: toEvmAddress(c.address), blockNumber: 0 },
      ]),
    ),
  };
  const path = join(ROOT, "deployments", `${chainId}.json`);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, `${JSON.stringify(record, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
  console.log(
    `Wrote ${path}\nNext: npx auteur verify <file> --rpc-url ${fullHost}/jsonrpc --deployments ${path}`,
  );
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
