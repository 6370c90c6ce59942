/**
 * Watermark benchmark: `npm run bench -- watermark`.
 *
 * 1. Invisibility: PSNR and SSIM of every marked photo against its original.
 * 2. Robustness: every attack of the issue on every marked photo; exact 64-bit recovery rate per
 *    attack, for the 0.5-3 MP photos (the issue's population: 17 real photographs, 3 key/payload
 *    pairs each) and, separately, for the small scikit-image photos (0.1-0.4 MP).
 * 3. False claims: unmarked photos (and edited unmarked copies) read with random keys, and marked
 *    copies read with wrong keys (random and one bit away) — at least 1,000 trials each.
 * 4. Speed: embed and extract seconds per megapixel, wall clock and CPU time (the machine is
 *    shared, so the load average is recorded too).
 *
 * The work is split over worker processes (2 by default, `WATERMARK_BENCH_WORKERS=n` to change):
 * each marks its share of the copies and runs every attack and trial on them. Keys and payloads
 * are derived from the copy's index, so the results do not depend on the split.
 *
 * Writes bench-results/watermark.json and bench-results/watermark.md, and refreshes the compact
 * results table of README.md between its `<!-- watermark-results:start -->` and
 * `<!-- watermark-results:end -->` markers (left alone when the markers are missing).
 */
import { fork } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { ATTACKS, mulberry32, psnr, ssim } from "../../sdk/src/media/watermark/attacks.js";
import {
  createWatermarkReader,
  embedWatermark,
  extractWatermark,
} from "../../sdk/src/media/watermark/index.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const outDir = join(root, "bench-results");

/** 0.5-3 MP real photographs (the issue's population), paths under fixtures/. */
const LARGE = [
  "watermark/photos/aitzgorri.jpg",
  "watermark/photos/bird-lamp.jpg",
  "watermark/photos/bridge-sky.jpg",
  "watermark/photos/brushes.jpg",
  "watermark/photos/clock.jpg",
  "watermark/photos/dandelions.jpg",
  "watermark/photos/dogs.jpg",
  "watermark/photos/fig.jpg",
  "watermark/photos/leaves.jpg",
  "watermark/photos/nuthatch.jpg",
  "watermark/photos/picos.jpg",
  "watermark/photos/room.jpg",
  "watermark/photos/stream.jpg",
  "watermark/photos/sunset.jpg",
  "photos/hubble_deep_field.jpg",
  "photos/retina.jpg",
  "pdq/dih/bridge-1-original.jpg",
];
/** Small real photographs, reported separately. */
const SMALL = [
  "photos/astronaut.png",
  "photos/coffee.png",
  "photos/chelsea.png",
  "photos/rocket.jpg",
  "photos/camera.png",
];
/** Every photo for the false-claim trials on unmarked images. */
const ALL = [
  ...LARGE,
  ...SMALL,
  "photos/brick.png",
  "photos/clock_motion.png",
  "photos/coins.png",
  "photos/grass.png",
  "photos/gravel.png",
  "photos/horse.png",
];
const KEYS_PER_LARGE = 3;
/** Copies whose extraction times are reported per attack kind. */
const TIMED = ["none", "crop90-centre", "resize75", "rescale-1280w", "rotate2"];

type Copy = { index: number; file: string; group: "large" | "small"; first: boolean };
const COPIES: Copy[] = [
  ...LARGE.flatMap((file) =>
    Array.from({ length: KEYS_PER_LARGE }, (_, k) => ({
      file,
      group: "large" as const,
      first: k === 0,
    })),
  ),
  ...SMALL.map((file) => ({ file, group: "small" as const, first: true })),
].map((c, index) => ({ ...c, index }));

const hexFrom = (random: () => number, digits: number) =>
  Array.from({ length: digits }, () => Math.floor(random() * 16).toString(16)).join("");

type Timer = { wall: number; cpu: number };
async function timed<T>(f: () => Promise<T>): Promise<[T, Timer]> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await f();
  const c = process.cpuUsage(c0);
  return [value, { wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6 }];
}

