/**
 * Storage benchmark (`npm run bench -- storage`): put and verified-get throughput of the local
 * backend on a 1 GiB generated file (the get both as a stream and through `read` into reused
 * buffers), against the raw SHA-256 throughput of node:crypto on the same bytes in the same run
 * (and of two threads hashing at once, the ceiling of a put on two cores); CPU cores used; peak
 * memory (max RSS of a child process) of the 1 GiB put and of a 2 GiB put; the disk's own limits
 * (the same bytes written with no hashing); Helia backend throughput. Writes bench-results/storage.{json,md} and the table in docs/storage.md. Sizes:
 * STORAGE_BENCH_MIB (default 1024), STORAGE_BENCH_BIG_MIB (2048), STORAGE_BENCH_HELIA_MIB (256).
 * Every temporary file is removed at the end. */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createWriteStream, existsSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const storageDir = join(root, "sdk", "src", "storage");
const MIB = 1_048_576;

/** Deterministic content: a 16 MiB random base, each 1 MiB block stamped with its index (no duplicate blocks). */
function* generate(mib: number): Generator<Buffer> {
  const base = Buffer.alloc(16 * MIB);
  let x = 0x2545f491;
  for (let i = 0; i < base.length; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    base.writeUInt32LE(x >>> 0, i);
  }
  for (let i = 0; i < mib; i += 1) {
    const block = Buffer.from(base.subarray((i % 16) * MIB, (i % 16) * MIB + MIB));
    block.writeUInt32LE(i, 0);
    block.writeUInt32LE(Math.floor(i / 16), 4);
    yield block;
  }
}

async function writeFile(path: string, mib: number): Promise<void> {
  const out = createWriteStream(path);
  for (const block of generate(mib)) {
    if (!out.write(block)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  }
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
}

/**
 * Two threads hashing the same bytes at once (MiB/s each): what the machine gives a put, which
 * hashes every byte twice (block and whole file) on two threads. On an idle 2-core machine it
 * equals the one-core figure; when other processes hold a core it shows how much is left.
 */
async function rawSha256TwoThreads(mib: number): Promise<number> {
  const { Worker } = await import("node:worker_threads");
  const source = `
    const { parentPort, workerData } = require("node:worker_threads");
    const { createHash } = require("node:crypto");
    const bytes = new Uint8Array(workerData.buffer);
    const hash = createHash("sha256");
    const t = performance.now();
    for (let i = 0; i < workerData.mib; i += 1) {
      const at = (i % 16) * ${MIB};
      hash.update(bytes.subarray(at, at + ${MIB}));
    }
    hash.digest();
    parentPort.postMessage(performance.now() - t);`;
  const buffer = new SharedArrayBuffer(16 * MIB);
  const view = new Uint8Array(buffer);
  for (const [i, block] of [...generate(16)].entries()) view.set(block, i * MIB);
  const times = await Promise.all(
    [0, 1].map(
      () =>
        new Promise<number>((resolve, reject) => {
          const worker = new Worker(source, { eval: true, workerData: { buffer, mib } });
          worker.once("message", (ms: number) => {
            resolve(ms);
            void worker.terminate();
          });
          worker.once("error", reject);
        }),
    ),
  );
  return mib / (Math.max(...times) / 1000);
}

function rawSha256(mib: number): number {
  let seconds = 0;
  const hash = createHash("sha256");
  for (const block of generate(mib)) {
    const t = performance.now();
    hash.update(block);
    seconds += (performance.now() - t) / 1000;
  }
  hash.digest();
  return mib / seconds;
}

interface ChildResult {
  seconds: number;
  /** CPU time of the whole process (all threads) during the operation. */
  cpuSeconds: number;
  maxRssMiB: number;
  baselineRssMiB: number;
  cid?: string;
  bytes?: number;
}

/** Runs one operation in a fresh process so its peak memory is its own. */
function child(args: string[]): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const proc = spawn(
      process.execPath,
      ["--import", "tsx", fileURLToPath(import.meta.url), "--child", ...args],
      { stdio: ["ignore", "pipe", "inherit"], cwd: root },
    );
    let out = "";
    proc.stdout.on("data", (b: Buffer) => (out += b.toString()));
    proc.on("error", reject);
    proc.on("close", (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split("\n").at(-1)!))
        : reject(new Error(`child ${args[0]} exited with ${code}`)),
    );
  });
}

