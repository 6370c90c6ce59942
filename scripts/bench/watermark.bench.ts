/**
 * Watermark benchmark: `npm run bench -- watermark`.
 *
 * 1. Invisibility: PSNR and SSIM of every marked photo against its original.
 * 2. Robustness: every attack of the issue on every marked photo; exact 64-bit recovery rate per
 *    attack, for the 0.5-3 MP photos (the issue's population) and, separately, for the small
 *    scikit-image photos (0.1-0.4 MP).
 * 3. False claims: unmarked photos (and edited unmarked copies) read with random keys, and marked
 *    copies read with wrong keys (random and one bit away) — at least 1,000 trials each.
 * 4. Speed: embed and extract seconds per megapixel (wall clock and CPU time; the machine is
 *    shared, so the load average is recorded too).
 *
 * Writes bench-results/watermark.json and bench-results/watermark.md.
 */
import { writeFileSync } from "node:fs";
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

/** 0.5-3 MP real photographs (the issue's population). */
const LARGE = [
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
/** Every photo for the false-claim trials. */
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

const random = mulberry32(0x5eed);
const hex = (digits: number) =>
  Array.from({ length: digits }, () => Math.floor(random() * 16).toString(16)).join("");

type Timer = { wall: number; cpu: number };
async function timed<T>(f: () => Promise<T>): Promise<[T, Timer]> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await f();
  const c = process.cpuUsage(c0);
  return [value, { wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6 }];
}

type Marked = {
  file: string;
  group: "large" | "small";
  key: string;
  payload: string;
  bytes: Uint8Array;
  megapixels: number;
};

const load0 = loadavg()[0];
const started = performance.now();
const marked: Marked[] = [];
const quality: { file: string; key: string; psnr: number; ssim: number; megapixels: number }[] = [];
const embedTimes: { megapixels: number; t: Timer }[] = [];
const extractTimes: { megapixels: number; t: Timer; kind: string }[] = [];

for (const [group, files, keys] of [
  ["large", LARGE, KEYS_PER_LARGE],
  ["small", SMALL, 1],
] as const) {
  for (const file of files) {
    const path = join(root, "fixtures", file);
    const meta = await sharp(path).metadata();
    const megapixels = ((meta.width ?? 0) * (meta.height ?? 0)) / 1e6;
    for (let k = 0; k < keys; k++) {
      const key = hex(20);
      const payload = hex(16);
      const [bytes, t] = await timed(() => embedWatermark(path, { key, payload }));
      embedTimes.push({ megapixels, t });
      const original = new Uint8Array(await sharp(path).png().toBuffer());
      quality.push({
        file,
        key,
        psnr: await psnr(original, bytes),
        ssim: await ssim(original, bytes),
        megapixels,
      });
      marked.push({ file, group, key, payload, bytes, megapixels });
    }
  }
}
console.log(`embedded ${marked.length} copies`);

// Robustness.
type Cell = {
  attack: string;
  target: number;
  group: string;
  trials: number;
  exact: number;
  wrong: number;
};
const cells = new Map<string, Cell>();
for (const attack of [{ name: "none", target: 1, apply: async (i: Uint8Array) => i }, ...ATTACKS]) {
  for (const m of marked) {
    const copy = await attack.apply(m.bytes);
    const meta = await sharp(copy).metadata();
    const [result, t] = await timed(() => extractWatermark(copy, { key: m.key }));
    if (
      m.group === "large" &&
      ["none", "crop90-centre", "resize75", "rescale-1280w"].includes(attack.name)
    ) {
      extractTimes.push({
        megapixels: ((meta.width ?? 0) * (meta.height ?? 0)) / 1e6,
        t,
        kind: attack.name,
      });
    }
    const id = `${attack.name}/${m.group}`;
    const cell = cells.get(id) ?? {
      attack: attack.name,
      target: attack.target,
      group: m.group,
      trials: 0,
      exact: 0,
      wrong: 0,
    };
    cell.trials++;
    if (result.payload === m.payload) cell.exact++;
    else if (result.payload !== null) cell.wrong++;
    cells.set(id, cell);
  }
  const large = cells.get(`${attack.name}/large`)!;
  const small = cells.get(`${attack.name}/small`)!;
  console.log(
    `${attack.name.padEnd(16)} large ${large.exact}/${large.trials}  small ${small.exact}/${small.trials}  wrong ${large.wrong + small.wrong}`,
  );
}

// False claims on unmarked images: every photo, as is and after two edits, read with random keys.
const unmarkedVariants = [
  { name: "as is", apply: async (i: Uint8Array) => i },
  ATTACKS.find((a) => a.name === "jpeg75")!,
  ATTACKS.find((a) => a.name === "resize75")!,
];
const KEYS_UNMARKED = Math.ceil(1000 / (ALL.length * unmarkedVariants.length));
let unmarkedTrials = 0;
let unmarkedClaims = 0;
let unmarkedMaxConfidence = 0;
for (const file of ALL) {
  const original = new Uint8Array(
    await sharp(join(root, "fixtures", file))
      .png()
      .toBuffer(),
  );
  for (const variant of unmarkedVariants) {
    const reader = await createWatermarkReader(await variant.apply(original));
    for (let k = 0; k < KEYS_UNMARKED; k++) {
      const r = reader.read(hex(20));
      unmarkedTrials++;
      if (r.payload !== null) unmarkedClaims++;
      unmarkedMaxConfidence = Math.max(unmarkedMaxConfidence, r.confidence);
    }
  }
}
console.log(`unmarked: ${unmarkedClaims} claims in ${unmarkedTrials} trials`);