/** What a worker sends back. */
type WorkerResult = {
  quality: {
    file: string;
    group: string;
    key: string;
    psnr: number;
    ssim: number;
    megapixels: number;
  }[];
  embed: { group: string; megapixels: number; t: Timer }[];
  extract: {
    file: string;
    group: string;
    attack: string;
    megapixels: number;
    t: Timer;
    exact: boolean;
    wrong: boolean;
  }[];
  unmarked: { trials: number; claims: number; maxConfidence: number };
  wrongKey: { trials: number; claims: number; maxConfidence: number };
  cpuSeconds: number;
};

const NONE = { name: "none", target: 1, apply: async (i: Uint8Array) => i };
const attackNamed = (name: string) => ATTACKS.find((a) => a.name === name)!;

async function worker(shard: number, shards: number): Promise<WorkerResult> {
  const c0 = process.cpuUsage();
  const result: WorkerResult = {
    quality: [],
    embed: [],
    extract: [],
    unmarked: { trials: 0, claims: 0, maxConfidence: 0 },
    wrongKey: { trials: 0, claims: 0, maxConfidence: 0 },
    cpuSeconds: 0,
  };
  for (const copy of COPIES.filter((c) => c.index % shards === shard)) {
    const random = mulberry32(0x5eed + copy.index);
    const key = hexFrom(random, 20);
    const payload = hexFrom(random, 16);
    const path = join(root, "fixtures", copy.file);
    const meta = await sharp(path).metadata();
    const megapixels = ((meta.width ?? 0) * (meta.height ?? 0)) / 1e6;
    const [marked, t] = await timed(() => embedWatermark(path, { key, payload }));
    result.embed.push({ group: copy.group, megapixels, t });
    const original = new Uint8Array(await sharp(path).png().toBuffer());
    result.quality.push({
      file: copy.file,
      group: copy.group,
      key,
      psnr: await psnr(original, marked),
      ssim: await ssim(original, marked),
      megapixels,
    });
    for (const attack of [NONE, ...ATTACKS]) {
      const edited = await attack.apply(marked);
      const m = await sharp(edited).metadata();
      const [found, te] = await timed(() => extractWatermark(edited, { key }));
      result.extract.push({
        file: copy.file,
        group: copy.group,
        attack: attack.name,
        megapixels: ((m.width ?? 0) * (m.height ?? 0)) / 1e6,
        t: te,
        exact: found.payload === payload,
        wrong: found.payload !== null && found.payload !== payload,
      });
    }
    // Wrong keys on the first copy of each photo: as is, JPEG 50, crop 90 %; half random keys,
    // half keys one bit away from the right one.
    if (copy.first) {
      for (const variant of [NONE, attackNamed("jpeg50"), attackNamed("crop90-centre")]) {
        const reader = await createWatermarkReader(await variant.apply(marked));
        for (let k = 0; k < KEYS_WRONG; k++) {
          const wrong =
            k % 2 === 0
              ? hexFrom(random, 20)
              : (BigInt("0x" + key) ^ (1n << BigInt(Math.floor(random() * 80))))
                  .toString(16)
                  .padStart(20, "0");
          const r = reader.read(wrong);
          result.wrongKey.trials++;
          if (r.payload !== null) result.wrongKey.claims++;
          result.wrongKey.maxConfidence = Math.max(result.wrongKey.maxConfidence, r.confidence);
        }
      }
    }
  }
  // Unmarked photos, as is and after two edits, read with random keys.
  for (let i = shard; i < ALL.length; i += shards) {
    const random = mulberry32(0xfa15e + i);
    const original = new Uint8Array(
      await sharp(join(root, "fixtures", ALL[i]))
        .png()
        .toBuffer(),
    );
    for (const variant of [NONE, attackNamed("jpeg75"), attackNamed("resize75")]) {
      const reader = await createWatermarkReader(await variant.apply(original));
      for (let k = 0; k < KEYS_UNMARKED; k++) {
        const r = reader.read(hexFrom(random, 20));
        result.unmarked.trials++;
        if (r.payload !== null) result.unmarked.claims++;
        result.unmarked.maxConfidence = Math.max(result.unmarked.maxConfidence, r.confidence);
      }
    }
  }
  const c = process.cpuUsage(c0);
  result.cpuSeconds = (c.user + c.system) / 1e6;
  return result;
}

