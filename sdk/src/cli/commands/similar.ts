/**
 * `auteur similar`: an on-disk index of image fingerprints and "which indexed images look like
 * this one?".
 *
 *   auteur similar --index DIR --add <files...> [--concurrency N] [--json]
 *   auteur similar --index DIR <file> [--max-distance N] [--algo phash|pdq] [--json]
 *
 * The index directory holds `phash.idx` (64-bit pHash) and `pdq.idx` (256-bit PDQ) in the
 * similarity index's checksummed format, and `entries.jsonl`: one line per indexed image
 * (`{"id", "file", "sha256", "phash", "pdq", "quality"}`), appended, never rewritten. The `.idx`
 * files are written atomically after the entries, and any entry missing from them on load is put
 * back from its line, so an interrupted `--add` never loses or corrupts what was there.
 * Progress goes to stderr when it is a terminal (or AUTEUR_PROGRESS=1).
 */
import { createHash } from "node:crypto";
import { appendFile, mkdir, readFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";

import { AuteurError, AuteurInputError } from "../../errors.js";
import { decodeImage } from "../../media/image.js";
import { pdqDihedralFromLuma, pdqFromLuma, pdqPrepareLuma } from "../../media/pdq/index.js";
import { pHashFromPixels } from "../../media/phash/index.js";
import { HammingIndex, loadIndex, saveIndex } from "../../media/similarity/index.js";

const HELP = `Usage: auteur similar --index DIR --add <files...> [--concurrency N] [--json]
       auteur similar --index DIR <file> [--max-distance N] [--algo phash|pdq] [--json]

  --add             hash each image (pHash and PDQ) and add it to the index in DIR (created if
                    needed); an image already indexed (same SHA-256) is reported, not added twice
  <file>            list every indexed image within --max-distance bits of FILE, nearest first
  --algo            phash (default, 64 bits) or pdq (256 bits, with flips and rotations of FILE)
  --max-distance N  bits; default 10 for phash, 31 for pdq
  --concurrency N   images hashed at the same time during --add (default 2)
  --json            one JSON object per line

Exit code 0 on success, 2 on bad input (unreadable images are reported and the rest of the batch
is still added). Next: auteur similar --index DIR <file>`;

const options = {
  index: { type: "string" },
  add: { type: "boolean" },
  "max-distance": { type: "string" },
  algo: { type: "string" },
  concurrency: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** Default radius per algorithm (bits). */
export const DEFAULT_MAX_DISTANCE = { phash: 10, pdq: 31 } as const;

/** One indexed image, as stored in `entries.jsonl`. */
export type SimilarEntry = {
  id: number;
  file: string;
  sha256: string;
  phash: string;
  pdq: string;
  quality: number;
};

type Fingerprint = Omit<SimilarEntry, "id" | "file">;

/** An open index directory. */
type IndexDir = {
  dir: string;
  entries: Map<number, SimilarEntry>;
  bySha: Map<string, SimilarEntry>;
  phash: HammingIndex;
  pdq: HammingIndex;
};

const ENTRIES = "entries.jsonl";

function badFlag(message: string, hint: string): AuteurInputError {
  return new AuteurInputError("CLI_BAD_FLAG", message, { hints: [hint, "auteur similar --help"] });
}

function positiveInt(
  value: string | undefined,
  flag: string,
  fallback: number,
  min: number,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw badFlag(
      `--${flag} must be a whole number >= ${min}, got "${value}"`,
      `e.g. --${flag} ${fallback}`,
    );
  return n;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Opens (or, with `create`, creates) an index directory and reconciles its files. */
async function openIndexDir(dir: string, create: boolean): Promise<IndexDir> {
  if (!(await exists(dir))) {
    if (!create) {
      throw new AuteurInputError("SIMILAR_INDEX_MISSING", `No similarity index at ${dir}`, {
        details: { dir },
        hints: [`create one: auteur similar --index ${dir} --add <files...>`],
      });
    }
    await mkdir(dir, { recursive: true });
  }
  const entries = new Map<number, SimilarEntry>();
  const bySha = new Map<string, SimilarEntry>();
  const entriesPath = join(dir, ENTRIES);
  if (await exists(entriesPath)) {
    const text = await readFile(entriesPath, "utf8");
    const lines = text.split("\n");
    lines.forEach((line, i) => {
      if (line.trim() === "") return;
      let entry: SimilarEntry;
      try {
        entry = JSON.parse(line) as SimilarEntry;
      } catch (error) {
        // An interrupted append leaves at most a partial last line: ignore it, refuse anything else.
        if (i === lines.length - 1) return;
        throw new AuteurError(
          "SIMILAR_INDEX_CORRUPT",
          `${entriesPath}: line ${i + 1} is not JSON`,
          {
            details: { file: entriesPath, line: i + 1 },
            hints: ["restore the index directory from a backup or rebuild it with --add"],
            cause: error,
          },
        );
      }
      entries.set(entry.id, entry);
      bySha.set(entry.sha256, entry);
    });
  } else if (!create) {
    throw new AuteurInputError(
      "SIMILAR_INDEX_MISSING",
      `${dir} is not a similarity index (no ${ENTRIES})`,
      {
        details: { dir },
        hints: [`create one: auteur similar --index ${dir} --add <files...>`],
      },
    );
  }
  const load = async (name: string, bits: number): Promise<HammingIndex> => {
    const path = join(dir, name);
    return (await exists(path)) ? loadIndex(path) : new HammingIndex({ bits });
  };
  const phash = await load("phash.idx", 64);
  const pdq = await load("pdq.idx", 256);
  for (const entry of entries.values()) {
    if (!phash.has(entry.id)) phash.insert(entry.id, entry.phash);
    if (!pdq.has(entry.id)) pdq.insert(entry.id, entry.pdq);
  }
  // Ids in the .idx files without an entry line come from an add that never finished its line.
  for (const index of [phash, pdq])
    for (const id of [...index.ids()]) if (!entries.has(id)) index.delete(id);
  return { dir, entries, bySha, phash, pdq };
}

/** pHash, PDQ and SHA-256 of one image, decoded once. */
async function fingerprint(file: string): Promise<Fingerprint> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new AuteurInputError("IMAGE_NOT_FOUND", `Cannot read ${file}`, {
      details: { file },
      hints: ["check the path"],
      cause: error,
    });
  }
  const image = await decodeImage(bytes);
  const plane = pdqPrepareLuma(image.data, image.width, image.height);
  const pdq = pdqFromLuma(plane.luma, plane.width, plane.height);
  return {
    sha256: createHash("sha256").update(bytes).digest("hex"),
    phash: pHashFromPixels(image).hex,
    pdq: pdq.hex,
    quality: pdq.quality,
  };
}

/** A one-line progress bar on stderr, drawn only for terminals (or AUTEUR_PROGRESS=1). */
export function progressBar(total: number, label: string): { tick(): void; done(): void } {
  const enabled =
    total > 1 && (process.stderr.isTTY === true || process.env.AUTEUR_PROGRESS === "1");
  let count = 0;
  const draw = () => {
    const width = 30;
    const filled = Math.round((count / total) * width);
    process.stderr.write(
      `\r${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${count}/${total}`,
    );
  };
  if (enabled) draw();
  return {
    tick() {
      count++;
      if (enabled) draw();
    },
    done() {
      if (enabled) process.stderr.write("\n");
    },
  };
}

/** Runs `work` over `items` with at most `limit` in flight, keeping the input order of results. */
async function mapLimit<T, R>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

function describe(error: unknown): { code: string; message: string } {
  if (error instanceof AuteurError) return { code: error.code, message: error.message };
  return { code: "UNEXPECTED", message: error instanceof Error ? error.message : String(error) };
}

async function add(
  dir: string,
  files: string[],
  concurrency: number,
  json: boolean,
): Promise<void> {
  const index = await openIndexDir(dir, true);
  const bar = progressBar(files.length, "hashing");
  const results = await mapLimit(files, concurrency, async (file) => {
    try {
      return { file, fp: await fingerprint(file) };
    } catch (error) {
      if (!(error instanceof AuteurInputError)) throw error;
      return { file, error };
    } finally {
      bar.tick();
    }
  });
  bar.done();

  const lines: string[] = [];
  let failed = 0;
  for (const r of results) {
    if ("error" in r) {
      failed++;
      const { code, message } = describe(r.error);
      if (json) console.log(JSON.stringify({ file: r.file, error: code, message }));
      else console.error(`${r.file}: ${message} [${code}]`);
      continue;
    }
    const existing = index.bySha.get(r.fp.sha256);
    if (existing !== undefined) {
      if (json)
        console.log(
          JSON.stringify({
            file: r.file,
            id: existing.id,
            added: false,
            duplicateOf: existing.file,
          }),
        );
      else console.log(`${r.file}: already indexed as #${existing.id} (${existing.file})`);
      continue;
    }
    const id = Math.max(index.phash.nextId, index.pdq.nextId);
    const entry: SimilarEntry = { id, file: resolve(r.file), ...r.fp };
    index.phash.insert(id, entry.phash);
    index.pdq.insert(id, entry.pdq);
    index.entries.set(id, entry);
    index.bySha.set(entry.sha256, entry);
    lines.push(JSON.stringify(entry));
    if (json)
      console.log(
        JSON.stringify({
          file: r.file,
          id,
          added: true,
          phash: entry.phash,
          pdq: entry.pdq,
          quality: entry.quality,
        }),
      );
    else console.log(`${r.file}: added as #${id} (pHash ${entry.phash})`);
  }
  // Entries first (append), then the binary indexes (atomic replace each).
  if (lines.length > 0) await appendFile(join(dir, ENTRIES), lines.map((l) => l + "\n").join(""));
  else if (!(await exists(join(dir, ENTRIES)))) await appendFile(join(dir, ENTRIES), "");
  await saveIndex(index.phash, join(dir, "phash.idx"));
  await saveIndex(index.pdq, join(dir, "pdq.idx"));
  if (!json) {
    console.error(
      `${lines.length} added, ${results.length - lines.length - failed} already indexed, ${failed} failed; ${index.entries.size} images in ${dir}`,
    );
    console.error(`Next: auteur similar --index ${dir} <file>`);
  }
  if (failed > 0) process.exitCode = 2;
}

/** The eight dihedral variants are searched for PDQ, so flipped or rotated copies are found. */
async function query(
  dir: string,
  file: string,
  algo: "phash" | "pdq",
  maxDistance: number,
  json: boolean,
): Promise<void> {
  const index = await openIndexDir(dir, false);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new AuteurInputError("IMAGE_NOT_FOUND", `Cannot read ${file}`, {
      details: { file },
      hints: ["check the path"],
      cause: error,
    });
  }
  const image = await decodeImage(bytes);
  const best = new Map<number, { distance: number; variant: string }>();
  let hash: string;
  if (algo === "phash") {
    hash = pHashFromPixels(image).hex;
    for (const n of index.phash.query(hash, maxDistance))
      best.set(n.id, { distance: n.distance, variant: "original" });
  } else {
    const plane = pdqPrepareLuma(image.data, image.width, image.height);
    const variants = pdqDihedralFromLuma(plane.luma, plane.width, plane.height);
    hash = variants.original.hex;
    for (const [variant, h] of Object.entries(variants)) {
      for (const n of index.pdq.query(h.hash, maxDistance)) {
        const seen = best.get(n.id);
        if (seen === undefined || n.distance < seen.distance)
          best.set(n.id, { distance: n.distance, variant });
      }
    }
  }
  const matches = [...best.entries()]
    .map(([id, m]) => ({
      id,
      file: index.entries.get(id)!.file,
      distance: m.distance,
      ...(algo === "pdq" ? { variant: m.variant } : {}),
    }))
    .sort((a, b) => a.distance - b.distance || a.id - b.id);
  if (json) {
    console.log(JSON.stringify({ file, algo, hash, maxDistance, matches }));
    return;
  }
  console.log(
    `${file} (${algo} ${hash}): ${matches.length} match${matches.length === 1 ? "" : "es"} within ${maxDistance} bits among ${index.entries.size} images`,
  );
  for (const m of matches)
    console.log(
      `  ${String(m.distance).padStart(3)}  #${m.id}  ${m.file}${"variant" in m && m.variant !== "original" ? `  (${m.variant})` : ""}`,
    );
}

