/**
 * The demo's static report renders in headless Chromium: every section is present and visible,
 * images load, charts have paths, nothing is fetched from the network; with no step data every
 * section says "not run" instead of crashing. Needs the Debian package `chromium` (CI installs it;
 * elsewhere the suite is skipped with a message).
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { expect } from "chai";
import { chromium, type BrowserContext } from "playwright-core";
import sharp from "sharp";
import { reportDataFromState } from "../../scripts/demo/report.js";
import { SECTION_IDS, renderReport, emissionCharts } from "../../scripts/demo/report-html.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const OUT = resolve("demo-out");
const WAD = 10n ** 18n;

/** State shaped as the demo steps leave it, with small real image files. */
async function representativeState(dir: string): Promise<Record<string, unknown>> {
  const media = join(dir, "media");
  await mkdir(media, { recursive: true });
  const w = 320;
  const h = 200;
  const gradient = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 3;
      gradient[i] = (x * 255) / w;
      gradient[i + 1] = (y * 255) / h;
      gradient[i + 2] = 128;
    }
  const raw = { raw: { width: w, height: h, channels: 3 as const } };
  const paths = {
    photo: join(media, "photo.jpg"),
    marked: join(media, "photo-watermarked.jpg"),
    diff: join(media, "photo-difference-x20.png"),
  };
  await writeFile(paths.photo, await sharp(gradient, raw).jpeg().toBuffer());
  await writeFile(paths.marked, await sharp(gradient, raw).jpeg({ quality: 70 }).toBuffer());
  await writeFile(paths.diff, await sharp(gradient, raw).greyscale().png().toBuffer());
  const image = (path: string, distance: number) => ({
    path,
    width: w,
    height: h,
    bytes: 1000,
    sha256: "ab".repeat(32),
    pHash: "aca29c1c33dc23d7",
    distance,
  });
  const a = (n: number) => `0x${n.toString(16).padStart(40, "0")}`;
  return {
    media: {
      outDir: media,
      photo: {
        ...image(paths.photo, 0),
        pdq: "f8".repeat(32),
        pdqQuality: 100,
        manifestCid: "bafyreib",
      },
      watermark: {
        key: "43488b3f30d7a2b72ab7",
        payload: "b5b0799616df52d4",
        extracted: "b5b0799616df52d4",
        confidence: 0.98,
        psnr: 42.3,
        gain: 20,
        path: paths.marked,
        differencePath: paths.diff,
        sha256: "cd".repeat(32),
      },
      hd: image(paths.photo, 0),
      raw: image(paths.photo, 1),
      video: { path: "v.mp4", manifestCid: "bafy", sha256: "00", cellSeconds: 10, cells: [] },
    },
    registry: { registry: a(1), market: a(2), workId: 1n, owner: a(3), buyer: a(4) },
    pov: {
      workId: 2n,
      names: { [a(10)]: "creator", [a(13)]: "viewer 1", [a(12)]: "storage node" },
      earnings: [
        { account: a(10), role: "creator", amount: 270n * WAD, basis: "50 % of the work" },
        { account: a(13), role: "viewer", amount: 150n * WAD, basis: "4 plays" },
        { account: a(14), role: "viewer", amount: 66n * WAD, basis: "2 plays" },
        { account: a(12), role: "storageProvider", amount: 67n * WAD, basis: "6 plays served" },
        { account: a(20), role: "verifier", amount: 33n * WAD, basis: "quorum" },
      ],
    },
    ads: {
      campaignId: 1n,
      deposit: (1000n * WAD).toString(),
      timeline: [0, 1, 2, 3].map((period) => ({
        period,
        views: period === 0 ? 0 : 30,
        clicks: period === 0 ? 0 : 2,
        debited: (period === 0 ? 0n : 350n * WAD).toString(),
        remaining: (period === 3 ? 0n : 1000n * WAD - BigInt(period) * 350n * WAD).toString(),
        prorated: period === 3,
      })),
    },
    index: {
      events: 42,
      blocks: 30,
      entities: { Work: 2, Licence: 1 },
      answers: { worksByOwner: { works: [{ id: "1", owner: { id: a(3) } }] } },
    },
  };
}

