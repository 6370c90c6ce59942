/**
 * Gas snapshot: `npm run bench -- gas` (runs through `hardhat run`). Loads every gas module in
 * scripts/bench/gas/ (see gas/context.ts), runs each on the in-process chain from the same
 * snapshot, and writes `gas-snapshot.json` at the root: gas per area and figure, plus the deployed
 * and init code size of every contract under contracts/ (EIP-170 limit 24,576 bytes, EIP-3860
 * init-code limit 49,152 bytes). Keys are sorted and there is no timestamp, so a diff shows only
 * figures that moved. A readable copy goes to bench-results/gas.md.
 */
import { readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import hre, { network } from "hardhat";
import { createGasContext, type GasMeasure } from "./gas/context.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const EIP170 = 24_576;
const EIP3860 = 49_152;

function sortKeys<T>(obj: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(obj).sort(([a], [b]) => a.localeCompare(b)));
}

function artifactFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...artifactFiles(path));
    else if (name.endsWith(".json") && !name.endsWith(".dbg.json")) out.push(path);
  }
  return out;
}

/** Deployed and init code sizes (bytes) of every contract compiled from contracts/. */
function bytecodeSizes(): Record<string, { deployed: number; init: number }> {
  const dir = join(root, "artifacts", "contracts");
  const sizes: Record<string, { deployed: number; init: number }> = {};
  for (const file of artifactFiles(dir)) {
    const a = JSON.parse(readFileSync(file, "utf8")) as {
      contractName?: string;
      sourceName?: string;
      bytecode?: string;
      deployedBytecode?: string;
    };
    if (a.contractName === undefined || a.bytecode === undefined || a.bytecode === "0x") continue;
    const bytes = (hex: string | undefined) => ((hex ?? "0x").length - 2) / 2;
    sizes[`${a.sourceName}:${a.contractName}`] = {
      deployed: bytes(a.deployedBytecode),
      init: bytes(a.bytecode),
    };
  }
  return sortKeys(sizes);
}

async function main(): Promise<void> {
  // Measure on a Shanghai chain, the EVM the contracts are compiled for (TRON, Kaia, L1s), when
  // the config defines one (`hardhatMainnet`); GAS_NETWORK picks another.
  const wanted = process.env.GAS_NETWORK ?? "hardhatMainnet";
  const connection = await network.getOrCreate(wanted in hre.config.networks ? wanted : undefined);
  const signers = await connection.ethers.getSigners();
  const ctx = createGasContext(connection, signers);
  const modules = readdirSync(join(here, "gas"))
    .filter((f) => f.endsWith(".ts") && !f.startsWith("_") && f !== "context.ts")
    .sort();
  const gas: Record<string, Record<string, number>> = {};
  const failures: string[] = [];
  for (const file of modules) {
    const area = file.slice(0, -".ts".length);
    const mod = (await import(pathToFileURL(join(here, "gas", file)).href)) as {
      default?: unknown;
    };
    if (typeof mod.default !== "function") {
      failures.push(
        `${file}: no default export \`measure(ctx: GasContext)\` (see scripts/bench/gas/context.ts)`,
      );
      continue;
    }
    const snapshot = await connection.networkHelpers.takeSnapshot();
    const started = Date.now();
    try {
      const figures = await (mod.default as GasMeasure)(ctx);
      gas[area] = sortKeys(figures);
      console.log(
        `${area}: ${Object.keys(figures).length} figures in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
    } catch (error) {
      failures.push(`${file}: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      await snapshot.restore();
    }
  }

  const config = connection.networkConfig;
  const sizes = bytecodeSizes();
  const snapshot = {
    about:
      "Total transaction gas from receipts (includes the 21,000 base and calldata) on Hardhat's in-process chain; bytecode sizes in bytes. Regenerate with `npm run bench -- gas`.",
    compiler: { solc: "0.8.30", evmVersion: "shanghai", optimizerRuns: 200 },
    hardfork: "hardfork" in config ? config.hardfork : undefined,
    gas: sortKeys(gas),
    bytecode: sizes,
  };
  writeFileSync(join(root, "gas-snapshot.json"), `${JSON.stringify(snapshot, null, 2)}\n`);

  const md: string[] = ["# Gas snapshot", "", snapshot.about, ""];
  for (const [area, figures] of Object.entries(snapshot.gas)) {
    md.push(`## ${area}`, "", "| figure | gas |", "| --- | ---: |");
    for (const [k, v] of Object.entries(figures))
      md.push(`| ${k} | ${v.toLocaleString("en-US")} |`);
    md.push("");
  }
  md.push(
    "## bytecode",
    "",
    "| contract | deployed | init | EIP-170 margin |",
    "| --- | ---: | ---: | ---: |",
  );
  for (const [k, v] of Object.entries(sizes)) {
    md.push(
      `| ${k} | ${v.deployed.toLocaleString("en-US")} | ${v.init.toLocaleString("en-US")} | ${(EIP170 - v.deployed).toLocaleString("en-US")} |`,
    );
  }
  mkdirSync(join(root, "bench-results"), { recursive: true });
  writeFileSync(join(root, "bench-results", "gas.md"), `${md.join("\n")}\n`);

  const over = Object.entries(sizes).filter(([, v]) => v.deployed > EIP170 || v.init > EIP3860);
  for (const [k, v] of over)
    failures.push(
      `${k}: ${v.deployed} deployed / ${v.init} init bytes is above the EIP-170/3860 limits`,
    );
  console.log(
    `Wrote ${relative(process.cwd(), join(root, "gas-snapshot.json"))} (${Object.keys(gas).length} areas, ${Object.keys(sizes).length} contracts).`,
  );
  if (failures.length > 0) {
    for (const f of failures) console.error(`FAILED ${f}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
