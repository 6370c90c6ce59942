import { expect } from "chai";
import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CID } from "multiformats/cid";

import { blockCid, bytesMatchCid } from "../cid.js";
import { StorageBackendError } from "../errors.js";
import { pseudoRandomBytes, tempDir } from "../testing.js";
import { LocalDirBackend } from "./LocalDirBackend.js";

const backendUrl = new URL("./LocalDirBackend.ts", import.meta.url).href;
const cidUrl = new URL("../cid.ts", import.meta.url).href;

/**
 * A writer that puts 8 MiB blocks (fsync on) until killed and says on stdout when each write
 * starts. Blocks differ only in their first bytes.
 */
function childSource(dir: string): string {
  return `
    import { LocalDirBackend } from ${JSON.stringify(backendUrl)};
    import { blockCid } from ${JSON.stringify(cidUrl)};
    import { randomBytes } from "node:crypto";
    const backend = new LocalDirBackend(${JSON.stringify(dir)}, { fsync: true });
    const bytes = randomBytes(8 * 1048576);
    for (let i = 0; i < 10000; i += 1) {
      bytes.writeUInt32LE(i, 0);
      const cid = blockCid(0x55, bytes);
      process.stdout.write("s\\n"); // block i starts: open, write, close, rename (then a background fdatasync)
      await backend.put(cid, bytes);
    }
  `;
}

function listBlocks(dir: string): string[] {
  const root = join(dir, "blocks");
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true })
    .map(String)
    .filter((p) => p.includes("/"));
}

describe("storage: local backend", () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  before(async () => ({ dir, cleanup } = await tempDir("local")));
  after(() => cleanup());

  it("shows no corrupt block after its writer is killed mid-write, and sweeps the dead writer's temp files", async function () {
    let interrupted = 0;
    let rounds = 0;
    // Until two kills have landed inside a block write (at most 8 rounds).
    for (let round = 0; round < 8 && interrupted < 2; round += 1) {
      rounds += 1;
      const store = join(dir, `crash-${round}`);
      const child = spawn(
        process.execPath,
        ["--import", "tsx", "--input-type=module", "-e", childSource(store)],
        {
          stdio: ["ignore", "pipe", "inherit"],
          cwd: fileURLToPath(new URL("../../..", import.meta.url)),
        },
      );
      let started = 0;
      const target = 2 + (round % 3);
      await new Promise<void>((resolve, reject) => {
        child.on("error", reject);
        child.on("exit", (code) => reject(new Error(`writer exited early with ${code}`)));
        child.stdout!.on("data", (text: Buffer) => {
          started += text.toString().split("\n").length - 1;
          if (started > target) {
            // Block `target` is being written: SIGKILL (no cleanup runs) a few ms into it.
            child.removeAllListeners("exit");
            child.stdout!.removeAllListeners("data");
            child.on("exit", () => resolve());
            setTimeout(() => child.kill("SIGKILL"), 1 + 3 * (round % 3));
          }
        });
      });
      const leftovers = existsSync(join(store, "tmp")) ? readdirSync(join(store, "tmp")).length : 0;
      interrupted += leftovers > 0 ? 1 : 0;
      const blocks = listBlocks(store);
      expect(blocks.length, `round ${round}`).to.be.at.least(target);
      for (const rel of blocks) {
        const name = rel.split("/").at(-1)!;
        const bytes = await readFile(join(store, "blocks", rel));
        expect(bytesMatchCid(CID.parse(name), bytes), `${rel} after the crash`).to.equal(true);
      }
      // Reopening the directory removes what the dead writer left in tmp/, and reads see whole blocks.
      const reopened = new LocalDirBackend(store);
      const bytes = pseudoRandomBytes(10, round);
      await reopened.put(blockCid(0x55, bytes), bytes);
      expect(readdirSync(join(store, "tmp"))).to.deep.equal([]);
      for (const rel of listBlocks(store)) {
        const cid = CID.parse(rel.split("/").at(-1)!);
        expect(bytesMatchCid(cid, (await reopened.get(cid))!)).to.equal(true);
      }
    }
    console.log(
      `      (${interrupted} of ${rounds} kills landed inside a block write: a partial temp file was left)`,
    );
    expect(interrupted, "no kill landed inside a write").to.be.at.least(1);
  });

  it("asks its writer for direct I/O when durable, and stops asking once the file system refuses", async () => {
    const asked: Array<boolean | undefined> = [];
    const refusing = async (temp: string, target: string, bytes: Uint8Array, direct?: boolean) => {
      asked.push(direct);
      await writeFile(temp, bytes, { flag: "wx" });
      await rename(temp, target);
      return direct === true ? false : undefined;
    };
    const durable = new LocalDirBackend(join(dir, "direct"));
    const blocks = [1, 2, 3].map((i) => pseudoRandomBytes(8192, i));
    for (const bytes of blocks) await durable.putWith(blockCid(0x55, bytes), bytes, refusing);
    expect(asked).to.deep.equal([true, false, false]);
    for (const bytes of blocks) {
      expect(Buffer.from((await durable.get(blockCid(0x55, bytes)))!).equals(bytes)).to.equal(true);
    }
    await durable.flush();
    // Without fsync the page cache is kept, unless direct I/O is asked for.
    asked.length = 0;
    const cached = new LocalDirBackend(join(dir, "cached"), { fsync: false });
    await cached.putWith(blockCid(0x55, blocks[0]), blocks[0], refusing);
    const forced = new LocalDirBackend(join(dir, "forced"), { fsync: false, directIo: true });
    await forced.putWith(blockCid(0x55, blocks[0]), blocks[0], refusing);
    expect(asked).to.deep.equal([false, true]);
  });

  it("returns undefined for absent blocks and writes each block once under its CID", async () => {
    const backend = new LocalDirBackend(join(dir, "plain"));
    const bytes = Buffer.from("hello world\n");
    const cid = blockCid(0x55, bytes);
    expect(await backend.get(cid)).to.equal(undefined);
    expect(await backend.has(cid)).to.equal(false);
    await backend.put(cid, bytes);
    await backend.put(cid, bytes);
    expect(Buffer.from((await backend.get(cid))!).toString()).to.equal("hello world\n");
    expect(backend.pathOf(cid)).to.match(
      /bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4$/,
    );
    await backend.delete(cid);
    expect(await backend.has(cid)).to.equal(false);
  });

  it("reports a write it cannot make as STORE_WRITE_FAILED naming the block, and leaves no temporary file", async () => {
    const backend = new LocalDirBackend(join(dir, "blocked"));
    const bytes = Buffer.from("cannot land\n");
    const cid = blockCid(0x55, bytes);
    // The block's folder is taken by a file: no write can succeed (root ignores permissions).
    const folder = join(backend.pathOf(cid), "..");
    await mkdir(join(folder, ".."), { recursive: true });
    await writeFile(folder, "not a folder");
    const error = await backend.put(cid, bytes).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(StorageBackendError);
    expect((error as StorageBackendError).code).to.equal("STORE_WRITE_FAILED");
    expect((error as StorageBackendError).details).to.deep.include({ cid: cid.toString() });
    expect((error as StorageBackendError).hints.join(" ")).to.match(/free space and permissions/);
    expect(readdirSync(join(dir, "blocked", "tmp"))).to.deep.equal([]);
    expect(await backend.has(cid)).to.equal(false);
    expect(await backend.get(cid)).to.equal(undefined);
  });
});
