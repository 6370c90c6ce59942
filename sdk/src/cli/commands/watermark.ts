/**
 * `auteur watermark embed|extract`: the invisible keyed watermark from the command line.
 *
 *   auteur watermark embed --in IN --out OUT --key <20 hex> --payload <16 hex> [--strength S]
 *   auteur watermark extract --in IN --key <20 hex> [--json]
 *
 * `extract` prints the payload hex or `none` on its last line; with `--json` one line
 * `{"payload":"<16 hex>"|null,"confidence":<0..1>}`. Exit 0 on success (including "none found"),
 * 2 on bad input.
 */
import { rename, rm, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";

import { AuteurError, AuteurInputError } from "../../errors.js";

const HELP = `Usage: auteur watermark <embed|extract> [options]

  auteur watermark embed --in IN --out OUT --key KEY --payload PAYLOAD [--strength S]
      Writes a copy of IN carrying PAYLOAD invisibly (same format, size and colour space).
      KEY: 20 hex characters (80-bit secret). PAYLOAD: 16 hex characters (64 bits).
      --strength S: 0.25..4, default 1 (higher survives more, shows more).
  auteur watermark extract --in IN --key KEY [--json]
      Prints the payload (16 hex) or "none" on the last line; --json prints one line
      {"payload":"<16 hex>"|null,"confidence":<0..1>}.

Exit codes: 0 success (also when no mark is found), 2 bad input, 1 failure.`;

const options = {
  in: { type: "string", short: "i" },
  out: { type: "string", short: "o" },
  key: { type: "string", short: "k" },
  payload: { type: "string", short: "p" },
  strength: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

function required(value: string | undefined, flag: string, example: string): string {
  if (value === undefined || value === "") {
    throw new AuteurInputError("CLI_MISSING_FLAG", `--${flag} is required`, {
      hints: [`e.g. --${flag} ${example}`, "Run `auteur watermark --help`."],
    });
  }
  return value;
}

export async function run(argv: string[]): Promise<void> {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (cause) {
    throw new AuteurInputError("CLI_BAD_FLAG", (cause as Error).message, {
      hints: ["Run `auteur watermark --help`."],
      cause,
    });
  }
  const { values, positionals } = parsed;
  const [action, ...extra] = positionals;
  if (values.help || action === undefined || action === "help") {
    console.log(HELP);
    return;
  }
  if (extra.length > 0) {
    throw new AuteurInputError("CLI_BAD_ARGUMENT", `unexpected argument "${extra[0]}"`, {
      hints: ["Pass files with --in and --out."],
    });
  }
  const { embedWatermark, extractWatermark } = await import("../../media/watermark/index.js");
  if (action === "embed") {
    const input = required(values.in, "in", "photo.jpg");
    const out = required(values.out, "out", "photo-marked.jpg");
    const key = required(values.key, "key", "0123456789abcdef0123");
    const payload = required(values.payload, "payload", "00000000000004d2");
    let strength: number | undefined;
    if (values.strength !== undefined) {
      strength = Number(values.strength);
      if (values.strength.trim() === "" || !Number.isFinite(strength)) {
        throw new AuteurInputError(
          "CLI_BAD_FLAG",
          `--strength must be a number, got "${values.strength}"`,
          { hints: ["e.g. --strength 1.5"] },
        );
      }
    }
    const marked = await embedWatermark(input, { key, payload, strength });
    const temporary = `${out}.tmp-${process.pid}`;
    try {
      await writeFile(temporary, marked);
      await rename(temporary, out);
    } catch (cause) {
      await rm(temporary, { force: true });
      throw new AuteurError("WATERMARK_WRITE_FAILED", `Cannot write ${out}.`, {
        details: { out },
        hints: ["Check that the output folder exists and is writable."],
        cause,
      });
    }
    console.log(`wrote ${out} (${marked.length} bytes)`);
    console.log(`next: auteur watermark extract --in ${out} --key <key>`);
    return;
  }
  if (action === "extract") {
    const input = required(values.in, "in", "copy.jpg");
    const key = required(values.key, "key", "0123456789abcdef0123");
    const { payload, confidence } = await extractWatermark(input, { key });
    const rounded = Math.round(confidence * 1000) / 1000;
    if (values.json) console.log(JSON.stringify({ payload, confidence: rounded }));
    else {
      console.log(`confidence ${rounded}`);
      console.log(payload ?? "none");
    }
    return;
  }
  throw new AuteurInputError(
    "CLI_BAD_ARGUMENT",
    `unknown action "${action}" (expected embed or extract)`,
    { hints: ["Run `auteur watermark --help`."] },
  );
}
