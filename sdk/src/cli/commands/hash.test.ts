import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "../../../..");
const golden = JSON.parse(readFileSync(join(root, "fixtures/phash/golden.json"), "utf8")) as {
  hashes: Record<string, { phash: string; mean: string }>;
};

/** Runs `npx auteur hash ...` from the repository root, as a user would. */
function auteur(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync("npx", ["auteur", "hash", ...args], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, AUTEUR_PROGRESS: "0" },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const lines = (text: string) =>
  text
    .trim()
    .split("\n")
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe("auteur hash (CLI, child process)", function () {
  this.timeout(120_000);

  it("prints one JSON line per file in argument order, imagehash-exact", function () {
    const files = [
      "fixtures/photos/rocket.jpg",
      "fixtures/photos/chelsea.png",
      "fixtures/pdq/dih/bridge-5-flipx.jpg",
    ];
    const r = auteur(...files, "--json", "--concurrency", "3");
    expect(r.status, r.stderr).to.equal(0);
    expect(lines(r.stdout)).to.deep.equal(
      files.map((file) => ({ file, phash: golden.hashes[file.replace("fixtures/", "")].phash })),
    );
  });

  it("hashes PDQ with quality and the mean variant", function () {
    const pdq = auteur("fixtures/pdq/dih/bridge-1-original.jpg", "--algo", "pdq", "--json");
    expect(pdq.status, pdq.stderr).to.equal(0);
    expect(lines(pdq.stdout)).to.deep.equal([
      {
        file: "fixtures/pdq/dih/bridge-1-original.jpg",
        pdq: "d8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22",
        quality: 100,
      },
    ]);
    const mean = auteur("fixtures/photos/coffee.png", "--algo", "phash-mean", "--json");
    expect(lines(mean.stdout)).to.deep.equal([
      { file: "fixtures/photos/coffee.png", phash: golden.hashes["photos/coffee.png"].mean },
    ]);
    const fast = auteur("fixtures/photos/coffee.png", "--fast", "--json");
    expect(fast.status, fast.stderr).to.equal(0);
    const [record] = lines(fast.stdout) as { phash: string }[];
    const exact = BigInt(`0x${golden.hashes["photos/coffee.png"].phash}`);
    const diff = BigInt(`0x${record.phash}`) ^ exact;
    expect(record.phash).to.match(/^[0-9a-f]{16}$/);
    expect(diff.toString(2).replace(/0/g, "").length).to.be.at.most(6);
    const plain = auteur("fixtures/photos/coffee.png");
    expect(plain.stdout.trim()).to.equal(
      `${golden.hashes["photos/coffee.png"].phash}  fixtures/photos/coffee.png`,
    );
  });

  it("exits 2 on bad input but still hashes the rest of the batch", function () {
    const r = auteur(
      "fixtures/phash/inputs/empty.jpg",
      "fixtures/photos/coins.png",
      "fixtures/phash/inputs/truncated.jpg",
      "fixtures/phash/inputs/not-an-image.jpg",
      "fixtures/no-such-file.png",
      "fixtures/photos/camera.png",
      "--json",
    );
    expect(r.status).to.equal(2);
    expect(lines(r.stdout)).to.deep.equal([
      { file: "fixtures/photos/coins.png", phash: golden.hashes["photos/coins.png"].phash },
      { file: "fixtures/photos/camera.png", phash: golden.hashes["photos/camera.png"].phash },
    ]);
    for (const code of ["IMAGE_EMPTY", "IMAGE_TRUNCATED", "IMAGE_UNSUPPORTED", "IMAGE_NOT_FOUND"]) {
      expect(r.stderr).to.contain(code);
    }
    expect(r.stderr).to.contain("2 of 6 files hashed, 4 failed");
  });

  it("refuses images above --max-pixels and bad flags with exit 2", function () {
    const big = auteur("fixtures/photos/retina.jpg", "--max-pixels", "1000000");
    expect(big.status).to.equal(2);
    expect(big.stderr).to.contain("IMAGE_TOO_LARGE");
    const flag = auteur("fixtures/photos/retina.jpg", "--algo", "md5");
    expect(flag.status).to.equal(2);
    expect(flag.stderr).to.contain('unknown --algo "md5"');
    const fastPdq = auteur("fixtures/photos/retina.jpg", "--algo", "pdq", "--fast");
    expect(fastPdq.status).to.equal(2);
    expect(fastPdq.stderr).to.contain("--fast applies to --algo phash only");
    const none = auteur("--json");
    expect(none.status).to.equal(2);
    expect(none.stderr).to.contain("no image files given");
  });
});
