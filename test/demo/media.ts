/**
 * The demo's media step on the real fixtures: the watermark read back from the written file is the
 * payload (first 8 bytes of the photo's SHA-256), the marked photo stays close to the original,
 * the copies match by pHash, and the VideoCells read back from the chunk store hash as listed.
 */
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import sharp from "sharp";
import {
  DEMO_WATERMARK_KEY,
  PHOTO,
  prepareMedia,
  psnr,
  type MediaState,
} from "../../scripts/demo/media.js";
import { extractWatermark } from "../../sdk/src/media/watermark/index.js";
import { createStore, ffmpegAvailable } from "../../sdk/src/storage/index.js";

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

describe("demo media step", function () {
  this.timeout(180_000);
  let dir: string;
  let media: MediaState;

  before(async function () {
    if (!(await ffmpegAvailable())) {
      const message = "ffmpeg is not installed (Debian package ffmpeg)";
      if (process.env.CI === "true") throw new Error(`${message}: CI must install it`);
      console.log(`  skipping the media step tests: ${message}`);
      this.skip();
    }
    dir = await mkdtemp(join(tmpdir(), "auteur-demo-media-"));
    media = await prepareMedia({ outDir: join(dir, "media"), storeDir: join(dir, "store") });
  });

  after(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("hashes the fixture photo and embeds its SHA-256 prefix as the watermark", async () => {
    const original = await readFile(PHOTO);
    expect(media.photo.sha256).to.equal(sha256(original));
    expect(media.watermark.payload).to.equal(media.photo.sha256.slice(0, 16));
    expect(media.photo.pHash).to.match(/^[0-9a-f]{16}$/);
    expect(media.photo.pdq).to.match(/^[0-9a-f]{64}$/);
    // read back from the file on disk, not from memory
    const marked = await readFile(media.watermark.path);
    expect(sha256(marked)).to.equal(media.watermark.sha256);
    expect(sha256(marked)).not.to.equal(media.photo.sha256);
    const read = await extractWatermark(marked, { key: DEMO_WATERMARK_KEY });
    expect(read.payload).to.equal(media.watermark.payload);
    expect(media.watermark.extracted).to.equal(media.watermark.payload);
    const other = await extractWatermark(marked, { key: "0".repeat(19) + "1" });
    expect(other.payload).not.to.equal(media.watermark.payload);
  });

  it("keeps the marked photo close to the original and writes the difference image", async () => {
    expect(media.watermark.psnr).to.be.within(35, 60);
    const diff = await sharp(media.watermark.differencePath).metadata();
    expect([diff.width, diff.height]).to.deep.equal([media.photo.width, media.photo.height]);
    const stats = await sharp(media.watermark.differencePath).stats();
    // centred on mid-grey, and not flat: the mark is there
    expect(stats.channels[0].mean).to.be.within(118, 138);
    expect(stats.channels[0].stdev).to.be.greaterThan(5);
  });

  it("derives a double-size copy and a lossless RAW that match by pHash", () => {
    expect(media.hd.width).to.equal(media.photo.width * 2);
    expect(media.raw.width).to.equal(media.hd.width);
    expect(media.raw.path).to.match(/\.png$/);
    expect(media.hd.sha256).not.to.equal(media.raw.sha256);
    expect(media.hd.distance).to.be.at.most(8);
    expect(media.raw.distance).to.be.at.most(8);
  });

  it("cuts the video into 10 s VideoCells that read back from the store as hashed", async () => {
    const { video } = media;
    expect(video.cellSeconds).to.equal(10);
    expect(video.cells.length).to.be.at.least(2);
    expect(video.sha256).to.equal(sha256(await readFile(video.path)));
    video.cells.forEach((c, i) => {
      expect(c.index).to.equal(i);
      if (i > 0) expect(c.startSeconds).to.equal(video.cells[i - 1].endSeconds);
      expect(c.endSeconds).to.be.greaterThan(c.startSeconds);
    });
    const store = createStore({ dir: join(dir, "store"), replication: 1 });
    try {
      for (const c of video.cells) {
        const chunks: Buffer[] = [];
        for await (const chunk of store.getCell(video.manifestCid, c.index)) chunks.push(chunk);
        expect(sha256(Buffer.concat(chunks))).to.equal(c.sha256);
      }
    } finally {
      await store.close();
    }
  });

  it("computes PSNR of rasters", () => {
    const a = new Uint8Array([10, 20, 30, 40]);
    expect(psnr(a, a)).to.equal(Infinity);
    const b = a.map((v) => v + 1);
    // (hardhat's chai matchers make closeTo integer-only, so compare floats by hand)
    expect(Math.abs(psnr(a, b) - 10 * Math.log10(255 * 255))).to.be.lessThan(1e-9);
    expect(() => psnr(a, new Uint8Array(3))).to.throw(RangeError);
  });
});
