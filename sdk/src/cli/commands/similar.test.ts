import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(fileURLToPath(new URL(".", import.meta.url)), "../../../..");
const DIH = join(ROOT, "fixtures/pdq/dih");

/** Runs `npx auteur ...` from the repository root, as a user would. */
function auteur(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync("npx", ["auteur", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The same `auteur` bin file that npx runs, started directly: used for the tables of flag errors,
 * where npx's own start-up (seconds on a busy machine) would dominate the suite.
 */
function auteurBin(args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, "sdk/bin/auteur.js"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const jsonLines = (text: string) =>
  text
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l));

describe("auteur similar (CLI)", function () {
  let dir: string;
  let index: string;
  before(async function () {
    dir = await mkdtemp(join(tmpdir(), "auteur-similar-cli-"));
    index = join(dir, "index");
  });
  after(async function () {
    await rm(dir, { recursive: true, force: true });
  });

  it("adds a batch, reports the bad file, keeps the good ones and exits 2", async function () {
    const bad = join(dir, "notes.jpg");
    await writeFile(bad, "not a picture");
    const r = auteur(
      [
        "similar",
        "--index",
        index,
        "--add",
        join(DIH, "bridge-1-original.jpg"),
        bad,
        join(DIH, "bridge-5-flipx.jpg"),
        join(DIH, "bridge-2-rotate-90.jpg"),
        "--json",
      ],
      { AUTEUR_PROGRESS: "1" },
    );
    expect(r.code, r.stderr).to.equal(2);
    const lines = jsonLines(r.stdout);
    expect(lines).to.have.length(4);
    expect(lines[1]).to.include({ file: bad });
    expect(lines[1].error).to.match(/^IMAGE_/);
    const added = lines.filter((l) => l.added === true);
    expect(added.map((l) => l.id)).to.deep.equal([0, 1, 2]);
    for (const l of added) {
      expect(l.phash).to.match(/^[0-9a-f]{16}$/);
      expect(l.pdq).to.match(/^[0-9a-f]{64}$/);
    }
    // The progress bar went to stderr, not into the JSON on stdout.
    expect(r.stderr).to.match(/hashing \[#+\] 4\/4/);
    const entries = (await readFile(join(index, "entries.jsonl"), "utf8")).trim().split("\n");
    expect(entries).to.have.length(3);
  });

  it("finds an indexed image by pHash, nearest first, with --json", function () {
    const r = auteur(["similar", "--index", index, join(DIH, "bridge-1-original.jpg"), "--json"]);
    expect(r.code, r.stderr).to.equal(0);
    const [out] = jsonLines(r.stdout);
    expect(out.algo).to.equal("phash");
    expect(out.maxDistance).to.equal(10);
    expect(out.matches[0]).to.deep.equal({
      id: 0,
      file: join(DIH, "bridge-1-original.jpg"),
      distance: 0,
    });
    // pHash is not flip-invariant: the mirrored copy is far away.
    expect(out.matches.map((m: { id: number }) => m.id)).to.not.include(1);
  });

  it("finds mirrored and rotated copies with --algo pdq", function () {
    const r = auteur([
      "similar",
      "--index",
      index,
      join(DIH, "bridge-1-original.jpg"),
      "--algo",
      "pdq",
      "--json",
    ]);
    expect(r.code, r.stderr).to.equal(0);
    const [out] = jsonLines(r.stdout);
    const byId = new Map(out.matches.map((m: { id: number }) => [m.id, m]));
    expect(byId.get(1)).to.include({ variant: "flipX" });
    expect(byId.get(2)).to.include({ variant: "rotate90" });
    expect((byId.get(0) as { distance: number }).distance).to.equal(0);
  });

  it("does not add the same image twice and prints a readable table", function () {
    const again = auteur(["similar", "--index", index, "--add", join(DIH, "bridge-5-flipx.jpg")]);
    expect(again.code, again.stderr).to.equal(0);
    expect(again.stdout).to.match(/already indexed as #1/);
    const r = auteur([
      "similar",
      "--index",
      index,
      join(DIH, "bridge-5-flipx.jpg"),
      "--max-distance",
      "0",
    ]);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.match(/1 match within 0 bits among 3 images/);
    expect(r.stdout).to.match(/ 0 {2}#1 {2}.*bridge-5-flipx\.jpg/);
  });

  it("exits 2 with a message that names the problem", function () {
    const cases: [string[], RegExp][] = [
      [["similar", join(DIH, "bridge-1-original.jpg")], /Missing --index/],
      [["similar", "--index", index], /Missing the image/],
      [["similar", "--index", index, "a.jpg", "b.jpg"], /one image at a time/],
      [["similar", "--index", index, "x.jpg", "--algo", "md5"], /--algo must be phash or pdq/],
      [
        ["similar", "--index", index, "x.jpg", "--max-distance", "1.5"],
        /--max-distance must be a whole number/,
      ],
      [
        ["similar", "--index", join(dir, "nowhere"), join(DIH, "bridge-1-original.jpg")],
        /No similarity index/,
      ],
      [["similar", "--index", index, join(dir, "missing.jpg")], /Cannot read/],
      [["similar", "--index", index, "--add"], /at least one image/],
      [["similar", "--bogus"], /bogus/],
    ];
    for (const [args, message] of cases) {
      const r = auteurBin(args);
      expect(r.code, `${args.join(" ")}: ${r.stderr}`).to.equal(2);
      expect(r.stderr, args.join(" ")).to.match(message);
    }
  });

  it("refuses a damaged index file with a clear error and leaves it untouched", async function () {
    const path = join(index, "phash.idx");
    const bytes = await readFile(path);
    const damaged = Buffer.from(bytes);
    damaged[damaged.length - 9] ^= 0x40;
    await writeFile(path, damaged);
    const r = auteur(["similar", "--index", index, join(DIH, "bridge-1-original.jpg")]);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.match(/SIMILARITY_INDEX_CORRUPT/);
    expect(r.stderr).to.match(/checksum/);
    expect(Buffer.compare(await readFile(path), damaged)).to.equal(0);
    await writeFile(path, bytes);
  });

  it("prints help", function () {
    const r = auteur(["similar", "--help"]);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.match(/--max-distance N/);
  });
});
