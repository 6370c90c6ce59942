/**
 * Video hashing speed as a multiple of real time: every clip of fixtures/video hashed with the
 * frame hash (16x16, 5 fps) and with vPDQ (PDQ per frame, 256x256 grey, 5 fps). Also records the
 * pairwise match fractions so the docs can cite them.
 *
 * Writes bench-results/video.json and bench-results/video.md. ffmpeg decodes in its own process
 * (it may use both cores); the figures are wall-clock on a shared machine, with the load average.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  hashVideo,
  matchVideoHashes,
  type HashVideoReturnType,
  type VideoHashAlgorithm,
} from "../../sdk/src/media/video/index.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const outDir = join(root, "bench-results");
const videoDir = join(root, "fixtures/video");
const clips = readdirSync(videoDir)
  .filter((f) => f.endsWith(".mp4"))
  .sort();

function duration(file: string): number {
  const r = spawnSync(
    "ffprobe",
    [
      "-v",
      "error",
      "-select_streams",
      "v:0",
      "-show_entries",
      "format=duration",
      "-of",
      "csv=p=0",
      file,
    ],
    { encoding: "utf8" },
  );
  return Number(r.stdout.trim());
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
const algorithms: VideoHashAlgorithm[] = ["frame", "vpdq"];
const speed: {
  clip: string;
  algorithm: VideoHashAlgorithm;
  seconds: number;
  frames: number;
  wallMs: number;
  realTimeMultiple: number;
}[] = [];
const hashes = new Map<string, HashVideoReturnType>();

for (const algorithm of algorithms) {
  for (const clip of clips) {
    const file = join(videoDir, clip);
    const seconds = duration(file);
    const t = performance.now();
    const h = await hashVideo(file, { algorithm });
    const wallMs = performance.now() - t;
    hashes.set(`${algorithm}:${clip}`, h);
    const row = {
      clip,
      algorithm,
      seconds: round(seconds),
      frames: h.frames.length,
      wallMs: round(wallMs, 0),
      realTimeMultiple: round(seconds / (wallMs / 1000), 1),
    };
    speed.push(row);
    console.log(JSON.stringify(row));
  }
}

const totals = algorithms.map((algorithm) => {
  const rows = speed.filter((r) => r.algorithm === algorithm);
  const seconds = rows.reduce((s, r) => s + r.seconds, 0);
  const wall = rows.reduce((s, r) => s + r.wallMs, 0) / 1000;
  return {
    algorithm,
    videoSeconds: round(seconds),
    wallSeconds: round(wall),
    realTimeMultiple: round(seconds / wall, 1),
  };
});

const matches: {
  algorithm: VideoHashAlgorithm;
  a: string;
  b: string;
  duplicate: boolean;
  fraction: number;
  matchedFrames: number;
  offsetSeconds: number;
}[] = [];
for (const algorithm of algorithms) {
  for (const a of clips) {
    for (const b of clips) {
      if (a >= b) continue;
      const m = matchVideoHashes(
        hashes.get(`${algorithm}:${a}`)!,
        hashes.get(`${algorithm}:${b}`)!,
      );
      matches.push({
        algorithm,
        a,
        b,
        duplicate: m.duplicate,
        fraction: m.fraction,
        matchedFrames: m.matchedFrames,
        offsetSeconds: m.offsetSeconds,
      });
    }
  }
}

const report = {
  benchmark: "video",
  date: new Date().toISOString(),
  node: process.version,
  machine: {
    cpus: cpus().length,
    model: cpus()[0]?.model,
    loadavg: loadavg().map((x) => round(x)),
  },
  totals,
  speed,
  matches,
};
writeFileSync(join(outDir, "video.json"), JSON.stringify(report, null, 2) + "\n");

const md = `# Video hashing benchmark

\`npm run bench video\` (scripts/bench/video.bench.ts), ${report.date}, Node ${report.node},
${report.machine.cpus} x ${report.machine.model}, load average ${report.machine.loadavg.join(" / ")} (shared machine).
Wall-clock time from file to frame hashes (ffmpeg decode + resample in its own process, hashing in
Node), 5 frames per second.

| algorithm | video seconds | wall seconds | x real time |
| --- | --- | --- | --- |
${totals.map((t) => `| ${t.algorithm} | ${t.videoSeconds} | ${t.wallSeconds} | ${t.realTimeMultiple} |`).join("\n")}

| clip | algorithm | seconds | frames | wall ms | x real time |
| --- | --- | --- | --- | --- | --- |
${speed.map((r) => `| ${r.clip} | ${r.algorithm} | ${r.seconds} | ${r.frames} | ${r.wallMs} | ${r.realTimeMultiple} |`).join("\n")}

## Match fractions (default thresholds)

| algorithm | a | b | duplicate | fraction | matched frames | offset s |
| --- | --- | --- | --- | --- | --- | --- |
${matches.map((m) => `| ${m.algorithm} | ${m.a} | ${m.b} | ${m.duplicate ? "yes" : "no"} | ${m.fraction} | ${m.matchedFrames} | ${m.offsetSeconds} |`).join("\n")}
`;
writeFileSync(join(outDir, "video.md"), md);
console.log(md);