// False claims with wrong keys on marked copies (as is, JPEG 50, crop 90 %).
const wrongVariants = [
  { name: "as is", apply: async (i: Uint8Array) => i },
  ATTACKS.find((a) => a.name === "jpeg50")!,
  ATTACKS.find((a) => a.name === "crop90-centre")!,
];
const KEYS_WRONG = Math.ceil(1000 / (marked.length * wrongVariants.length));
let wrongTrials = 0;
let wrongClaims = 0;
let wrongMaxConfidence = 0;
for (const m of marked) {
  for (const variant of wrongVariants) {
    const reader = await createWatermarkReader(await variant.apply(m.bytes));
    for (let k = 0; k < KEYS_WRONG; k++) {
      // Half random keys, half keys one bit away from the right one.
      const key =
        k % 2 === 0
          ? hex(20)
          : (BigInt("0x" + m.key) ^ (1n << BigInt(Math.floor(random() * 80))))
              .toString(16)
              .padStart(20, "0");
      const r = reader.read(key);
      wrongTrials++;
      if (r.payload !== null) wrongClaims++;
      wrongMaxConfidence = Math.max(wrongMaxConfidence, r.confidence);
    }
  }
}
console.log(`wrong keys: ${wrongClaims} claims in ${wrongTrials} trials`);

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const perMp = (rows: { megapixels: number; t: Timer }[], k: "wall" | "cpu") =>
  rows.reduce((a, r) => a + r.t[k], 0) / rows.reduce((a, r) => a + r.megapixels, 0);
const largeQuality = quality.filter((q) => LARGE.includes(q.file));
const speed = {
  embedWallSecondsPerMP: perMp(
    embedTimes.filter((_, i) => marked[i].group === "large"),
    "wall",
  ),
  embedCpuSecondsPerMP: perMp(
    embedTimes.filter((_, i) => marked[i].group === "large"),
    "cpu",
  ),
  extractWallSecondsPerMP: Object.fromEntries(
    ["none", "crop90-centre", "resize75", "rescale-1280w"].map((k) => [
      k,
      perMp(
        extractTimes.filter((e) => e.kind === k),
        "wall",
      ),
    ]),
  ),
  extractCpuSecondsPerMP: Object.fromEntries(
    ["none", "crop90-centre", "resize75", "rescale-1280w"].map((k) => [
      k,
      perMp(
        extractTimes.filter((e) => e.kind === k),
        "cpu",
      ),
    ]),
  ),
};
const results = {
  generated: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    model: cpus()[0]?.model,
    loadAverageAtStart: load0,
    loadAverageAtEnd: loadavg()[0],
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
    unmarked: {
      trials: unmarkedTrials,
      claims: unmarkedClaims,
      maxConfidence: unmarkedMaxConfidence,
    },
    wrongKey: { trials: wrongTrials, claims: wrongClaims, maxConfidence: wrongMaxConfidence },
    wrongPayloadsUnderAttack: [...cells.values()].reduce((a, c) => a + c.wrong, 0),
  },
  speed,
  seconds: (performance.now() - started) / 1000,
};
writeFileSync(join(outDir, "watermark.json"), JSON.stringify(results, null, 2) + "\n");

const pct = (x: number) => `${(100 * x).toFixed(0)} %`;
const lines = [
  "# Watermark benchmark",
  "",
  `Generated by \`npm run bench -- watermark\` on ${results.generated.slice(0, 10)}: ${results.machine.cpus} x ${results.machine.model}, shared with other work (load average ${load0.toFixed(1)} at start, ${results.machine.loadAverageAtEnd.toFixed(1)} at end). Run time ${results.seconds.toFixed(0)} s.`,
  "",
  `Photos 0.5-3 MP: ${LARGE.map((f) => "`" + f + "`").join(", ")}, each marked with ${KEYS_PER_LARGE} random key/payload pairs (${marked.filter((m) => m.group === "large").length} copies). Small photos (0.1-0.4 MP, reported apart): ${SMALL.map((f) => "`" + f + "`").join(", ")}, one pair each.`,
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
  "## False claims",
  "",
  "| trials | payloads returned | highest confidence |",
  "| --- | --- | --- |",
  `| unmarked photos (${ALL.length} photos x as is / JPEG 75 / resize 75 %), random keys: ${unmarkedTrials} | ${unmarkedClaims} | ${unmarkedMaxConfidence.toFixed(3)} |`,
  `| marked copies (as is / JPEG 50 / crop 90 %), wrong keys (half one bit away): ${wrongTrials} | ${wrongClaims} | ${wrongMaxConfidence.toFixed(3)} |`,
  "",
  "## Speed (seconds per megapixel, 0.5-3 MP photos)",
  "",
  "| step | wall clock | CPU time |",
  "| --- | --- | --- |",
  `| embed (decode, mark, encode) | ${speed.embedWallSecondsPerMP.toFixed(3)} | ${speed.embedCpuSecondsPerMP.toFixed(3)} |`,
  ...Object.keys(speed.extractWallSecondsPerMP).map(
    (k) =>
      `| extract, ${k === "none" ? "unedited copy" : k + " copy (resynchronisation)"} | ${speed.extractWallSecondsPerMP[k].toFixed(3)} | ${speed.extractCpuSecondsPerMP[k].toFixed(3)} |`,
  ),
  "",
];
writeFileSync(join(outDir, "watermark.md"), lines.join("\n"));
console.log(lines.join("\n"));