export async function run(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new AuteurInputError("CLI_BAD_FLAG", (error as Error).message, {
      hints: ["auteur similar --help"],
    });
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(HELP);
    return;
  }
  if (values.index === undefined)
    throw badFlag(
      "Missing --index DIR",
      "auteur similar --index ./similar-index --add photos/*.jpg",
    );
  const json = values.json === true;
  if (values.add) {
    if (positionals.length === 0)
      throw badFlag(
        "--add needs at least one image file",
        `auteur similar --index ${values.index} --add a.jpg b.jpg`,
      );
    if (values["max-distance"] !== undefined || values.algo !== undefined)
      throw badFlag(
        "--max-distance and --algo apply to queries, not to --add",
        "drop them, or query without --add",
      );
    const concurrency = positiveInt(values.concurrency, "concurrency", 2, 1);
    await add(values.index, positionals, concurrency, json);
    return;
  }
  if (positionals.length !== 1) {
    throw badFlag(
      positionals.length === 0
        ? "Missing the image to look up"
        : `Query one image at a time (got ${positionals.length}); to index them use --add`,
      `auteur similar --index ${values.index} photo.jpg`,
    );
  }
  const algo = values.algo ?? "phash";
  if (algo !== "phash" && algo !== "pdq")
    throw badFlag(`--algo must be phash or pdq, got "${algo}"`, "e.g. --algo pdq");
  const maxDistance = positiveInt(
    values["max-distance"],
    "max-distance",
    DEFAULT_MAX_DISTANCE[algo],
    0,
  );
  await query(values.index, positionals[0], algo, maxDistance, json);
}
