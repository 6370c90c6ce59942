/**
 * pHash / PDQ / matcher benchmark: `npm run bench -- phash`.
 *
 * 1. Throughput in files/s on 1-2 MP JPEG photos: pHash exact and fast mode, one file at a time
 *    and with several in flight; PDQ one at a time. The photo set is the 8 ThreatExchange bridge
 *    JPEGs (1600x1004) plus the scikit-image photos re-encoded at 1400 px on the long side
 *    (JPEG q90), written to a temporary folder.
 * 2. The matcher's evaluation (every edit the issue lists on every real photo; recall and false
 *    matches) and the plain-pHash reference figures.
 * 3. The mean-threshold variant against the median (imagehash) threshold.
 *
 * Writes bench-results/phash.json and bench-results/phash.md. The machine is shared: the load
 * average and the CPU time per file are recorded next to the wall-clock rates.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import {
  EVALUATION_PHOTOS,
  evaluateMatcher,
  IMAGE_EDITS,
} from "../../sdk/src/media/match/evaluateMatcher.js";
import { computePDQ } from "../../sdk/src/media/pdq/index.js";
import { computePHash, hammingDistance64 } from "../../sdk/src/media/phash/index.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const fixtures = join(root, "fixtures");
const outDir = join(root, "bench-results");

type Rate = {
  name: string;
  files: number;
  concurrency: number;
  seconds: number;
  filesPerSecond: number;
  cpuMsPerFile: number;
};

async function makeCorpus(dir: string): Promise<{ files: string[]; megapixels: number }> {
  const files: string[] = [];
  let pixels = 0;
  for (const i of [1, 2, 3, 4, 5, 6, 7, 8]) {
    const name = [
      "bridge-1-original",
      "bridge-2-rotate-90",
      "bridge-3-rotate-180",
      "bridge-4-rotate-270",
      "bridge-5-flipx",
      "bridge-6-flipy",
      "bridge-7-flip-plus-1",
      "bridge-8-flip-minus-1",
    ][i - 1];
    files.push(join(fixtures, "pdq/dih", `${name}.jpg`));
    pixels += 1600 * 1004;
  }
  for (const photo of EVALUATION_PHOTOS.filter((p) => p.startsWith("photos/"))) {
    const out = join(dir, photo.replace("photos/", "").replace(/\.\w+$/, ".jpg"));
    const info = await sharp(join(fixtures, photo))
      .resize(1400, 1400, { fit: "inside" })
      .toColourspace("srgb")
      .jpeg({ quality: 90 })
      .toFile(out);
    files.push(out);
    pixels += info.width * info.height;
  }
  return { files, megapixels: pixels / files.length / 1e6 };
}

async function measure(
  name: string,
  files: string[],
  concurrency: number,
  work: (file: string) => Promise<unknown>,
  rounds: number,
): Promise<Rate> {
  // warm-up (JIT, libvips caches)
  for (const f of files.slice(0, 3)) await work(f);
  const list = Array.from({ length: rounds }, () => files).flat();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < list.length) await work(list[next++]);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return {
    name,
    files: list.length,
    concurrency,
    seconds: round(seconds, 2),
    filesPerSecond: round(list.length / seconds, 1),
    cpuMsPerFile: round((cpu.user + cpu.system) / 1000 / list.length, 1),
  };
}

/**
 * The same pHash through Pillow + SciPy (scripts/golden/phash_golden.py --time), one at a time:
 * the Python reference point, measured under the same load. Skipped with a message when Debian's
 * python3-pil / python3-scipy are absent.
 */
