/** `npx auteur store ...` run as a child process from the repository root, as a user would. */
import { expect } from "chai";
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CID } from "multiformats/cid";

import { LocalDirBackend } from "../../storage/backends/LocalDirBackend.js";
import { pseudoRandomBytes, tempDir } from "../../storage/testing.js";

const root = fileURLToPath(new URL("../../../../", import.meta.url));

function auteur(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("npx", ["auteur", ...args], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (b: Buffer) => (stdout += b.toString()));
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe("cli: auteur store", () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  before(async () => ({ dir, cleanup } = await tempDir("cli")));
  after(() => cleanup());

  it("put --json, get --out, stat and verify round-trip a file", async () => {
    const data = pseudoRandomBytes(2 * 1_048_576 + 99, 61);
    const file = join(dir, "input.bin");
    await writeFile(file, data);
    const store = join(dir, "store");
    const put = await auteur(["store", "put", file, "--dir", store, "--json"], {
      AUTEUR_PROGRESS: "1",
    });
    expect(put.code, put.stderr).to.equal(0);
    const lines = put.stdout.trim().split("\n");
    expect(lines).to.have.length(1);
    const out = JSON.parse(lines[0]);
    expect(CID.parse(out.cid).code).to.equal(0x71);
    expect(out).to.include({ size: data.length, blocks: 3, cells: 0 });
    expect(put.stderr).to.match(/put input\.bin \[#+\] 100%/); // progress bar on stderr

    const plain = await auteur(["store", "put", file, "--dir", store]);
    expect(plain.stdout.trim()).to.equal(out.cid); // the same bytes give the same CID

    const target = join(dir, "out", "copy.bin");
    const get = await auteur(["store", "get", out.cid, "--dir", store, "--out", target]);
    expect(get.code, get.stderr).to.equal(0);
    expect(readFileSync(target).equals(data)).to.equal(true);

    const stat = await auteur(["store", "stat", out.cid, "--dir", store, "--json"]);
    expect(stat.code, stat.stderr).to.equal(0);
    expect(JSON.parse(stat.stdout)).to.include({
      size: data.length,
      blocks: 3,
      sha256: out.sha256,
    });

    const verify = await auteur(["store", "verify", out.cid, "--dir", store]);
    expect(verify.code, verify.stderr).to.equal(0);
    expect(verify.stdout).to.match(/^ok: 5 blocks, 5 copies intact/m);
  });

  it("fails verify and get on a tampered block, leaving no output file", async () => {
    const file = join(dir, "t.bin");
    await writeFile(file, pseudoRandomBytes(1_048_576 + 5, 62));
    const store = join(dir, "store-t");
    const put = await auteur(["store", "put", file, "--dir", store, "--json"]);
    const { cid } = JSON.parse(put.stdout);
    const backend = new LocalDirBackend(store);
    const stat = await auteur(["store", "stat", cid, "--dir", store, "--json"]);
    expect(stat.code).to.equal(0);
    // Flip a byte in the second block.
    const manifest = await import("../../storage/manifest.js").then(async (m) =>
      m.decodeManifest((await backend.get(CID.parse(cid)))!),
    );
    const path = backend.pathOf(CID.parse(manifest.blocks[1].cid));
    const bytes = await readFile(path);
    bytes[0] ^= 0xff;
    await writeFile(path, bytes);

    const verify = await auteur(["store", "verify", cid, "--dir", store]);
    expect(verify.code).to.equal(1);
    expect(verify.stdout).to.match(/corrupt\s+block 1/);
    const target = join(dir, "t-out.bin");
    const get = await auteur(["store", "get", cid, "--dir", store, "--out", target]);
    expect(get.code).to.equal(1);
    expect(get.stderr).to.match(/STORE_BLOCK_CORRUPT.*block 1/);
    expect(existsSync(target)).to.equal(false);
    expect(existsSync(join(dir, `.t-out.bin.${process.pid}.part`))).to.equal(false);
  });

  it("repair re-replicates a copy lost on one node from another; a block without an intact copy is lost", async () => {
    const file = join(dir, "r.bin");
    await writeFile(file, pseudoRandomBytes(1_048_576 + 7, 63));
    const nodes = ["--dir", join(dir, "store-r"), "--helia", join(dir, "helia-r")];
    const put = await auteur(["store", "put", file, ...nodes, "--json"]);
    expect(put.code, put.stderr).to.equal(0);
    const { cid } = JSON.parse(put.stdout) as { cid: string };
    const local = new LocalDirBackend(join(dir, "store-r"));
    const manifest = await import("../../storage/manifest.js").then(async (m) =>
      m.decodeManifest((await local.get(CID.parse(cid)))!),
    );
    const lost = local.pathOf(CID.parse(manifest.blocks[0].cid));
    await rm(lost);

    const damaged = await auteur(["store", "verify", cid, ...nodes]);
    expect(damaged.code).to.equal(1);
    expect(damaged.stdout).to.match(
      /1 of \d+ copies missing or corrupt; every block can still be read/,
    );
    const repair = await auteur(["store", "repair", cid, ...nodes]);
    expect(repair.code, repair.stderr).to.equal(0);
    expect(repair.stdout).to.match(/^repaired 1 copies of \d+ blocks/m);
    expect(existsSync(lost)).to.equal(true);
    const healthy = await auteur(["store", "verify", cid, ...nodes]);
    expect(healthy.code, healthy.stdout).to.equal(0);

    // one node only: a corrupted block has no intact copy to repair from
    const single = ["--dir", join(dir, "store-r1")];
    const put1 = await auteur(["store", "put", file, ...single, "--json"]);
    const only = new LocalDirBackend(join(dir, "store-r1"));
    const path = only.pathOf(CID.parse(manifest.blocks[1].cid));
    const bytes = await readFile(path);
    bytes[0] ^= 0xff;
    await writeFile(path, bytes);
    const hopeless = await auteur(["store", "repair", JSON.parse(put1.stdout).cid, ...single]);
    expect(hopeless.code).to.equal(1);
    expect(hopeless.stderr).to.match(/STORE_BLOCKS_LOST.*1 blocks have no intact copy left/);
    expect(hopeless.stderr).to.match(/put the original file again/);
  });

  it("exits 2 with a message naming the fix on bad input", async () => {
    const missing = await auteur(["store", "put", join(dir, "nope.bin"), "--dir", join(dir, "s")]);
    expect(missing.code).to.equal(2);
    expect(missing.stderr).to.match(/STORE_FILE_NOT_FOUND/);
    const badCid = await auteur(["store", "stat", "bafyfoo", "--dir", join(dir, "s")]);
    expect(badCid.code).to.equal(2);
    expect(badCid.stderr).to.match(/STORE_BAD_CID[\s\S]*hint:/);
    const noOut = await auteur([
      "store",
      "get",
      "bafyreigbqvz4lade2bk6qkueofyt3zom5ifbhyitr7y64pfj4gr7nl7ul4",
      "--dir",
      join(dir, "s"),
    ]);
    expect(noOut.code).to.equal(2);
    expect(noOut.stderr).to.match(/--out FILE/);
  });
});
