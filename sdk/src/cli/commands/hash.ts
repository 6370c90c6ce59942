/**
 * `auteur hash`: perceptual hashes of image files.
 *
 *   auteur hash <files...> [--algo phash|pdq|phash-mean] [--json] [--concurrency N]
 *                          [--fast] [--max-pixels N]
 *
 * With `--json`, one JSON object per line on stdout, in the order of the arguments:
 * `{"file":..., "phash":"<16 hex>"}` (phash and phash-mean) or
 * `{"file":..., "pdq":"<64 hex>", "quality":n}`. Without it, `<hash>  <file>` (pdq: `<hash>
 * <quality>  <file>`). A file that cannot be hashed is reported on stderr with the reason and the
 * rest of the batch is still hashed; the exit code is then 2. A progress bar goes to stderr for
 * more than one file when stderr is a terminal (or AUTEUR_PROGRESS=1).
 */
import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";

import { AuteurError, AuteurInputError } from "../../errors.js";
import { DEFAULT_MAX_PIXELS } from "../../media/image.js";
import { computePDQ } from "../../media/pdq/index.js";
import { computePHash } from "../../media/phash/index.js";

const HELP = `Usage: auteur hash <files...> [--algo phash|pdq|phash-mean] [--json] [--concurrency N]

Perceptual hashes of images (JPEG, PNG, WebP, GIF, TIFF, AVIF/HEIF).

  --algo phash       64-bit pHash, bit-identical to Python imagehash 4.3.2 phash() (default)
  --algo pdq         256-bit PDQ with its quality score 0..100
  --algo phash-mean  64-bit pHash variant thresholded at the mean (the image-copyright design)
  --fast             pHash only: libvips greyscale and resize (faster, a few bits off imagehash)
  --json             one JSON object per line: {"file","phash"} or {"file","pdq","quality"}
  --concurrency N    images hashed at the same time (default ${defaultConcurrency()})
  --max-pixels N     refuse larger images (decompression bombs); default ${DEFAULT_MAX_PIXELS}

Exit code 0 when every file was hashed, 2 when some could not be (each is reported on stderr and
the others are still hashed). Next: auteur similar --index DIR --add <files...>`;

const options = {
  algo: { type: "string", default: "phash" },
  json: { type: "boolean", default: false },
  concurrency: { type: "string" },
  fast: { type: "boolean", default: false },
  "max-pixels": { type: "string" },
  help: { type: "boolean", short: "h", default: false },
} as const;

/** The algorithms of `--algo`. */
export type HashAlgo = "phash" | "pdq" | "phash-mean";

/** One output record, exactly as printed with `--json`. */
export type HashRecord =
  { file: string; phash: string } | { file: string; pdq: string; quality: number };

function defaultConcurrency(): number {
  return Math.max(2, Math.min(8, availableParallelism() * 2));
}

function badFlag(message: string, hint: string): AuteurInputError {
  return new AuteurInputError("CLI_BAD_FLAG", message, { hints: [hint, "auteur hash --help"] });
}

function positiveInt(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^[1-9][0-9]*$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw badFlag(`${flag} must be a positive integer, got "${value}"`, `e.g. ${flag} 4`);
  }
  return Number(value);
}

/** Hashes one file with the chosen algorithm. */
export async function hashFile(
  file: string,
  algo: HashAlgo,
  settings: { fast?: boolean; maxPixels?: number } = {},
): Promise<HashRecord> {
  if (algo === "pdq") {
    const { hex, quality } = await computePDQ(file, { maxPixels: settings.maxPixels });
    return { file, pdq: hex, quality };
  }
  const mode = algo === "phash-mean" ? "mean" : settings.fast ? "fast" : "exact";
  const { hex } = await computePHash(file, { mode, maxPixels: settings.maxPixels });
  return { file, phash: hex };
}

