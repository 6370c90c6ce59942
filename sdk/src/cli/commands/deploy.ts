/**
 * `auteur deploy`: deploys a preset from a source checkout (Hardhat artifacts needed) and writes
 * `deployments/<chainId>.json`. EVM and Kaia networks run `deploy/deploy.ts` through Hardhat; TRON
 * networks run `deploy/tron.ts` through TronWeb.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { AuteurError, AuteurInputError } from "../../errors.js";

const EVM_NETWORKS = ["hardhatMainnet", "localhost", "sepolia", "kairos", "kaia"];
const TRON_NETWORKS = ["nile", "shasta", "tron-mainnet"];
const PRESETS = ["imageone", "imira", "livevideo", "chainflix"];

const HELP = `Usage: auteur deploy --network NAME [--preset NAME] [--fee-limit-trx N] [--json]

Deploys every Auteur contract for a preset and writes deployments/<chainId>.json (run it from the
repository root after \`npx hardhat build\`).

  --network NAME       ${EVM_NETWORKS.join(" | ")} (Hardhat; credentials from
                       \`npx hardhat keystore set SEPOLIA_RPC_URL\` etc. or env), or
                       ${TRON_NETWORKS.join(" | ")} (TronWeb; env TRON_PRIVATE_KEY)
  --preset NAME        ${PRESETS.join(" | ")} (default chainflix)
  --core-only          EVM: only AuthoritySet, AuteurToken and the vesting wallets (default: every
                       contract, with MINTER_ROLE granted to the preset's minters)
  --fee-limit-trx N    TRON fee limit per deployment (default 1000)`;

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      network: { type: "string" },
      preset: { type: "string", default: "chainflix" },
      "fee-limit-trx": { type: "string", default: "1000" },
      "core-only": { type: "boolean" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const network = values.network;
  if (
    network === undefined ||
    (!EVM_NETWORKS.includes(network) && !TRON_NETWORKS.includes(network))
  ) {
    throw new AuteurInputError(
      "NETWORK_UNKNOWN",
      `--network must be one of ${[...EVM_NETWORKS, ...TRON_NETWORKS].join(", ")}`,
      {
        hints: ["pass --network localhost (after `npx hardhat node`) or --network nile"],
      },
    );
  }
  if (!PRESETS.includes(values.preset as string)) {
    throw new AuteurInputError("PRESET_UNKNOWN", `--preset must be one of ${PRESETS.join(", ")}`, {
      hints: ["pass --preset chainflix"],
    });
  }
  if (!existsSync(join("deploy", "deploy.ts")) || !existsSync("artifacts")) {
    throw new AuteurInputError(
      "NOT_A_CHECKOUT",
      "deploy runs from the repository root after `npx hardhat build`",
      {
        hints: ["cd to the Auteur checkout, run `npx hardhat build`, then `npx auteur deploy ...`"],
      },
    );
  }
  const tron = TRON_NETWORKS.includes(network);
  const command = tron
    ? [
        "tsx",
        "deploy/tron.ts",
        "--network",
        network === "tron-mainnet" ? "mainnet" : network,
        "--preset",
        values.preset as string,
        "--fee-limit-trx",
        values["fee-limit-trx"] as string,
      ]
    : ["hardhat", "run", "deploy/deploy.ts", "--network", network];
  const result = spawnSync("npx", command, {
    stdio: values.json ? ["ignore", "pipe", "inherit"] : "inherit",
    env: {
      ...process.env,
      AUTEUR_PRESET: values.preset as string,
      ...(values["core-only"] ? { AUTEUR_CORE_ONLY: "1" } : {}),
    },
    encoding: "utf8",
  });
  if (result.status !== 0) {
    throw new AuteurError("DEPLOY_FAILED", `deploy to ${network} failed (exit ${result.status})`, {
      hints: [
        "read the output above; credentials: `npx hardhat keystore set <NAME>` or TRON_PRIVATE_KEY",
      ],
    });
  }
  if (values.json)
    console.log(
      JSON.stringify({ network, preset: values.preset, ok: true, next: "auteur register <file>" }),
    );
  else console.log("Next: auteur register <file> --attester-key 0x... --private-key 0x...");
}
