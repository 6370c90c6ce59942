import { expect } from "chai";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { AuteurInputError } from "../../errors.js";
import { AuteurImageError, containerShape } from "../image.js";
import {
  computePHash,
  formatPHashHex,
  hammingDistance64,
  parsePHashHex,
  pillowLanczosResizeL,
  pillowLanczosResizeRgbToL,
  pillowLumaFromRgb,
  popcount32,
} from "./index.js";

const fixtures = join(dirname(fileURLToPath(import.meta.url)), "../../../../fixtures");
const golden = JSON.parse(readFileSync(join(fixtures, "phash/golden.json"), "utf8")) as {
  hashes: Record<string, { phash: string; mean: string }>;
};
const inputs = (name: string) => join(fixtures, "phash/inputs", name);

async function expectImageError(
  promise: Promise<unknown>,
  code: string,
): Promise<AuteurImageError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(AuteurImageError);
    expect(error).to.be.instanceOf(AuteurInputError);
    expect((error as AuteurImageError).code).to.equal(code);
    return error as AuteurImageError;
  }
  expect.fail(`expected ${code}`);
}

describe("pHash", function () {
  describe("golden values from scripts/golden/phash_golden.py (imagehash 4.3.2 recipe)", function () {
    const entries = Object.entries(golden.hashes);
    it("covers the PDQ photos, the scikit-image photos and the edits", function () {
      expect(entries.filter(([f]) => f.startsWith("pdq/dih/"))).to.have.length(8);
      expect(entries.filter(([f]) => f.startsWith("photos/")).length).to.be.at.least(12);
      expect(entries.filter(([f]) => f.startsWith("phash/edits/")).length).to.be.at.least(8);
    });
    for (const [file, want] of entries) {
      it(`exact and mean modes are bit-identical on ${file}`, async function () {
        const path = join(fixtures, file);
        const exact = await computePHash(path);
        expect(exact.hex).to.equal(want.phash);
        expect(exact.hash).to.equal(BigInt(`0x${want.phash}`));
        const mean = await computePHash(path, { mode: "mean" });
        expect(mean.hex).to.equal(want.mean);
      });
    }
  });

  it("gives the same hash for bytes and for a path", async function () {
    const path = join(fixtures, "photos/rocket.jpg");
    const fromBytes = await computePHash(new Uint8Array(readFileSync(path)));
    expect(fromBytes).to.deep.equal(await computePHash(path));
  });

  it("fast mode stays within a few bits of exact mode on real photos", async function () {
    let total = 0;
    let count = 0;
    for (const file of Object.keys(golden.hashes).filter((f) => f.startsWith("photos/"))) {
      const path = join(fixtures, file);
      const fast = await computePHash(path, { mode: "fast" });
      expect(fast.hex).to.match(/^[0-9a-f]{16}$/);
      const d = hammingDistance64(fast.hash, BigInt(`0x${golden.hashes[file].phash}`));
      expect(d, file).to.be.at.most(6);
      total += d;
      count += 1;
    }
    expect(total / count).to.be.below(3);
  });

  describe("input kinds", function () {
    it("reads the first frame of an animated GIF", async function () {
      const gif = await computePHash(inputs("chelsea-anim.gif"));
      const frame0 = await computePHash(inputs("chelsea-anim-frame0.png"));
      expect(gif.hex).to.equal(frame0.hex);
    });
    it("converts CMYK JPEG to RGB (close to the RGB JPEG)", async function () {
      const cmyk = await computePHash(inputs("chelsea-cmyk.jpg"));
      const rgb = await computePHash(inputs("chelsea-rgb.jpg"));
      expect(hammingDistance64(cmyk.hash, rgb.hash)).to.be.at.most(4);
    });
    it("reduces 16-bit PNG to 8 bits (same picture as the 8-bit PNG)", async function () {
      const deep = await computePHash(inputs("chelsea-16bit.png"));
      const rgb = await computePHash(inputs("chelsea-rgb.png"));
      expect(hammingDistance64(deep.hash, rgb.hash)).to.be.at.most(2);
    });
    it("flattens grey + alpha onto white", async function () {
      const grey = await computePHash(inputs("horse-grey-alpha.png"));
      const rgba = await computePHash(join(fixtures, "photos/horse.png"));
      expect(hammingDistance64(grey.hash, rgba.hash)).to.be.at.most(4);
    });
  });

  describe("bad input", function () {
    it("rejects a zero-byte file", async function () {
      await expectImageError(computePHash(inputs("empty.jpg")), "IMAGE_EMPTY");
      await expectImageError(computePHash(new Uint8Array(0)), "IMAGE_EMPTY");
    });
    it("rejects truncated JPEG and PNG files", async function () {
      const e = await expectImageError(computePHash(inputs("truncated.jpg")), "IMAGE_TRUNCATED");
      expect(e.message).to.contain("truncated.jpg");
      await expectImageError(computePHash(inputs("truncated.png")), "IMAGE_TRUNCATED");
      await expectImageError(
        computePHash(inputs("truncated.jpg"), { mode: "fast" }),
        "IMAGE_TRUNCATED",
      );
    });
    it("names each file's own fault when many decodes fail at once", async function () {
      // libvips shares one error buffer between threads; the classification must not mix files up
      const cases = [
        ["truncated.jpg", "IMAGE_TRUNCATED"],
        ["truncated.png", "IMAGE_TRUNCATED"],
        ["not-an-image.jpg", "IMAGE_UNSUPPORTED"],
      ] as const;
      const runs = Array.from({ length: 8 }, () => cases).flat();
      const codes = await Promise.all(
        runs.map(([file]) =>
          computePHash(inputs(file)).then(
            () => "decoded",
            (e: unknown) => (e as { code?: string }).code,
          ),
        ),
      );
      expect(codes).to.deep.equal(runs.map(([, code]) => code));
    });
    it("judges truncation and unknown formats from the bytes", function () {
      const photos = ["photos/rocket.jpg", "photos/retina.jpg", "pdq/dih/bridge-1-original.jpg"];
      const trailer = new Uint8Array(5000).fill(0xd9); // phone trailers, motion photos, padding
      for (const file of [
        ...photos,
        "phash/inputs/chelsea-rgb.jpg",
        "phash/inputs/chelsea-cmyk.jpg",
      ]) {
        const jpeg = readFileSync(join(fixtures, file));
        expect(containerShape(jpeg), file).to.equal("complete");
        expect(containerShape(Buffer.concat([jpeg, trailer])), file).to.equal("complete");
        for (const keep of [0.5, 0.99]) {
          const cut = jpeg.subarray(0, Math.floor(jpeg.length * keep));
          expect(containerShape(cut), `${file} cut at ${keep}`).to.equal("truncated");
        }
        expect(containerShape(jpeg.subarray(0, jpeg.length - 2)), file).to.equal("truncated");
      }
      const png = readFileSync(inputs("chelsea-rgb.png"));
      expect(containerShape(png)).to.equal("complete");
      expect(containerShape(Buffer.concat([png, trailer]))).to.equal("complete");
      expect(containerShape(png.subarray(0, png.length - 1))).to.equal("truncated");
      expect(containerShape(png.subarray(0, png.length >> 1))).to.equal("truncated");
      expect(containerShape(readFileSync(inputs("truncated.jpg")))).to.equal("truncated");
      expect(containerShape(readFileSync(inputs("truncated.png")))).to.equal("truncated");
      expect(containerShape(readFileSync(inputs("chelsea-anim.gif")))).to.equal("complete");
      expect(containerShape(readFileSync(inputs("not-an-image.jpg")))).to.equal("unknown");
    });
    it("rejects a file that is not an image", async function () {
      await expectImageError(computePHash(inputs("not-an-image.jpg")), "IMAGE_UNSUPPORTED");
    });
    it("rejects a missing file", async function () {
      await expectImageError(computePHash(inputs("no-such-file.jpg")), "IMAGE_NOT_FOUND");
    });
    it("rejects images above the pixel limit before decoding them", async function () {
      const e = await expectImageError(
        computePHash(join(fixtures, "photos/chelsea.png"), { maxPixels: 451 * 300 - 1 }),
        "IMAGE_TOO_LARGE",
      );
      expect(e.details).to.include({ width: 451, height: 300, maxPixels: 451 * 300 - 1 });
      const ok = await computePHash(join(fixtures, "photos/chelsea.png"), { maxPixels: 451 * 300 });
      expect(ok.hex).to.equal(golden.hashes["photos/chelsea.png"].phash);
    });
    it("refuses an invalid pixel limit and an unknown mode", async function () {
      let caught: unknown;
      try {
        await computePHash(inputs("chelsea-rgb.jpg"), { maxPixels: -1 });
      } catch (error) {
        caught = error;
      }
      expect(caught).to.be.instanceOf(AuteurInputError);
      try {
        // @ts-expect-error testing a wrong mode at run time
        await computePHash(inputs("chelsea-rgb.jpg"), { mode: "median" });
        expect.fail("expected a TypeError");
      } catch (error) {
        expect(error).to.be.instanceOf(TypeError);
      }
    });
  });

  describe("building blocks", function () {
    it("hammingDistance64 counts differing bits over all 64 bits", function () {
      expect(hammingDistance64(0n, 0n)).to.equal(0);
      expect(hammingDistance64(0n, 0xffffffffffffffffn)).to.equal(64);
      expect(hammingDistance64(0x8000000000000001n, 1n)).to.equal(1);
      expect(hammingDistance64(0xf0n, 0x0fn)).to.equal(8);
      expect(popcount32(0xffffffff)).to.equal(32);
    });
    it("parses and formats 16-digit hex", function () {
      expect(formatPHashHex(0x1n)).to.equal("0000000000000001");
      expect(parsePHashHex("C2924C5532BDDFC8")).to.equal(0xc2924c5532bddfc8n);
      expect(() => parsePHashHex("123")).to.throw(TypeError);
    });
    it("uses Pillow's fixed-point luma", function () {
      const rgb = new Uint8Array([255, 255, 255, 255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30]);
      expect(Array.from(pillowLumaFromRgb(rgb, 5))).to.deep.equal([255, 76, 150, 29, 18]);
    });
    it("gives the same thumbnail through WebAssembly SIMD as through JavaScript", function () {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 400 }),
          fc.integer({ min: 1, max: 300 }),
          fc.integer({ min: 0, max: 2 ** 31 - 1 }),
          (w, h, seed) => {
            let state = seed;
            const rgb = new Uint8Array(w * h * 3);
            for (let i = 0; i < rgb.length; i++) {
              state = (Math.imul(state, 1103515245) + 12345) >>> 0;
              rgb[i] = (state >>> 16) & 0xff;
            }
            const js = pillowLanczosResizeL(pillowLumaFromRgb(rgb, w * h), w, h, 32, 32);
            expect(pillowLanczosResizeRgbToL(rgb, w, h, 32, 32)).to.deep.equal(js);
          },
        ),
        { numRuns: 40 },
      );
    });
    it("keeps a flat image flat and leaves a 32x32 image unchanged", function () {
      const flat = new Uint8Array(300 * 200).fill(77);
      expect(new Set(pillowLanczosResizeL(flat, 300, 200, 32, 32))).to.deep.equal(new Set([77]));
      const square = Uint8Array.from({ length: 1024 }, (_, i) => (i * 37) % 256);
      expect(pillowLanczosResizeL(square, 32, 32, 32, 32)).to.deep.equal(square);
    });
  });
});