function pythonReference(files: string[]): Rate | null {
  const python = "/usr/bin/python3";
  if (!existsSync(python)) {
    console.log("skipping the Python reference: /usr/bin/python3 not found");
    return null;
  }
  const script = join(root, "scripts/golden/phash_golden.py");
  const run = spawnSync(python, [script, "--time", "2", ...files], { encoding: "utf8" });
  if (run.status !== 0) {
    console.log(`skipping the Python reference: ${run.stderr.trim().split("\n").pop()}`);
    return null;
  }
  const {
    files: n,
    seconds,
    cpuSeconds,
  } = JSON.parse(run.stdout) as {
    files: number;
    seconds: number;
    cpuSeconds: number;
  };
  return {
    name: "Python Pillow+SciPy pHash (reference), one at a time",
    files: n,
    concurrency: 1,
    seconds: round(seconds, 2),
    filesPerSecond: round(n / seconds, 1),
    cpuMsPerFile: round((cpuSeconds * 1000) / n, 1),
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

async function meanVersusMedian(): Promise<Record<string, unknown>> {
  const photos = EVALUATION_PHOTOS.map((p) => new Uint8Array(readFileSync(join(fixtures, p))));
  const modes = ["exact", "mean"] as const;
  const result: Record<string, unknown> = {};
  for (const mode of modes) {
    const originals: bigint[] = [];
    let ones = 0;
    const editDistances: number[] = [];
    for (const bytes of photos) {
      const h = (await computePHash(bytes, { mode })).hash;
      originals.push(h);
      ones += popcount(h);
      const meta = await sharp(bytes).metadata();
      for (const edit of IMAGE_EDITS.filter((e) => !e.flip)) {
        const edited = await edit.apply(bytes, meta.width ?? 0, meta.height ?? 0);
        editDistances.push(hammingDistance64((await computePHash(edited, { mode })).hash, h));
      }
    }
    const different: number[] = [];
    for (let i = 0; i < originals.length; i++) {
      for (let j = i + 1; j < originals.length; j++)
        different.push(hammingDistance64(originals[i], originals[j]));
    }
    const within10 = editDistances.filter((d) => d <= 10).length;
    result[mode === "exact" ? "median" : "mean"] = {
      averageOnesPerHash: round(ones / originals.length, 1),
      editedCopiesWithin10: `${within10}/${editDistances.length}`,
      editedMedianDistance: median(editDistances),
      differentPhotosMinDistance: Math.min(...different),
      differentPhotosMedianDistance: median(different),
      differentPairsWithin10: different.filter((d) => d <= 10).length,
      differentPairs: different.length,
    };
  }
  return result;
}

function popcount(h: bigint): number {
  let n = 0;
  for (let x = h; x > 0n; x >>= 1n) n += Number(x & 1n);
  return n;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function main(): Promise<void> {
  const started = Date.now();
  const load = loadavg()[0];
  const dir = mkdtempSync(join(tmpdir(), "auteur-phash-bench-"));
  try {
    const { files, megapixels } = await makeCorpus(dir);
    console.log(
      `${files.length} JPEG photos, ${megapixels.toFixed(2)} MP on average; load ${load.toFixed(1)}`,
    );
    const rates: Rate[] = [];
    const exact = (f: string) => computePHash(f);
    const fast = (f: string) => computePHash(f, { mode: "fast" });
    rates.push(await measure("pHash exact, one at a time", files, 1, exact, 2));
    rates.push(await measure("pHash exact, 4 in flight", files, 4, exact, 2));
    rates.push(await measure("pHash fast, one at a time", files, 1, fast, 3));
    rates.push(await measure("pHash fast, 4 in flight", files, 4, fast, 3));
    rates.push(await measure("PDQ, one at a time", files, 1, (f) => computePDQ(f), 1));
    rates.push(await measure("PDQ, 4 in flight", files, 4, (f) => computePDQ(f), 1));
    const python = pythonReference(files);
    if (python !== null) rates.push(python);
    for (const r of rates)
      console.log(`${r.name}: ${r.filesPerSecond} files/s (${r.cpuMsPerFile} ms CPU/file)`);

    const photos = EVALUATION_PHOTOS.map((name) => ({
      name,
      bytes: new Uint8Array(readFileSync(join(fixtures, name))),
    }));
    const evaluation = await evaluateMatcher(photos);
    const nonFlip = evaluation.rows.filter((r) => r.edit !== "flip-horizontal");
    const plainPhash = {
      nonFlipWithin10: nonFlip.reduce((a, r) => a + r.phashOnly10, 0),
      nonFlipCopies: nonFlip.reduce((a, r) => a + r.copies, 0),
      flipWithin10: evaluation.rows.find((r) => r.edit === "flip-horizontal")?.phashOnly10 ?? 0,
    };
    console.log(
      `matcher: ${evaluation.matched}/${evaluation.copies} matched (${(evaluation.recall * 100).toFixed(1)} %), ` +
        `${evaluation.falseMatches} false matches in ${evaluation.differentPairs} pairs`,
    );
    const meanVsMedian = await meanVersusMedian();

    const result = {
      generated: new Date().toISOString(),
      machine: {
        cpus: cpus().length,
        model: cpus()[0]?.model,
        loadAverage1m: round(load, 2),
        node: process.version,
      },
      corpus: { files: files.length, averageMegapixels: round(megapixels, 2) },
      throughput: rates,
      targets: { exactSequential: 150, exactConcurrent: 250 },
      matcher: {
        thresholds: evaluation.thresholds,
        photos: evaluation.photos,
        rows: evaluation.rows,
        copies: evaluation.copies,
        matched: evaluation.matched,
        recall: round(evaluation.recall, 4),
        differentPairs: evaluation.differentPairs,
        falseMatches: evaluation.falseMatches,
        closestDifferentPhash: evaluation.closestDifferentPhash,
        closestDifferentPdq: evaluation.closestDifferentPdq,
        plainPhash,
        misses: evaluation.details
          .filter((d) => !d[4])
          .map(([photo, edit, ph, pdq]) => ({ photo, edit, phash: ph, pdq })),
      },
      meanVersusMedian: meanVsMedian,
      seconds: round((Date.now() - started) / 1000, 1),
    };
    writeFileSync(join(outDir, "phash.json"), JSON.stringify(result, null, 2) + "\n");
    writeFileSync(join(outDir, "phash.md"), markdown(result));
    console.log(`wrote bench-results/phash.json and phash.md in ${result.seconds} s`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function markdown(r: any): string {
  const out: string[] = [];
  out.push("# pHash / PDQ / matcher benchmark", "");
  out.push(
    `Generated ${r.generated} by \`npm run bench -- phash\` (scripts/bench/phash.bench.ts) on ${r.machine.cpus} x ${r.machine.model}, ` +
      `Node ${r.machine.node}. Load average at start: ${r.machine.loadAverage1m} (the machine is shared; ` +
      "CPU ms per file is the steadier figure).",
    "",
  );
  out.push(
    `## Throughput (${r.corpus.files} JPEG photos, ${r.corpus.averageMegapixels} MP on average)`,
    "",
  );
  out.push("| run | files | files/s | CPU ms/file |", "| --- | ---: | ---: | ---: |");
  for (const t of r.throughput)
    out.push(`| ${t.name} | ${t.files} | ${t.filesPerSecond} | ${t.cpuMsPerFile} |`);
  out.push(
    "",
    `Targets from the issue: exact >= ${r.targets.exactSequential} files/s one at a time, >= ${r.targets.exactConcurrent} concurrent.`,
    "",
  );
  const m = r.matcher;
  out.push("## Matcher (defaults)", "");
  out.push(
    `Thresholds: PDQ <= ${m.thresholds.pdq}, or pHash <= ${m.thresholds.phash} (with mirror and centre crops), ` +
      `or PDQ <= ${m.thresholds.jointPdq} and pHash <= ${m.thresholds.jointPhash}; PDQ quality >= ${m.thresholds.minPdqQuality}.`,
    "",
  );
  out.push(
    "| edit | copies | matched | plain pHash <= 10 | PDQ <= 31 | median pHash | median PDQ |",
  );
  out.push("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const row of m.rows) {
    out.push(
      `| ${row.edit} | ${row.copies} | ${row.matched} | ${row.phashOnly10} | ${row.pdqOnly31} | ${row.medianPhash} | ${row.medianPdq} |`,
    );
  }
  out.push(
    "",
    `Matched ${m.matched}/${m.copies} edited copies (${(m.recall * 100).toFixed(1)} %); ` +
      `${m.falseMatches} false matches among ${m.differentPairs} pairs of different photos ` +
      `(closest different pair: pHash ${m.closestDifferentPhash}, PDQ ${m.closestDifferentPdq}).`,
    `Plain imagehash pHash at <= 10: ${m.plainPhash.nonFlipWithin10}/${m.plainPhash.nonFlipCopies} non-flip copies, ` +
      `${m.plainPhash.flipWithin10} flips.`,
    "",
    "Missed: " +
      (m.misses
        .map(
          (x: { photo: string; edit: string; phash: number; pdq: number }) =>
            `${x.photo} ${x.edit} (pHash ${x.phash}, PDQ ${x.pdq})`,
        )
        .join("; ") || "none"),
    "",
  );
  out.push("## Mean threshold (image-copyright design) versus median (imagehash)", "");
  out.push("| | median | mean |", "| --- | ---: | ---: |");
  const a = r.meanVersusMedian.median;
  const b = r.meanVersusMedian.mean;
  for (const [label, key] of [
    ["1 bits per hash (of 64)", "averageOnesPerHash"],
    ["edited copies within 10 bits", "editedCopiesWithin10"],
    ["median distance, edited copy to original", "editedMedianDistance"],
    ["closest pair of different photos", "differentPhotosMinDistance"],
    ["median distance between different photos", "differentPhotosMedianDistance"],
    ["pairs of different photos within 10 bits", "differentPairsWithin10"],
  ]) {
    out.push(`| ${label} | ${a[key]} | ${b[key]} |`);
  }
  out.push("", `Different-photo pairs: ${a.differentPairs}. Total run time ${r.seconds} s.`, "");
  return out.join("\n");
}

await main();
