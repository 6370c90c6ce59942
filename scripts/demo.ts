/**
 * The main job: `npm run demo` (= `hardhat run scripts/demo.ts`, in-process chain).
 *
 * Chooses a preset (`--preset NAME` when run as `npx tsx scripts/demo.ts --preset NAME`, or
 * `AUTEUR_PRESET=NAME npm run demo`; default chainflix), then runs the steps below in order. Each
 * step is a module `scripts/demo/<step>.ts` exporting `title` and a default
 * `async function run(ctx: DemoContext)`; later features append their line to STEPS and read what
 * earlier steps left in the context (`ctx.deployment`, `ctx.state`).
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import type { CoreDeployment } from "../deploy/core.js";
import { loadPreset, presetFromArgs, type ResolvedPreset } from "../deploy/presets.js";

/** Prints what the demo does; `detail` lines show only with DEBUG=auteur:* (or auteur:demo). */
export interface DemoLogger {
  step(title: string): void;
  info(message: string): void;
  detail(message: string): void;
  table(rows: Record<string, string>[], align?: Record<string, "left" | "right">): void;
}

/** Shared by every step. */
export interface DemoContext {
  connection: NetworkConnection;
  ethers: NetworkConnection["ethers"];
  signers: HardhatEthersSigner[];
  presetName: string;
  preset: ResolvedPreset;
  /** Set by the token step: addresses, creation records, allocation. */
  deployment?: CoreDeployment;
  /** Free-form hand-over between steps (key by step name). */
  state: Record<string, unknown>;
  log: DemoLogger;
}

type StepModule = { title: string; default: (ctx: DemoContext) => Promise<void> };

/** The steps, in order. */
const STEPS: [name: string, load: () => Promise<StepModule>][] = [
  ["token", () => import("./demo/token.js")],
  ["media", () => import("./demo/media.js")],
  ["registry", () => import("./demo/registry.js")],
  ["pov", () => import("./demo/pov.js")],
  ["ads", () => import("./demo/ads.js")],
  ["index", () => import("./demo/index.js")],
  ["report", () => import("./demo/report.js")],
  // (each feature adds its line here)
];

export function createLogger(out: (line: string) => void = console.log): DemoLogger {
  const debug = process.env.DEBUG ?? "";
  const verbose = /(^|,)auteur:(\*|demo)/.test(debug);
  let n = 0;
  return {
    step(title) {
      n += 1;
      out(`\n== ${n}. ${title} ==`);
    },
    info(message) {
      out(message);
    },
    detail(message) {
      if (verbose) out(`  [debug] ${message}`);
    },
    table(rows, align = {}) {
      if (rows.length === 0) return;
      const cols = Object.keys(rows[0]);
      const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => (r[c] ?? "").length)));
      const cell = (c: string, v: string, i: number) =>
        align[c] === "right" ? v.padStart(width[i]) : v.padEnd(width[i]);
      out(cols.map((c, i) => cell(c, c, i)).join("  "));
      out(width.map((w) => "-".repeat(w)).join("  "));
      for (const r of rows) out(cols.map((c, i) => cell(c, r[c] ?? "", i)).join("  "));
    },
  };
}

async function main(): Promise<void> {
  const presetName = presetFromArgs();
  const preset = loadPreset(presetName);
  const connection = await network.getOrCreate();
  const ctx: DemoContext = {
    connection,
    ethers: connection.ethers,
    signers: await connection.ethers.getSigners(),
    presetName,
    preset,
    state: {},
    log: createLogger(),
  };
  ctx.log.info(
    `Auteur demo on ${connection.networkName} (chain ${(await ctx.ethers.provider.getNetwork()).chainId}), preset ${presetName}`,
  );
  for (const [name, load] of STEPS) {
    const step = await load();
    ctx.log.step(step.title);
    ctx.log.detail(`step ${name}`);
    await step.default(ctx);
  }
  ctx.log.info(
    "\nDone. Open demo-out/report.html to see the story; next: `npm test` runs every test, README.md explains each part.",
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
