/**
 * docs/cli.md is generated from main.ts's verbs and each command's --help: it must be fresh, and
 * every registered verb must be in it.
 */
import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { listVerbs, REFERENCE_PATH, renderCliReference } from "../../sdk/src/cli/reference.js";

describe("CLI reference docs/cli.md", function () {
  this.timeout(120_000);

  it("lists every verb main.ts registers", async function () {
    const main = readFileSync(join(process.cwd(), "sdk", "src", "cli", "main.ts"), "utf8");
    const registered = main.match(/^verb\(/gm) ?? [];
    const verbs = await listVerbs();
    expect(verbs.length).to.equal(registered.length);
    const doc = readFileSync(REFERENCE_PATH, "utf8");
    for (const v of verbs) expect(doc, v.name).to.include(`## auteur ${v.name}\n`);
  });

  it("is what the commands' --help print today", async function () {
    const fresh = await renderCliReference();
    const committed = readFileSync(REFERENCE_PATH, "utf8");
    expect(
      committed,
      "docs/cli.md is stale: run `npx tsx sdk/src/cli/reference.ts --write`",
    ).to.equal(fresh);
  });
});