/**
 * The disk's own limits, with no hashing at all: `seq` copies the input into one file the way `dd
 * oflag=direct conv=fdatasync` does; `blocks` writes it as 1 MiB block files the way a durable put
 * does (O_DIRECT from page-aligned memory into a temporary file, rename, fdatasync, 16 in flight,
 * an fsync of each folder at the end). A put cannot be faster than `blocks`.
 */
async function writeOnly(
  mode: "seq" | "blocks",
  input: string,
  dir: string,
): Promise<Partial<ChildResult>> {
  const fs = await import("node:fs");
  const { promisify } = await import("node:util");
  const [open, write, close, rename, fdatasync] = [
    promisify(fs.open),
    promisify(fs.write),
    promisify(fs.close),
    promisify(fs.rename),
    promisify(fs.fdatasync),
  ];
  const { O_CREAT, O_DIRECT, O_EXCL, O_WRONLY } = fs.constants;
  const direct = O_DIRECT ?? 0;
  const lanes = mode === "seq" ? 1 : 16;
  // WebAssembly memory is page-aligned, as O_DIRECT needs.
  const memory = new WebAssembly.Memory({ initial: lanes * 16 });
  const buffers = Array.from(
    { length: lanes },
    (_, i) => new Uint8Array(memory.buffer, i * MIB, MIB),
  );
  const source = fs.openSync(input, "r");
  let bytes = 0;
  try {
    if (mode === "seq") {
      const fd = fs.openSync(join(dir, "one.bin"), O_WRONLY | O_CREAT | O_EXCL | direct);
      for (;;) {
        const n = fs.readSync(source, buffers[0], 0, MIB, bytes);
        if (n === 0) break;
        // O_DIRECT writes whole blocks of the device's size: the benchmark's sizes are whole MiB.
        fs.writeSync(fd, buffers[0], 0, n, bytes);
        bytes += n;
      }
      fs.fdatasyncSync(fd);
      fs.closeSync(fd);
    } else {
      fs.mkdirSync(join(dir, "tmp"), { recursive: true });
      const folders = Array.from({ length: 32 }, (_, i) =>
        join(dir, "blocks", i.toString(16).padStart(2, "0")),
      );
      for (const folder of folders) fs.mkdirSync(folder, { recursive: true });
      let next = 0;
      let done = false;
      await Promise.all(
        buffers.map(async (buffer) => {
          while (!done) {
            const index = next;
            next += 1;
            const n = fs.readSync(source, buffer, 0, MIB, index * MIB);
            if (n === 0) {
              done = true;
              break;
            }
            const temp = join(dir, "tmp", String(index));
            const target = join(folders[index % folders.length], String(index));
            const fd = await open(temp, O_WRONLY | O_CREAT | O_EXCL | direct);
            await write(fd, buffer, 0, n, 0);
            await close(fd);
            await rename(temp, target);
            const synced = await open(target, "r");
            await fdatasync(synced);
            await close(synced);
            bytes += n;
          }
        }),
      );
      for (const folder of [...folders, join(dir, "blocks"), dir]) {
        const fd = fs.openSync(folder, "r");
        fs.fsyncSync(fd);
        fs.closeSync(fd);
      }
    }
  } finally {
    fs.closeSync(source);
  }
  return { bytes };
}

async function runChild(op: string, args: string[]): Promise<void> {
  if (op === "write-seq" || op === "write-blocks") {
    const [input, dir] = args;
    const { mkdirSync } = await import("node:fs");
    mkdirSync(dir, { recursive: true });
    await measure(() => writeOnly(op === "write-seq" ? "seq" : "blocks", input, dir));
    return;
  }
  // Load only what the operation needs, as the CLI does.
  const { createStore } = await import(join(storageDir, "store.ts"));
  const [target, dir, flag] = args;
  const backend = op.startsWith("helia")
    ? new (await import(join(storageDir, "backends", "HeliaBackend.ts"))).HeliaBackend({ dir })
    : new (await import(join(storageDir, "backends", "LocalDirBackend.ts"))).LocalDirBackend(dir, {
        fsync: flag !== "nofsync",
      });
  if (backend.helia !== undefined) await backend.helia();
  const store = createStore({ backends: [backend] });
  await measure(
    async () => {
      if (op.endsWith("put")) {
        const { cid, manifest } = await store.put(target, { cells: false });
        return { cid, bytes: manifest.size };
      }
      let bytes = 0;
      if (op === "read") {
        // Reused buffers: the callback is done with each piece when it returns.
        await store.read(target, (chunk: Uint8Array) => {
          bytes += chunk.length;
        });
      } else {
        for await (const chunk of store.get(target)) bytes += (chunk as Buffer).length;
      }
      return { bytes };
    },
    () => store.close(),
  );
}