const FIRST_COPIES = COPIES.filter((c) => c.first).length;
const KEYS_WRONG = Math.ceil(1000 / (FIRST_COPIES * 3));
const KEYS_UNMARKED = Math.ceil(1000 / (ALL.length * 3));

const role = process.argv.indexOf("--worker");
if (role >= 0) {
  const [shard, shards] = process.argv[role + 1].split("/").map(Number);
  const result = await worker(shard, shards);
  process.send!(result, () => process.exit(0));
} else {
  await main();
}

async function main(): Promise<void> {
  const load0 = loadavg()[0];
  const started = performance.now();
  const shards = Math.max(
    1,
    Number(process.env.WATERMARK_BENCH_WORKERS ?? Math.min(2, cpus().length)),
  );
  console.log(`${COPIES.length} copies x ${ATTACKS.length + 1} attacks over ${shards} workers`);
  const parts = await Promise.all(
    Array.from(
      { length: shards },
      (_, shard) =>
        new Promise<WorkerResult>((resolve, reject) => {
          const child = fork(fileURLToPath(import.meta.url), ["--worker", `${shard}/${shards}`]);
          let got: WorkerResult | undefined;
          child.on("message", (m) => (got = m as WorkerResult));
          child.on("error", reject);
          child.on("exit", (code) =>
            got && code === 0
              ? resolve(got)
              : reject(new Error(`worker ${shard} exited with ${code}`)),
          );
        }),
    ),
  );
  const wallSeconds = (performance.now() - started) / 1000;
  const cpuSeconds = parts.reduce((a, p) => a + p.cpuSeconds, 0);
  const quality = parts.flatMap((p) => p.quality);
  const embed = parts.flatMap((p) => p.embed);
  const extract = parts.flatMap((p) => p.extract);
  const sum = (k: "unmarked" | "wrongKey") => ({
    trials: parts.reduce((a, p) => a + p[k].trials, 0),
    claims: parts.reduce((a, p) => a + p[k].claims, 0),
    maxConfidence: Math.max(...parts.map((p) => p[k].maxConfidence)),
  });
  const unmarked = sum("unmarked");
  const wrongKey = sum("wrongKey");

  type Cell = {
    attack: string;
    target: number;
    group: string;
    trials: number;
    exact: number;
    wrong: number;
  };
  const cells = new Map<string, Cell>();
  for (const attack of [NONE, ...ATTACKS]) {
    for (const group of ["large", "small"]) {
      const rows = extract.filter((e) => e.attack === attack.name && e.group === group);
      cells.set(`${attack.name}/${group}`, {
        attack: attack.name,
        target: attack.target,
        group,
        trials: rows.length,
        exact: rows.filter((r) => r.exact).length,
        wrong: rows.filter((r) => r.wrong).length,
      });
    }
  }

  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const perMp = (rows: { megapixels: number; t: Timer }[], k: "wall" | "cpu") =>
    rows.reduce((a, r) => a + r.t[k], 0) / rows.reduce((a, r) => a + r.megapixels, 0);
  const largeEmbed = embed.filter((e) => e.group === "large");
  const largeExtract = extract.filter((e) => e.group === "large");
  const extractRows = (kind: string) =>
    kind === "all" ? largeExtract : largeExtract.filter((e) => e.attack === kind);
  const kinds = [...TIMED, "all"];
  const speed = {
    embedWallSecondsPerMP: perMp(largeEmbed, "wall"),
    embedCpuSecondsPerMP: perMp(largeEmbed, "cpu"),
    extractWallSecondsPerMP: Object.fromEntries(
      kinds.map((k) => [k, perMp(extractRows(k), "wall")]),
    ),
    extractCpuSecondsPerMP: Object.fromEntries(kinds.map((k) => [k, perMp(extractRows(k), "cpu")])),
    extractCpuSecondsPerMPWorstCopy: Object.fromEntries(
      kinds.map((k) => [k, Math.max(...extractRows(k).map((e) => e.t.cpu / e.megapixels))]),
    ),
  };
  const largeQuality = quality.filter((q) => q.group === "large");
  const results = {
    generated: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      model: cpus()[0]?.model,
      loadAverageAtStart: load0,
      loadAverageAtEnd: loadavg()[0],
      workers: shards,
    },
    photos: { large: LARGE, small: SMALL, keysPerLargePhoto: KEYS_PER_LARGE },
    quality: {
      meanPsnrLarge: mean(largeQuality.map((q) => q.psnr)),
      meanSsimLarge: mean(largeQuality.map((q) => q.ssim)),
      minPsnrAll: Math.min(...quality.map((q) => q.psnr)),
      minSsimAll: Math.min(...quality.map((q) => q.ssim)),
      perImage: quality,
    },
    robustness: [...cells.values()].map((c) => ({ ...c, rate: c.exact / c.trials })),
    falseClaims: {
      unmarked,
      wrongKey,
      wrongPayloadsUnderAttack: [...cells.values()].reduce((a, c) => a + c.wrong, 0),
    },
    speed,
    seconds: wallSeconds,
    cpuSeconds,
  };
  writeFileSync(join(outDir, "watermark.json"), JSON.stringify(results, null, 2) + "\n");

  const pct = (x: number) => `${(100 * x).toFixed(0)} %`;
  const largeCopies = COPIES.filter((c) => c.group === "large").length;
  const label: Record<string, string> = {
    none: "extract, unedited copy",
    "crop90-centre": "extract, crop90-centre copy (resynchronisation: offset)",
    resize75: "extract, resize75 copy (resynchronisation: scale)",
    "rescale-1280w": "extract, rescale-1280w copy (resynchronisation: scale)",
    rotate2: "extract, rotate2 copy (resynchronisation: rotation)",
    all: "extract, mean over all 18 attacks",
  };
  const lines = [
    "# Watermark benchmark",
    "",
    `Generated by \`npm run bench -- watermark\` on ${results.generated.slice(0, 10)}: ${results.machine.cpus} x ${results.machine.model}, ${shards} worker processes, machine shared with other work (load average ${load0.toFixed(1)} at start, ${results.machine.loadAverageAtEnd.toFixed(1)} at end). Run time ${wallSeconds.toFixed(0)} s wall clock, ${cpuSeconds.toFixed(0)} s CPU.`,
    "",
    `Photos 0.5-3 MP (${LARGE.length} real photographs): ${LARGE.map((f) => "`" + f + "`").join(", ")}, each marked with ${KEYS_PER_LARGE} random key/payload pairs (${largeCopies} copies). Small photos (0.1-0.4 MP, reported apart, not in the targets): ${SMALL.map((f) => "`" + f + "`").join(", ")}, one pair each.`,
    "",
    "## Invisibility",
    "",
    `| | PSNR (dB) | SSIM |`,
    `| --- | --- | --- |`,
    `| mean over 0.5-3 MP copies | ${results.quality.meanPsnrLarge.toFixed(2)} | ${results.quality.meanSsimLarge.toFixed(4)} |`,
    `| worst copy (all photos) | ${results.quality.minPsnrAll.toFixed(2)} | ${results.quality.minSsimAll.toFixed(4)} |`,
    "",
    "## Exact 64-bit recovery per attack",
    "",
    "| attack | target | 0.5-3 MP photos | small photos | wrong payloads |",
    "| --- | --- | --- | --- | --- |",
    ...["none", ...ATTACKS.map((a) => a.name)].map((name) => {
      const l = cells.get(`${name}/large`)!;
      const s = cells.get(`${name}/small`)!;
      return `| ${name} | ${name === "none" ? "" : pct(l.target)} | ${pct(l.exact / l.trials)} (${l.exact}/${l.trials}) | ${pct(s.exact / s.trials)} (${s.exact}/${s.trials}) | ${l.wrong + s.wrong} |`;
    }),
    "",
    "Copies not recovered (photo x number of its key/payload pairs):",
    "",
    ...["none", ...ATTACKS.map((a) => a.name)].flatMap((name) => {
      const missed = new Map<string, number>();
      for (const e of extract)
        if (e.attack === name && !e.exact) missed.set(e.file, (missed.get(e.file) ?? 0) + 1);
      return missed.size === 0
        ? []
        : [`- ${name}: ${[...missed].map(([f, n]) => "`" + f + "` x " + n).join(", ")}`];
    }),
    "",
    "## False claims",
    "",
    "| trials | payloads returned | highest confidence |",
    "| --- | --- | --- |",
    `| unmarked photos (${ALL.length} photos x as is / JPEG 75 / resize 75 %), random keys: ${unmarked.trials} | ${unmarked.claims} | ${unmarked.maxConfidence.toFixed(3)} |`,
    `| marked copies (${FIRST_COPIES} photos x as is / JPEG 50 / crop 90 %), wrong keys (half one bit away): ${wrongKey.trials} | ${wrongKey.claims} | ${wrongKey.maxConfidence.toFixed(3)} |`,
    "",
    "## Speed (seconds per megapixel of the input, 0.5-3 MP photos)",
    "",
    "Sum of times over sum of megapixels; CPU time is the process's own (user + system, sharp's",
    "threads included), the fairer figure on a shared machine.",
    "",
    "| step | wall clock | CPU time | CPU, slowest copy |",
    "| --- | --- | --- | --- |",
    `| embed (decode, mark, encode) | ${speed.embedWallSecondsPerMP.toFixed(3)} | ${speed.embedCpuSecondsPerMP.toFixed(3)} | ${Math.max(...largeEmbed.map((e) => e.t.cpu / e.megapixels)).toFixed(3)} |`,
    ...kinds.map(
      (k) =>
        `| ${label[k]} | ${speed.extractWallSecondsPerMP[k].toFixed(3)} | ${speed.extractCpuSecondsPerMP[k].toFixed(3)} | ${speed.extractCpuSecondsPerMPWorstCopy[k].toFixed(3)} |`,
    ),
    "",
  ];
  writeFileSync(join(outDir, "watermark.md"), lines.join("\n"));
  console.log(lines.join("\n"));

  // The README's compact table: targets and 0.5-3 MP results, invisibility, false claims.
  const row = (name: string) => {
    const l = cells.get(`${name}/large`)!;
    const met = l.exact / l.trials >= l.target ? "" : " (below target)";
    return `| ${name} | ≥ ${pct(l.target)} | ${pct(l.exact / l.trials)} (${l.exact}/${l.trials})${met} |`;
  };
  const readme = [
    `Watermark, from \`npm run bench -- watermark\` on ${results.generated.slice(0, 10)} (${largeCopies} marked copies of ${LARGE.length} real photographs of 0.5-3 MP; exact 64-bit recovery):`,
    "",
    "| attack | target | recovered |",
    "| --- | --- | --- |",
    ...ATTACKS.map((a) => row(a.name)),
    "",
    `Invisibility: mean PSNR ${results.quality.meanPsnrLarge.toFixed(1)} dB, mean SSIM ${results.quality.meanSsimLarge.toFixed(3)} (targets ≥ 40 dB, ≥ 0.97). False claims: ${unmarked.claims} / ${unmarked.trials} reads of unmarked photos, ${wrongKey.claims} / ${wrongKey.trials} reads with wrong keys, ${results.falseClaims.wrongPayloadsUnderAttack} wrong payloads in ${extract.length} reads of marked and attacked copies (target: none).`,
  ];
  const readmePath = join(root, "README.md");
  const text = readFileSync(readmePath, "utf8");
  const start = "<!-- watermark-results:start -->";
  const end = "<!-- watermark-results:end -->";
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < i) {
    console.warn(
      `README.md has no ${start} ... ${end} markers: its results table was not updated.`,
    );
  } else {
    writeFileSync(
      readmePath,
      text.slice(0, i + start.length) + "\n" + readme.join("\n") + "\n" + text.slice(j),
    );
  }
}