describe("demo report", function () {
  this.timeout(120_000);
  let context: BrowserContext | undefined;
  let profile: string;
  let work: string;

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      const message = `Chromium not found at ${CHROMIUM} (Debian package chromium)`;
      if (process.env.CI === "true") throw new Error(`${message}: CI must install it`);
      console.log(`  skipping the report rendering tests: ${message}`);
      this.skip();
    }
    await mkdir(OUT, { recursive: true });
    profile = await mkdtemp(join(tmpdir(), "auteur-chromium-"));
    work = await mkdtemp(join(OUT, "report-test-"));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
      viewport: { width: 1400, height: 900 },
    });
  });

  after(async () => {
    await context?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
    if (work) await rm(work, { recursive: true, force: true });
  });

  async function open(html: string, name: string) {
    const file = join(work, name);
    await writeFile(file, html);
    const page = await context!.newPage();
    const external: string[] = [];
    page.on("request", (r) => {
      if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) external.push(r.url());
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
    return { page, external };
  }

  it("shows every section with its images and charts", async () => {
    const state = await representativeState(work);
    const data = reportDataFromState(state, { reportDir: work, unit: "AUT" });
    expect(data.missing).to.deep.equal({});
    const { page, external } = await open(renderReport(data), "report.html");
    for (const id of SECTION_IDS) {
      expect(await page.locator(`#${id}`).isVisible(), `section #${id} visible`).to.equal(true);
      expect(await page.locator(`#${id} .notrun`).count(), `section #${id} has data`).to.equal(0);
    }
    const images = await page.$$eval("#photo img", (els) =>
      (els as HTMLImageElement[]).map((i) => ({ src: i.src, width: i.naturalWidth })),
    );
    expect(images).to.have.length(3);
    for (const i of images) expect(i.width, `${i.src} loaded`).to.equal(320);
    for (const [id, charts] of [
      ["curves", 3],
      ["rewards", 1],
      ["campaign", 1],
    ] as const) {
      expect(await page.locator(`#${id} svg`).count(), `#${id} charts`).to.equal(charts);
      const d = await page.$$eval(`#${id} svg path`, (els) => els.map((p) => p.getAttribute("d")));
      expect(d.length, `#${id} paths`).to.be.greaterThan(0);
      for (const path of d) expect(path).to.match(/^M[\d.]+,[\d.]+[LHVh]/);
    }
    // one bar per role: creator, viewers (two accounts summed), storage, verifiers
    expect(await page.locator("#rewards svg path").count()).to.equal(4);
    expect(await page.locator("#rewards tbody tr").count()).to.equal(5);
    expect(await page.locator("#campaign tbody tr").count()).to.equal(4);
    expect(await page.locator("#photo").innerText()).to.contain("b5b0799616df52d4");
    const index = await page.locator("#index").innerText();
    expect(index).to.contain("query WorksByOwner($owner: String!)");
    expect(index).to.contain('"Licence": 1');
    expect(await page.locator("#index details").count()).to.equal(2);
    expect(external).to.deep.equal([]);
    await page.screenshot({ path: join(OUT, "report-test.png"), fullPage: true });
    await page.close();
  });

  it('says "not run" for every section without data and never fetches', async () => {
    const data = reportDataFromState({}, { reportDir: work });
    data.curves = undefined;
    const { page, external } = await open(renderReport(data), "empty.html");
    for (const id of SECTION_IDS) {
      expect(await page.locator(`#${id}`).isVisible()).to.equal(true);
      expect(await page.locator(`#${id} .notrun`).innerText()).to.match(/^Not run/);
    }
    expect(external).to.deep.equal([]);
    await page.close();
  });

  it("escapes text from the state and keeps curves from the TypeScript twin", () => {
    const html = renderReport({
      subtitle: "<script>alert(1)</script>",
      index: { queries: [{ name: "q", answer: "</pre><img src=x>" }] },
    });
    expect(html).not.to.contain("<script>alert");
    expect(html).not.to.contain("<img src=x>");
    const [upload, halving] = emissionCharts();
    // LinearRemaining starts at the first reward and ends at 0; PowerDecay ends at 0 too
    expect(upload.series[0].points[0][1]).to.equal(100);
    expect(upload.series[0].points.at(-1)![1]).to.equal(0);
    expect(upload.series[1].points.at(-1)![1]).to.equal(0);
    // chainflix: 135 per epoch, halved after 730,000 epochs (about 1 year)
    expect(halving.series[0].points[0][1]).to.equal(135);
    expect(halving.series[0].points.at(-1)![1]).to.equal(67.5);
  });
});
