/** `npx auteur` without a command, with --help and with an unknown command, as a user runs it. */
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const VERBS = [
  "ads",
  "deploy",
  "hash",
  "pov",
  "register",
  "similar",
  "store",
  "verify",
  "watermark",
];

function auteur(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync("npx", ["auteur", ...args], { cwd: root, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("cli: auteur (the command list)", function () {
  this.timeout(60_000);

  it("lists every command, sorted, when run bare or with --help, and exits 0", function () {
    for (const args of [[], ["--help"]]) {
      const r = auteur(args);
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stdout).to.match(/^Usage: auteur <command> \[options\]/);
      const listed = [...r.stdout.matchAll(/^ {2}(\S+) {2,}\S/gm)].map((m) => m[1]);
      expect(listed).to.include.members(VERBS);
      expect(listed).to.deep.equal([...listed].sort());
    }
  });

  it("names an unknown command on stderr, shows the list and exits 2", function () {
    const r = auteur(["frobnicate"]);
    expect(r.code).to.equal(2);
    expect(r.stdout).to.equal("");
    expect(r.stderr).to.match(/^auteur: unknown command "frobnicate"/);
    expect(r.stderr).to.match(/Commands:/);
  });
});
