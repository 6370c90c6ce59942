import { expect } from "chai";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { AuteurImageError } from "../image.js";
import {
  computePDQ,
  computePDQDihedral,
  hammingDistance256,
  jaroszWindowSize,
  PDQ_DIHEDRAL_NAMES,
  pdqDihedralFromLuma,
  pdqFromHex,
  pdqFromLuma,
  pdqLumaFromRgb,
} from "./index.js";

const fixtures = join(dirname(fileURLToPath(import.meta.url)), "../../../../fixtures");

function readCsv(path: string): string[][] {
  return readFileSync(path, "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => line.split(","));
}

describe("PDQ", function () {
  it("is bit-identical to the reference C++ hasher on the ThreatExchange photos", async function () {
    for (const [hex, quality, file] of readCsv(join(fixtures, "pdq-extra/reference-cpp.csv"))) {
      const got = await computePDQ(join(fixtures, "pdq", file));
      expect(got.hex, file).to.equal(hex);
      expect(got.quality, file).to.equal(Number(quality));
      expect(got.hash).to.have.length(32);
      expect(got.hash).to.deep.equal(pdqFromHex(hex));
    }
  });

  it("reproduces the 2017 published hashes of fixtures/pdq/expected.csv with variant legacy-2017", async function () {
    for (const [hex, quality, file] of readCsv(join(fixtures, "pdq/expected.csv"))) {
      const legacy = await computePDQ(join(fixtures, "pdq", file), { variant: "legacy-2017" });
      expect(legacy.hex, file).to.equal(hex);
      expect(legacy.quality, file).to.equal(Number(quality));
      // today's reference differs from that build by a few bits on these photos
      const today = await computePDQ(join(fixtures, "pdq", file));
      const d = hammingDistance256(today.hash, legacy.hash);
      expect(d, file).to.be.within(1, 16);
    }
    try {
      // @ts-expect-error testing a wrong variant at run time
      await computePDQ(join(fixtures, "pdq/dih/bridge-1-original.jpg"), { variant: "2016" });
      expect.fail("expected a TypeError");
    } catch (error) {
      expect(error).to.be.instanceOf(TypeError);
    }
  });

  it("gives the eight dihedral hashes of the reference from one DCT", async function () {
    const variants = await computePDQDihedral(join(fixtures, "pdq/dih/bridge-1-original.jpg"));
    const expected = new Map(
      readCsv(join(fixtures, "pdq-extra/reference-cpp-dihedral.csv")).map(([n, h]) => [n, h]),
    );
    for (const name of PDQ_DIHEDRAL_NAMES)
      expect(variants[name].hex, name).to.equal(expected.get(name));
  });

  it("finds a flipped or rotated copy through the dihedral variants", async function () {
    const variants = await computePDQDihedral(join(fixtures, "pdq/dih/bridge-1-original.jpg"));
    const files: Record<string, string> = {
      rotate90: "bridge-2-rotate-90.jpg",
      rotate180: "bridge-3-rotate-180.jpg",
      rotate270: "bridge-4-rotate-270.jpg",
      flipX: "bridge-5-flipx.jpg",
      flipY: "bridge-6-flipy.jpg",
      flipPlus1: "bridge-7-flip-plus-1.jpg",
      flipMinus1: "bridge-8-flip-minus-1.jpg",
    };
    const original = variants.original;
    for (const [name, file] of Object.entries(files)) {
      const copy = await computePDQ(join(fixtures, "pdq/dih", file));
      const viaVariant = hammingDistance256(
        variants[name as keyof typeof variants].hash,
        copy.hash,
      );
      expect(viaVariant, name).to.be.at.most(24);
      expect(hammingDistance256(original.hash, copy.hash), name).to.be.above(60);
    }
  });

  it("hashes a transformed luma plane like the transformed image (flipX on pixels)", function () {
    const w = 97;
    const h = 61;
    const luma = Float32Array.from({ length: w * h }, (_, i) => {
      const x = i % w;
      const y = Math.floor(i / w);
      return 128 + 100 * Math.sin(x / 9) * Math.cos(y / 13) + (x > 60 ? 40 : 0);
    });
    const mirrored = new Float32Array(w * h);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) mirrored[y * w + x] = luma[(h - 1 - y) * w + x];
    const variants = pdqDihedralFromLuma(luma, w, h);
    expect(hammingDistance256(variants.flipX.hash, pdqFromLuma(mirrored, w, h).hash)).to.be.at.most(
      8,
    );
    expect(variants.original.hex).to.equal(pdqFromLuma(luma, w, h).hex);
  });

  it("does not modify the caller's luma and gives the zero hash below 5x5", function () {
    const luma = Float32Array.from({ length: 64 * 64 }, (_, i) => (i * 7919) % 256);
    const copy = Float32Array.from(luma);
    const a = pdqFromLuma(luma, 64, 64);
    expect(luma).to.deep.equal(copy);
    expect(a.hex).to.match(/^[0-9a-f]{64}$/);
    const tiny = pdqFromLuma(new Float32Array(16), 4, 4);
    expect(tiny.hex).to.equal("0".repeat(64));
    expect(tiny.quality).to.equal(0);
    expect(() => pdqFromLuma(new Float32Array(10), 5, 5)).to.throw(RangeError);
  });

  it("gives a flat image quality 0 and a detailed photo quality 100", async function () {
    const flat = await sharp({
      create: { width: 200, height: 150, channels: 3, background: "#808080" },
    })
      .png()
      .toBuffer();
    expect((await computePDQ(new Uint8Array(flat))).quality).to.equal(0);
    expect((await computePDQ(join(fixtures, "photos/astronaut.png"))).quality).to.equal(100);
  });

  it("uses the reference window size and luma weights", function () {
    expect(jaroszWindowSize(1600, 64)).to.equal(13);
    expect(jaroszWindowSize(512, 64)).to.equal(4);
    expect(jaroszWindowSize(64, 64)).to.equal(1);
    const luma = pdqLumaFromRgb(new Uint8Array([255, 0, 0, 0, 255, 0, 0, 0, 255]), 3, 1);
    expect(Array.from(luma).map((v) => Math.round(v * 1000) / 1000)).to.deep.equal([
      76.245, 149.685, 29.07,
    ]);
  });

  it("counts differing bits of 256-bit hashes", function () {
    const a = new Uint8Array(32);
    const b = new Uint8Array(32).fill(0xff);
    expect(hammingDistance256(a, b)).to.equal(256);
    b.fill(0);
    b[31] = 0b1011;
    expect(hammingDistance256(a, b)).to.equal(3);
    expect(() => hammingDistance256(a, new Uint8Array(8))).to.throw(RangeError);
  });

  it("rejects bad input with typed errors", async function () {
    for (const [file, code] of [
      ["empty.jpg", "IMAGE_EMPTY"],
      ["truncated.jpg", "IMAGE_TRUNCATED"],
      ["not-an-image.jpg", "IMAGE_UNSUPPORTED"],
    ]) {
      try {
        await computePDQ(join(fixtures, "phash/inputs", file));
        expect.fail(`expected ${code}`);
      } catch (error) {
        expect(error).to.be.instanceOf(AuteurImageError);
        expect((error as AuteurImageError).code).to.equal(code);
      }
    }
  });
});
