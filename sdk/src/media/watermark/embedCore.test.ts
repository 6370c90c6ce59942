import { expect } from "chai";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { ATTACKS, mulberry32, psnr, ssim } from "./attacks.js";
import {
  ALPHA_BASE,
  ALPHA_GAIN,
  ALPHA_MAX,
  embedLuma,
  imageGain,
  MAX_IMAGE_GAIN,
  MIN_TEXTURED_PER_SLOT,
  PEAK_CHANGE,
  TEXTURED_STD,
} from "./embedCore.js";
import { embedWatermark, extractWatermark } from "./index.js";
import { PATTERN, SLOTS } from "./layout.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "../../../..");

describe("watermark: strength model", () => {
  it("raises the texture gain only on pictures with few textured blocks per tile slot", () => {
    const stds = (textured: number, flat: number) =>
      Float32Array.from({ length: textured + flat }, (_, i) => (i < textured ? TEXTURED_STD : 1));
    // An ordinary photograph: enough textured blocks, no gain.
    expect(imageGain(stds(MIN_TEXTURED_PER_SLOT * SLOTS, 10_000))).to.equal(1);
    expect(imageGain(stds(3 * MIN_TEXTURED_PER_SLOT * SLOTS, 0))).to.equal(1);
    // A quarter of the needed textured blocks: gain 2 keeps n * gain^2 constant.
    expect(imageGain(stds((MIN_TEXTURED_PER_SLOT * SLOTS) / 4, 10_000))).to.be.closeTo(2, 1e-9);
    expect(imageGain(stds((MIN_TEXTURED_PER_SLOT * SLOTS) / 2, 0))).to.be.closeTo(Math.SQRT2, 1e-9);
    // Flat pictures: capped.
    expect(imageGain(stds(10, 10_000))).to.equal(MAX_IMAGE_GAIN);
    expect(imageGain(stds(0, 10_000))).to.equal(MAX_IMAGE_GAIN);
  });

  it("shapes a block's change towards its busy quadrants and keeps its projection on the pattern", () => {
    // One 8x8 block (in a 16x16 plane): left half flat grey, right half noise (an edge block).
    const w = 16;
    const luma = new Float32Array(w * w).fill(100);
    const random = mulberry32(5);
    for (let y = 0; y < 8; y++) for (let x = 4; x < 8; x++) luma[y * w + x] = 60 + 80 * random();
    // The block's own projection is about -16.7: sign -1 needs a small push (exact projection),
    // sign +1 a push beyond the per-quadrant peak (bounded change, projection short of alpha).
    const signs = new Int8Array(SLOTS).fill(-1);
    const delta = embedLuma(luma, w, w, signs, 1);
    let before = 0;
    let after = 0;
    let flat = 0;
    let busy = 0;
    for (let y = 0; y < 8; y++) {
      for (let x = 0; x < 8; x++) {
        before += luma[y * w + x] * PATTERN[y * 8 + x];
        after += (luma[y * w + x] + delta[y * w + x]) * PATTERN[y * 8 + x];
        if (x < 4) flat += delta[y * w + x] ** 2;
        else busy += delta[y * w + x] ** 2;
      }
    }
    // Informed embedding: the projection reaches alpha exactly (this block is far below the cap).
    let sum = 0;
    let sum2 = 0;
    for (let y = 0; y < 8; y++)
      for (let x = 0; x < 8; x++) {
        sum += luma[y * w + x];
        sum2 += luma[y * w + x] ** 2;
      }
    const std = Math.sqrt(sum2 / 64 - (sum / 64) ** 2);
    // Every block of this small plane is textured or flat: 1 textured block, so the gain is maxed.
    const alpha = Math.min(
      MAX_IMAGE_GAIN * ALPHA_MAX,
      ALPHA_BASE + MAX_IMAGE_GAIN * ALPHA_GAIN * std,
    );
    expect(-before).to.be.within(0, alpha);
    expect(-after).to.be.closeTo(alpha, 1e-3);
    expect(flat, "change on the flat side").to.be.lessThan(busy / 4);
    const pushed = embedLuma(luma, w, w, signs.fill(1), 1);
    const largest = Math.max(...pushed.map(Math.abs));
    const patternPeak = Math.max(...PATTERN.map(Math.abs));
    expect(largest).to.be.greaterThan(0);
    expect(largest).to.be.at.most(PEAK_CHANGE * patternPeak + 1e-4);
  });

  it("keeps a nearly flat photograph's mark through WebP 75, invisibly (fixtures/watermark/photos/bird-lamp.jpg)", async function () {
    this.timeout(60_000);
    const path = join(root, "fixtures/watermark/photos/bird-lamp.jpg");
    const key = "0f1e2d3c4b5a69788796";
    const payload = "13579bdf02468ace";
    const marked = await embedWatermark(path, { key, payload });
    const original = new Uint8Array(await (await import("sharp")).default(path).png().toBuffer());
    expect(await psnr(original, marked)).to.be.greaterThan(44);
    expect(await ssim(original, marked)).to.be.greaterThan(0.98);
    for (const name of ["webp75", "jpeg50", "blur-sigma1"]) {
      const copy = await ATTACKS.find((a) => a.name === name)!.apply(marked);
      expect((await extractWatermark(copy, { key })).payload, name).to.equal(payload);
    }
  });
});
