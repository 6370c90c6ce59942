/**
 * Deploys a preset — every contract of the protocol, or only its core — and writes
 * `deployments/<chainId>.json`.
 *
 *   AUTEUR_PRESET=chainflix npx hardhat run deploy/deploy.ts --network sepolia
 *   npx tsx deploy/deploy.ts --preset imageone          (in-process chain; --preset works here)
 *
 * Environment:
 * - AUTEUR_PRESET: imageone | imira | livevideo | chainflix (default chainflix);
 * - AUTEUR_ADMIN: default admin of the token and the authority set (default: the deployer);
 * - AUTEUR_ADMIN_DELAY: two-step admin delay in seconds (default 86400);
 * - AUTEUR_VESTING_START: vesting start in unix seconds (default: the latest block's time);
 * - AUTEUR_BENEFICIARIES: path to a JSON file `{ "<trancheId>": "0x..." }` (default: the admin);
 * - AUTEUR_CORE_ONLY=1: only AuthoritySet, AuteurToken and the vesting wallets (default: the whole
 *   protocol: also CopyrightRegistry, LicenseMarket, the preset's minters with MINTER_ROLE,
 *   AdEscrow, CommerceEscrow and Tips). When AUTEUR_ADMIN is not the deployer, the deployer
 *   starts the two-step admin transfer on every contract and AUTEUR_ADMIN accepts it after the delay.
 * Network credentials come from Hardhat config variables (SEPOLIA_RPC_URL, KAIROS_RPC_URL,
 * KAIA_RPC_URL, DEPLOYER_PRIVATE_KEY): `npx hardhat keystore set SEPOLIA_RPC_URL` or env vars.
 */
import { readFileSync } from "node:fs";
import { network } from "hardhat";
import { isAddress } from "ethers";
import { deployCore } from "./core.js";
import { deploymentPath, readDeployment, recordContracts } from "./deployments.js";
import { fmt, loadPreset, presetFromArgs } from "./presets.js";

function beneficiariesFromEnv(): Record<string, string> | undefined {
  const path = process.env.AUTEUR_BENEFICIARIES;
  if (path === undefined) return undefined;
  const parsed = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  for (const [id, address] of Object.entries(parsed)) {
    if (typeof address !== "string" || !isAddress(address)) {
      throw new Error(
        `AUTEUR_BENEFICIARIES (${path}): "${id}" is not an address: ${String(address)}`,
      );
    }
  }
  return parsed as Record<string, string>;
}

/** An optional non-negative integer from the environment, with an error that names the variable. */
function integerEnv(name: string): bigint | undefined {
  const value = process.env[name];
  if (value === undefined || value === "") return undefined;
  if (!/^[0-9]+$/.test(value))
    throw new Error(`${name} must be a whole number of seconds, got "${value}"`);
  return BigInt(value);
}

async function main(): Promise<void> {
  const preset = loadPreset(presetFromArgs());
  const connection = await network.getOrCreate();
  const admin = process.env.AUTEUR_ADMIN;
  if (admin !== undefined && !isAddress(admin))
    throw new Error(`AUTEUR_ADMIN is not an address: ${admin}`);
  const adminDelay = integerEnv("AUTEUR_ADMIN_DELAY");
  const vestingStart = integerEnv("AUTEUR_VESTING_START");
  const previous = readDeployment((await connection.ethers.provider.getNetwork()).chainId);
  console.log(`Deploying preset ${preset.name} (${preset.symbol}) to ${connection.networkName}...`);
  const core = await deployCore(connection, preset, {
    admin,
    adminDelay: adminDelay === undefined ? undefined : Number(adminDelay),
    // A resumed deploy keeps the first run's start (Ignition refuses changed arguments).
    vestingStart:
      vestingStart ??
      (previous?.preset === preset.name && typeof previous.vestingStart === "string"
        ? BigInt(previous.vestingStart)
        : undefined),
    beneficiaries: beneficiariesFromEnv(),
    knownRecords: previous?.preset === preset.name ? previous.contracts : undefined,
    displayUi: connection.networkConfig.type === "http",
    scope: process.env.AUTEUR_CORE_ONLY === "1" ? "core" : "protocol",
  });
  const record = recordContracts(
    {
      chainId: Number(core.chainId),
      network: connection.networkName,
      preset: preset.name,
      deployer: core.deployer,
      token: { name: preset.tokenName, symbol: preset.symbol, cap: preset.cap.toString() },
      vestingStart: core.vestingStart.toString(),
      allocation: core.allocation.map((a) => ({
        ...a,
        amount: a.amount.toString(),
        reserve: a.reserve.toString(),
      })),
    },
    core.records,
  );
  for (const [name, c] of Object.entries(record.contracts)) {
    console.log(`  ${name.padEnd(28)} ${c.address}  block ${c.blockNumber}`);
  }
  console.log(`Genesis ${fmt(preset.genesisSupply)} ${preset.symbol} of cap ${fmt(preset.cap)}.`);
  console.log(`Wrote ${deploymentPath(core.chainId)}.`);
  if (core.adminTransfers.length > 0) {
    console.log(
      `Admin transfer to ${core.admin} pending on ${core.adminTransfers.join(", ")}: ` +
        "it calls acceptDefaultAdminTransfer() on each once the admin delay has passed.",
    );
  }
  console.log(
    "Next: grant the verifier, attester and supervisor roles on the AuthoritySet " +
      "(grantRole), then register works with `npx auteur register`.",
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