/** Runs `operation` and prints its result with its time, CPU and memory (the child's answer). */
async function measure(
  operation: () => Promise<Partial<ChildResult>>,
  after?: () => Promise<void>,
): Promise<void> {
  const baselineRssMiB = process.memoryUsage().rss / MIB;
  const cpu = process.cpuUsage();
  const t = performance.now();
  const result = await operation();
  const seconds = (performance.now() - t) / 1000;
  const used = process.cpuUsage(cpu);
  await after?.();
  console.log(
    JSON.stringify({
      ...result,
      seconds,
      cpuSeconds: (used.user + used.system) / 1e6,
      baselineRssMiB,
      maxRssMiB: process.resourceUsage().maxRSS / 1024,
    }),
  );
}

function mbps(bytes: number, seconds: number): number {
  return Math.round((bytes / MIB / seconds) * 10) / 10;
}

async function main(): Promise<void> {
  const mib = Number(process.env.STORAGE_BENCH_MIB ?? 1024);
  const bigMib = Number(process.env.STORAGE_BENCH_BIG_MIB ?? 2048);
  const heliaMib = Number(process.env.STORAGE_BENCH_HELIA_MIB ?? 256);
  const { loadavg } = await import("node:os");
  const loadAtStart = loadavg();
  const work = await mkdtemp(join(tmpdir(), "auteur-bench-storage-"));
  try {
    const file = join(work, "input.bin");
    console.log(`generating ${mib} MiB ...`);
    await writeFile(file, mib);
    const sha = rawSha256(mib);
    console.log(`raw SHA-256 (node:crypto, same bytes): ${sha.toFixed(0)} MiB/s`);
    const shaTwo = await rawSha256TwoThreads(Math.min(mib, 512));
    console.log(`two threads hashing at once: ${shaTwo.toFixed(0)} MiB/s each`);

    const rows: Array<{
      case: string;
      mibPerS: number;
      ofSha256: number;
      cpuCores: number;
      maxRssMiB: number;
      baselineRssMiB: number;
      note: string;
    }> = [];
    const add = (name: string, r: ChildResult, note: string) => {
      const rate = mbps(r.bytes!, r.seconds);
      rows.push({
        case: name,
        mibPerS: rate,
        ofSha256: Math.round((rate / sha) * 1000) / 10,
        cpuCores: Math.round((r.cpuSeconds / r.seconds) * 100) / 100,
        maxRssMiB: Math.round(r.maxRssMiB),
        baselineRssMiB: Math.round(r.baselineRssMiB),
        note,
      });
      console.log(
        `${name}: ${rate} MiB/s (${((rate / sha) * 100).toFixed(1)} % of SHA-256), max RSS ${Math.round(r.maxRssMiB)} MiB`,
      );
    };

    const put = await child(["put", file, join(work, "local"), "fsync"]);
    add(
      `local put, ${mib} MiB`,
      put,
      "default: durable when put returns (blocks synced in the background, one flush before the manifest)",
    );
    // The durable put wrote its blocks with direct I/O: the first read finds them on the disk.
    const cold = await child(["get", put.cid!, join(work, "local")]);
    add(
      `local verified get, ${mib} MiB, blocks on disk`,
      cold,
      "the get right after the durable put: its blocks bypassed the page cache, so they are read from the disk",
    );
    const get = await child(["get", put.cid!, join(work, "local")]);
    add(
      `local verified get, ${mib} MiB`,
      get,
      "stream (get), blocks in the page cache: every block SHA-256-checked before it is returned, each in a fresh buffer the consumer may keep",
    );
    const read = await child(["read", put.cid!, join(work, "local")]);
    add(
      `local verified read, ${mib} MiB`,
      read,
      "read(cid, onChunk): same checks, blocks read and verified in reused shared buffers",
    );
    await rm(join(work, "local"), { recursive: true, force: true });
    const fast = await child(["put", file, join(work, "local-nofsync"), "nofsync"]);
    add(
      `local put, ${mib} MiB (fsync: false)`,
      fast,
      "no syncs; renames still atomic: crash-safe, not power-loss-safe",
    );
    await rm(join(work, "local-nofsync"), { recursive: true, force: true });
    // What the disk allows before any hashing: the ceiling every durable put is under.
    const seq = await child(["write-seq", file, join(work, "disk-seq")]);
    add(
      `disk only: one file, ${mib} MiB`,
      seq,
      "no hashing: the input copied into one file with O_DIRECT and fdatasync (like dd oflag=direct conv=fdatasync)",
    );
    await rm(join(work, "disk-seq"), { recursive: true, force: true });
    const blockFiles = await child(["write-blocks", file, join(work, "disk-blocks")]);
    add(
      `disk only: ${mib} block files`,
      blockFiles,
      "no hashing: the durable put's writes alone (1 MiB files, O_DIRECT, rename, fdatasync, 16 in flight, folder fsyncs)",
    );
    await rm(join(work, "disk-blocks"), { recursive: true, force: true });

    const heliaFile = join(work, "helia.bin");
    await writeFile(heliaFile, heliaMib);
    const hput = await child(["helia-put", heliaFile, join(work, "helia")]);
    add(`Helia put, ${heliaMib} MiB`, hput, "in-process Helia, blockstore-fs on disk");
    const hget = await child(["helia-get", hput.cid!, join(work, "helia")]);
    add(`Helia verified get, ${heliaMib} MiB`, hget, "");
    await rm(join(work, "helia"), { recursive: true, force: true });
    await rm(heliaFile, { force: true });
    await rm(file, { force: true });

    console.log(`generating ${bigMib} MiB for the memory check ...`);
    const big = join(work, "big.bin");
    await writeFile(big, bigMib);
    const bigPut = await child(["put", big, join(work, "big"), "nofsync"]);
    add(
      `local put, ${bigMib} MiB (memory check)`,
      bigPut,
      "fsync: false; peak memory must stay under ~200 MiB",
    );
    await rm(join(work, "big"), { recursive: true, force: true });

    const results = {
      date: new Date().toISOString(),
      machine: {
        cpus: cpus().length,
        model: cpus()[0]?.model ?? "unknown",
        loadAverageAtStart: loadAtStart,
        loadAverage: loadavg(),
      },
      sha256MiBPerS: Math.round(sha * 10) / 10,
      sha256TwoThreadsMiBPerS: Math.round(shaTwo * 10) / 10,
      target: "put and verified get >= 70 % of raw SHA-256; peak memory of a 2 GiB put <= ~200 MiB",
      rows,
    };
    writeFileSync(
      join(root, "bench-results", "storage.json"),
      JSON.stringify(results, null, 2) + "\n",
    );
    const table = [
      `Measured ${results.date.slice(0, 16).replace("T", " ")} UTC on ${results.machine.cpus} cores (${results.machine.model}), load average ${results.machine.loadAverageAtStart.map((l) => l.toFixed(1)).join(" / ")} at the start, ${results.machine.loadAverage.map((l) => l.toFixed(1)).join(" / ")} at the end.`,
      `Raw SHA-256 (node:crypto on the same bytes, one core): **${results.sha256MiBPerS} MiB/s**; two threads hashing at once: ${results.sha256TwoThreadsMiBPerS} MiB/s each.`,
      "",
      "| case | MiB/s | % of raw SHA-256 | CPU (cores) | peak RSS (MiB) | RSS before the operation (MiB) | note |",
      "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
      ...rows.map(
        (r) =>
          `| ${r.case} | ${r.mibPerS} | ${r.ofSha256} | ${r.cpuCores} | ${r.maxRssMiB} | ${r.baselineRssMiB} | ${r.note} |`,
      ),
    ].join("\n");
    writeFileSync(
      join(root, "bench-results", "storage.md"),
      `# Storage benchmark\n\n${table}\n\nRegenerate with \`npm run bench -- storage\`.\n`,
    );
    const docs = join(root, "docs", "storage.md");
    if (existsSync(docs)) {
      const text = readFileSync(docs, "utf8");
      const start = "<!-- bench:storage:start -->";
      const end = "<!-- bench:storage:end -->";
      if (text.includes(start) && text.includes(end)) {
        writeFileSync(
          docs,
          text.slice(0, text.indexOf(start) + start.length) +
            "\n" +
            table +
            "\n" +
            text.slice(text.indexOf(end)),
        );
      }
    }
    console.log(table);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--child") await runChild(process.argv[3], process.argv.slice(4));
else await main();
