/**
 * `auteur` command-line entry. Each verb lives in `commands/<verb>.ts` and exports
 * `run(argv: string[]): Promise<void>`; verbs load lazily so `auteur hash` never loads the chain
 * clients or IPFS.
 *
 * Exit codes: 0 success, 1 failure, 2 bad input (a message names the problem and the fix).
 */
import { AuteurError, AuteurInputError } from "../errors.js";

type Command = { summary: string; load: () => Promise<{ run(argv: string[]): Promise<void> }> };

const commands: Record<string, Command> = {};

/** Registers a verb. Called once per command module below. */
function verb(name: string, summary: string, load: Command["load"]): void {
  commands[name] = { summary, load };
}

// -- verbs (one line each; the module owns its flags and help) --
// (each feature adds its line here)
verb(
  "deploy",
  "deploy the contracts of a preset (EVM, Kaia, TRON) and write deployments/<chainId>.json",
  () => import("./commands/deploy.js"),
);
verb(
  "pov",
  "Proof-of-View: play a cell, verify plays, settle epochs by quorum, claim rewards",
  () => import("./commands/pov.js"),
);
verb(
  "ads",
  "ad campaigns on chain: create, fund, settle by quorum, claim",
  () => import("./commands/ads.js"),
);
verb(
  "register",
  "register an image as a work on chain (hash, pHash, chunks, attestation)",
  () => import("./commands/register.js"),
);
verb(
  "version",
  "add a higher-resolution or RAW copy as a version of a registered work",
  () => import("./commands/version.js"),
);
verb(
  "verify",
  "is this file registered, by whom, under which licences (sha256, pHash, watermark)",
  () => import("./commands/verify.js"),
);
verb(
  "licence",
  "licence offers, purchases and checks: offer, buy, check",
  () => import("./commands/licence.js"),
);
verb(
  "hash",
  "perceptual hashes of images: pHash (imagehash-exact), PDQ, mean variant",
  () => import("./commands/hash.js"),
);
verb(
  "similar",
  "index images and find the ones that look alike (pHash, PDQ)",
  () => import("./commands/similar.js"),
);
verb(
  "video-hash",
  "per-frame hashes of a video (5 fps, frame hash or vPDQ)",
  () => import("./commands/video-hash.js"),
);
verb(
  "video-match",
  "is one video a duplicate of another: matching frames and time offset",
  () => import("./commands/video-match.js"),
);
verb(
  "watermark",
  "invisible keyed watermark: embed, extract",
  () => import("./commands/watermark.js"),
);
verb(
  "store",
  "verified chunk store: put, get, verify, stat, repair",
  () => import("./commands/store.js"),
);

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((n) => n.length), 4);
  const rows = Object.entries(commands)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return [
    "Usage: auteur <command> [options]",
    "",
    "Commands:",
    ...rows,
    "",
    "Run `auteur <command> --help` for a command's options.",
  ].join("\n");
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    console.log(usage());
    return 0;
  }
  const command = commands[name];
  if (command === undefined) {
    console.error(`auteur: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    const module = await command.load();
    await module.run(rest);
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof AuteurError) {
      console.error(error.format());
      return error instanceof AuteurInputError ? 2 : 1;
    }
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
