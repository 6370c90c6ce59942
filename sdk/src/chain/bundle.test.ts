/**
 * The browser-safe subpaths (`@auteur/sdk/chain`, `/pov`, `/indexer` when present) bundle with
 * esbuild for `platform: "browser"`: any import of a Node built-in or a native module fails the
 * build, so this test fails when one creeps in.
 */
import { expect } from "chai";
import { build } from "esbuild";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const SDK = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const pkg = JSON.parse(readFileSync(join(SDK, "package.json"), "utf8")) as {
  exports: Record<string, string>;
};
const BROWSER_SUBPATHS = ["./chain", "./pov", "./indexer"];

describe("browser bundles", function () {
  this.timeout(60_000);
  it("lists the browser subpaths it checks (chain and pov at least)", function () {
    expect(pkg.exports["./chain"]).to.equal("./src/chain/index.ts");
    expect(pkg.exports["./pov"]).to.be.a("string");
  });

  for (const subpath of BROWSER_SUBPATHS) {
    it(`bundles @auteur/sdk${subpath.slice(1)} for the browser without Node built-ins`, async function () {
      const entry = pkg.exports[subpath];
      if (entry === undefined) {
        console.log(`    (${subpath} is not exported yet: nothing to bundle)`);
        this.skip();
      }
      const result = await build({
        entryPoints: [join(SDK, entry as string)],
        bundle: true,
        write: false,
        format: "esm",
        platform: "browser",
        logLevel: "silent",
        metafile: true,
      });
      expect(result.errors).to.deep.equal([]);
      const inputs = Object.keys(result.metafile.inputs);
      expect(inputs.filter((i) => /^node:|sharp|\.node$/.test(i))).to.deep.equal([]);
      expect(result.outputFiles[0]!.text.length).to.be.greaterThan(1000);
    });
  }

  it("fails for a module that imports a Node built-in (the check is real)", async function () {
    const failed = await build({
      stdin: {
        contents: 'import { readFileSync } from "node:fs"; console.log(readFileSync);',
        resolveDir: SDK,
      },
      bundle: true,
      write: false,
      platform: "browser",
      logLevel: "silent",
    }).then(
      () => false,
      () => true,
    );
    expect(failed).to.equal(true);
  });
});