/** Entry point of `auteur hash`. */
export async function run(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw badFlag((error as Error).message, "auteur hash <files...> [--algo phash|pdq|phash-mean]");
  }
  const { values, positionals: files } = parsed;
  if (values.help) {
    console.log(HELP);
    return;
  }
  const algo = values.algo as string;
  if (algo !== "phash" && algo !== "pdq" && algo !== "phash-mean") {
    throw badFlag(`unknown --algo "${algo}"`, "use --algo phash, --algo pdq or --algo phash-mean");
  }
  if (values.fast && algo !== "phash") {
    throw badFlag(`--fast applies to --algo phash only, not ${algo}`, "drop --fast");
  }
  if (files.length === 0) {
    throw new AuteurInputError("CLI_NO_FILES", "no image files given", {
      hints: ["auteur hash photo.jpg [more.jpg ...] [--json]"],
    });
  }
  const concurrency = positiveInt(values.concurrency, "--concurrency", defaultConcurrency());
  const maxPixels = positiveInt(values["max-pixels"], "--max-pixels", DEFAULT_MAX_PIXELS);

  const bar = progressBar(files.length);
  let badInput = 0;
  let failed = 0;
  // Results are printed in argument order as soon as every earlier file is done.
  const done: (HashRecord | AuteurError | Error | undefined)[] = new Array(files.length);
  let printed = 0;
  const flush = () => {
    while (printed < files.length && done[printed] !== undefined) {
      const result = done[printed] as HashRecord | Error;
      const file = files[printed];
      printed++;
      if (result instanceof Error) {
        bar.clear();
        if (result instanceof AuteurInputError) {
          badInput++;
          const where = result.message.includes(file) ? "" : `${file}: `;
          process.stderr.write(`auteur hash: ${where}${result.message} [${result.code}]\n`);
          for (const hint of result.hints) process.stderr.write(`  hint: ${hint}\n`);
        } else {
          failed++;
          const text =
            result instanceof AuteurError ? result.format() : (result.stack ?? result.message);
          process.stderr.write(`auteur hash: ${file}: ${text}\n`);
        }
      } else {
        bar.clear();
        process.stdout.write(format(result, values.json) + "\n");
      }
    }
  };
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const i = next++;
      try {
        done[i] = await hashFile(files[i], algo, { fast: values.fast, maxPixels });
      } catch (error) {
        done[i] = error instanceof Error ? error : new Error(String(error));
      }
      bar.tick();
      flush();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
  flush();
  bar.done();
  if (failed > 0) process.exitCode = 1;
  else if (badInput > 0) process.exitCode = 2;
  if (badInput + failed > 0) {
    process.stderr.write(
      `auteur hash: ${files.length - badInput - failed} of ${files.length} files hashed, ${badInput + failed} failed\n`,
    );
  }
}

function format(record: HashRecord, json: boolean): string {
  if (json) return JSON.stringify(record);
  return "pdq" in record
    ? `${record.pdq} ${record.quality}  ${record.file}`
    : `${record.phash}  ${record.file}`;
}

/** A one-line progress bar on stderr, drawn for terminals (or AUTEUR_PROGRESS=1). */
function progressBar(total: number): { tick(): void; clear(): void; done(): void } {
  const enabled =
    total > 1 && (process.stderr.isTTY === true || process.env.AUTEUR_PROGRESS === "1");
  let count = 0;
  let shown = false;
  const started = Date.now();
  const draw = () => {
    const width = 30;
    const filled = Math.round((count / total) * width);
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? (count / seconds).toFixed(1) : "-";
    process.stderr.write(
      `\rhashing [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${count}/${total} ${rate} files/s`,
    );
    shown = true;
  };
  return {
    tick() {
      count++;
      if (enabled) draw();
    },
    clear() {
      if (enabled && shown && process.stderr.isTTY === true) process.stderr.write("\r\x1b[K");
      shown = false;
    },
    done() {
      if (enabled) {
        draw();
        process.stderr.write("\n");
      }
    },
  };
}
