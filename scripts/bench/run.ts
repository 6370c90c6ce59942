/**
 * `npm run bench [-- name...]`: runs every benchmark in scripts/bench/ one after another and leaves
 * their committed results in bench-results/ (and gas-snapshot.json for contract gas).
 *
 * A benchmark is a file `scripts/bench/<name>.bench.ts`. Files whose name starts with `gas` need a
 * chain and run through `hardhat run`; the others run with tsx. Each writes its own results file.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();

if (files.length === 0) {
  console.error(
    `No benchmark matches ${wanted.join(", ")}; available: ${readdirSync(here).join(", ")}`,
  );
  process.exitCode = 2;
}
let failed = 0;
for (const file of files) {
  const path = join(here, file);
  console.log(`\n== ${file} ==`);
  const args = file.startsWith("gas") ? ["hardhat", "run", path] : ["tsx", path];
  const result = spawnSync("npx", args, { stdio: "inherit" });
  if (result.status !== 0) {
    failed += 1;
    console.error(`${file} failed with exit code ${result.status}`);
  }
}
console.log(`\n${files.length - failed} passed, ${failed} failed`);
if (failed > 0) process.exitCode = 1;
