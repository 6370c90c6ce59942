/**
 * `auteur store put|get|verify|stat|repair`: the verified chunk store from the command line.
 *
 *   auteur store put <file> [--dir DIR] [--json]     prints the manifest CID
 *   auteur store get <cid> [--dir DIR] --out FILE    writes the verified content (or one --cell)
 *   auteur store verify <cid> [--dir DIR] [--json]   checks every copy of every block
 *   auteur store stat <cid> [--dir DIR] [--json]     what the manifest says
 *   auteur store repair <cid> [--dir DIR]            re-replicates lost copies
 *
 * `--dir` selects the local backend's directory (default ./.auteur/store). `--helia DIR` and
 * `--kubo URL` add more backends (nodes); `--replication R` sets the copies per block.
 * Progress bars go to stderr when it is a terminal (or when AUTEUR_PROGRESS=1).
 */
import { mkdir, open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";

import { AuteurError, AuteurInputError } from "../../errors.js";
// Only the local backend loads eagerly; Helia and Kubo load when their flags are given.
import { LocalDirBackend } from "../../storage/backends/LocalDirBackend.js";
import type { StorageBackend } from "../../storage/backends/types.js";
import {
  createStore,
  DEFAULT_STORE_DIR,
  type ChunkStore,
  type StoreProgress,
} from "../../storage/store.js";

const HELP = `Usage: auteur store <put|get|verify|stat|repair> [options]

  auteur store put <file> [--dir DIR] [--json] [--media-type TYPE] [--cell-seconds N] [--no-cells]
      Stores a file as 1 MiB verified blocks (videos also as VideoCells) and prints the manifest CID.
      --json prints one line {"cid", "size", "blocks", "cells", "root", "sha256", "mediaType"}.
  auteur store get <cid> [--dir DIR] --out FILE [--cell N]
      Writes the content (or VideoCell N) to FILE ("-" for stdout); every block is verified first.
  auteur store verify <cid> [--dir DIR] [--json]
      Reads every copy of every block; exit code 1 when a copy is missing or corrupt.
  auteur store stat <cid> [--dir DIR] [--json]
      Prints what the manifest records (size, SHA-256, blocks, cells with time ranges).
  auteur store repair <cid> [--dir DIR]
      Writes intact copies to the nodes that lost theirs.

Backends: --dir DIR (local, default ./${DEFAULT_STORE_DIR}), --helia DIR and --kubo URL (repeatable)
add nodes; --replication R sets copies per block (default 3, at most the number of nodes);
--timeout-ms MS bounds each backend call.`;

const options = {
  dir: { type: "string" },
  helia: { type: "string", multiple: true },
  kubo: { type: "string", multiple: true },
  replication: { type: "string" },
  "timeout-ms": { type: "string" },
  json: { type: "boolean" },
  out: { type: "string", short: "o" },
  cell: { type: "string" },
  "media-type": { type: "string" },
  "cell-seconds": { type: "string" },
  "no-cells": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

type Values = ReturnType<
  typeof parseArgs<{ options: typeof options; allowPositionals: true }>
>["values"];

function number(
  value: string | undefined,
  flag: string,
  check: (n: number) => boolean,
  what: string,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || !check(n)) {
    throw new AuteurInputError("CLI_BAD_FLAG", `--${flag} must be ${what}, got "${value}"`, {
      hints: [`e.g. --${flag} ${flag === "cell-seconds" ? 60 : 3}`],
    });
  }
  return n;
}

async function openStore(values: Values): Promise<ChunkStore> {
  const backends: StorageBackend[] = [new LocalDirBackend(values.dir ?? DEFAULT_STORE_DIR)];
  if ((values.helia ?? []).length > 0) {
    const { HeliaBackend } = await import("../../storage/backends/HeliaBackend.js");
    for (const dir of values.helia ?? []) backends.push(new HeliaBackend({ dir }));
  }
  if ((values.kubo ?? []).length > 0) {
    const { KuboBackend } = await import("../../storage/backends/KuboBackend.js");
    for (const url of values.kubo ?? []) backends.push(new KuboBackend({ url }));
  }
  return createStore({
    backends,
    replication: number(
      values.replication,
      "replication",
      (n) => Number.isInteger(n) && n >= 1,
      "a whole number >= 1",
    ),
    timeoutMs: number(
      values["timeout-ms"],
      "timeout-ms",
      (n) => n > 0,
      "a positive number of milliseconds",
    ),
  });
}

/** A one-line progress bar on stderr; silent unless stderr is a terminal or AUTEUR_PROGRESS=1. */
class ProgressBar {
  private readonly enabled = process.stderr.isTTY === true || process.env.AUTEUR_PROGRESS === "1";
  private readonly started = performance.now();
  private lastDraw = 0;
  private drawn = false;

  constructor(private readonly label: string) {}

  update(progress: StoreProgress): void {
    if (!this.enabled) return;
    const now = performance.now();
    const final = progress.total !== undefined && progress.bytes >= progress.total;
    if (!final && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const seconds = Math.max((now - this.started) / 1000, 1e-3);
    let line: string;
    if (progress.phase === "cells") {
      line = `${this.label} cells ${progress.bytes}/${progress.total ?? "?"}`;
    } else {
      const mib = progress.bytes / 1_048_576;
      const rate = `${(mib / seconds).toFixed(1)} MiB/s`;
      if (progress.total !== undefined && progress.total > 0) {
        const ratio = Math.min(1, progress.bytes / progress.total);
        const width = 30;
        const full = Math.round(ratio * width);
        line = `${this.label} [${"#".repeat(full)}${"-".repeat(width - full)}] ${(ratio * 100).toFixed(0).padStart(3)}% ${mib.toFixed(1)}/${(progress.total / 1_048_576).toFixed(1)} MiB ${rate}`;
      } else {
        line = `${this.label} ${mib.toFixed(1)} MiB ${rate}`;
      }
    }
    process.stderr.write(process.stderr.isTTY === true ? `\r${line}\x1b[K` : `${line}\n`);
    this.drawn = true;
  }

  done(): void {
    if (this.enabled && this.drawn && process.stderr.isTTY === true) process.stderr.write("\n");
  }
}

function needCid(positionals: string[], sub: string): string {
  const cid = positionals[1];
  if (cid === undefined) {
    throw new AuteurInputError("CLI_MISSING_ARGUMENT", `auteur store ${sub} needs a manifest CID`, {
      hints: [`run: auteur store ${sub} <cid>  (the CID printed by \`auteur store put\`)`],
    });
  }
  return cid;
}

async function put(store: ChunkStore, positionals: string[], values: Values): Promise<void> {
  const file = positionals[1];
  if (file === undefined) {
    throw new AuteurInputError("CLI_MISSING_ARGUMENT", "auteur store put needs a file", {
      hints: ["run: auteur store put <file> [--dir DIR] [--json]"],
    });
  }
  const bar = new ProgressBar(`put ${basename(file)}`);
  const cellSeconds = number(
    values["cell-seconds"],
    "cell-seconds",
    (n) => n > 0,
    "a positive number of seconds",
  );
  const { cid, manifest } = await store.put(file, {
    mediaType: values["media-type"],
    cells: values["no-cells"] === true ? false : undefined,
    cellSeconds,
    onProgress: (p) => bar.update(p),
  });
  bar.done();
  if (values.json === true) {
    console.log(
      JSON.stringify({
        cid,
        size: manifest.size,
        blocks: manifest.blocks.length,
        cells: manifest.cells.length,
        root: manifest.root,
        sha256: manifest.sha256,
        mediaType: manifest.mediaType,
      }),
    );
  } else {
    console.log(cid);
    console.error(
      `stored ${manifest.size} bytes in ${manifest.blocks.length} blocks${manifest.cells.length > 0 ? ` and ${manifest.cells.length} VideoCells` : ""}; next: auteur store verify ${cid}`,
    );
  }
}

async function get(store: ChunkStore, positionals: string[], values: Values): Promise<void> {
  const cid = needCid(positionals, "get");
  const out = values.out;
  if (out === undefined) {
    throw new AuteurInputError("CLI_MISSING_FLAG", "auteur store get needs --out FILE", {
      hints: [`run: auteur store get ${cid} --out FILE (or --out - for stdout)`],
    });
  }
  const cellIndex = number(
    values.cell,
    "cell",
    (n) => Number.isInteger(n) && n >= 0,
    "a cell index >= 0",
  );
  const manifest = await store.manifest(cid);
  const bar = new ProgressBar(
    `get ${cellIndex === undefined ? cid.slice(0, 16) : `cell ${cellIndex}`}`,
  );
  const onProgress = (p: StoreProgress) => bar.update(p);
  if (out === "-") {
    const source =
      cellIndex === undefined
        ? store.get(cid, { onProgress })
        : store.getCell(cid, cellIndex, { onProgress });
    await pipeline(source, process.stdout);
    bar.done();
    return;
  }
  // Write to a temporary file beside the target and rename it: a failed or tampered read leaves
  // no partial output. `read` hands over verified pieces in reused memory; each is written before
  // the store may reuse it.
  await mkdir(dirname(out), { recursive: true });
  const temp = join(dirname(out), `.${basename(out)}.${process.pid}.part`);
  const file = await open(temp, "w");
  try {
    await store.read(
      cid,
      async (chunk) => {
        for (let at = 0; at < chunk.byteLength;) {
          at += (await file.write(chunk, at)).bytesWritten;
        }
      },
      { cell: cellIndex, onProgress },
    );
    await file.close();
    await rename(temp, out);
  } catch (error) {
    await file.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
  bar.done();
  const size = cellIndex === undefined ? manifest.size : manifest.cells[cellIndex].size;
  console.error(`wrote ${size} verified bytes to ${out}`);
}

async function verify(store: ChunkStore, positionals: string[], values: Values): Promise<void> {
  const cid = needCid(positionals, "verify");
  const report = await store.verify(cid);
  if (values.json === true) {
    console.log(JSON.stringify(report));
  } else {
    for (const p of report.problems)
      console.log(
        `${p.problem.padEnd(11)} ${p.block} ${p.cid} on ${p.backend}${p.message ? ` (${p.message})` : ""}`,
      );
    console.log(
      report.ok
        ? `ok: ${report.blocks} blocks, ${report.copies} copies intact`
        : `${report.problems.length} of ${report.copies} copies missing or corrupt; ${report.readable ? "every block can still be read: run `auteur store repair " + cid + "`" : "some blocks have no intact copy: put the file again"}`,
    );
  }
  if (!report.ok) process.exitCode = 1;
}

async function stat(store: ChunkStore, positionals: string[], values: Values): Promise<void> {
  const info = await store.stat(needCid(positionals, "stat"));
  if (values.json === true) {
    console.log(JSON.stringify(info));
    return;
  }
  const lines = [
    `cid         ${info.cid}`,
    `media type  ${info.mediaType}`,
    `size        ${info.size} bytes`,
    `sha256      ${info.sha256}`,
    `unixfs root ${info.root}`,
    `blocks      ${info.blocks} x ${info.blockSize} bytes max, ${info.nodes} DAG nodes`,
    `cells       ${info.cells.length}${info.cells.length > 0 ? ` (target ${info.cellSeconds} s)` : ""}`,
    ...info.cells.map(
      (c) =>
        `  ${String(c.index).padStart(4)}  ${c.startSeconds.toFixed(3)}-${c.endSeconds.toFixed(3)} s  ${c.size} bytes  ${c.sha256}`,
    ),
    `replication ${info.replication} of ${info.backends.length} backends`,
  ];
  console.log(lines.join("\n"));
}

async function repair(store: ChunkStore, positionals: string[]): Promise<void> {
  const cid = needCid(positionals, "repair");
  const report = await store.repair(cid);
  console.log(`repaired ${report.repaired} copies of ${report.blocks} blocks`);
  if (report.lost.length > 0) {
    throw new AuteurError(
      "STORE_BLOCKS_LOST",
      `${report.lost.length} blocks have no intact copy left`,
      {
        details: { lost: report.lost },
        hints: ["put the original file again"],
      },
    );
  }
}

export async function run(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (cause) {
    throw new AuteurInputError(
      "CLI_BAD_FLAG",
      cause instanceof Error ? cause.message : String(cause),
      { hints: ["run: auteur store --help"] },
    );
  }
  const { values, positionals } = parsed;
  const sub = positionals[0];
  if (values.help === true || sub === undefined) {
    console.log(HELP);
    return;
  }
  const commands: Record<string, (s: ChunkStore) => Promise<void>> = {
    put: (s) => put(s, positionals, values),
    get: (s) => get(s, positionals, values),
    verify: (s) => verify(s, positionals, values),
    stat: (s) => stat(s, positionals, values),
    repair: (s) => repair(s, positionals),
  };
  const command = commands[sub];
  if (command === undefined) {
    throw new AuteurInputError("CLI_UNKNOWN_SUBCOMMAND", `unknown store command "${sub}"`, {
      hints: ["use put, get, verify, stat or repair; see auteur store --help"],
    });
  }
  const store = await openStore(values);
  try {
    await command(store);
  } finally {
    await store.close();
  }
}
