/**
 * Attack harness of the watermark: the edits a copy goes through in the wild, applied with sharp
 * (Gaussian noise with a seeded PRNG), and the quality measures (PSNR, SSIM) of the embedding.
 * Used by the CI test and by scripts/bench/watermark.bench.ts.
 */
import sharp, { type OutputInfo } from "sharp";

/** One edit: encoded image in, encoded image out. */
export type Attack = {
  name: string;
  /** Required exact-recovery rate from the issue (0.95, 0.9 or 0.5). */
  target: number;
  apply: (image: Uint8Array) => Promise<Uint8Array>;
};

const bytes = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.length);

async function size(image: Uint8Array): Promise<{ width: number; height: number }> {
  const { width, height } = await sharp(image).metadata();
  return { width: width ?? 0, height: height ?? 0 };
}

/** Deterministic PRNG (mulberry32). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Adds Gaussian noise (Box-Muller over a seeded PRNG) of standard deviation `sigma` to every colour sample. */
export async function gaussianNoise(
  image: Uint8Array,
  sigma: number,
  seed: number,
): Promise<Uint8Array> {
  const { data, info } = await sharp(image).raw().toBuffer({ resolveWithObject: true });
  const random = mulberry32(seed);
  const colour = info.channels === 2 || info.channels === 4 ? info.channels - 1 : info.channels;
  for (let i = 0; i < data.length; i++) {
    if (i % info.channels >= colour) continue;
    const u = 1 - random();
    const v = random();
    const n = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v) * sigma;
    data[i] = Math.max(0, Math.min(255, Math.round(data[i] + n)));
  }
  return bytes(
    await sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
      .png()
      .toBuffer(),
  );
}

/** The attacks of the issue, in its order. */
export const ATTACKS: Attack[] = [
  { name: "png", target: 0.95, apply: async (i) => bytes(await sharp(i).png().toBuffer()) },
  {
    name: "jpeg90",
    target: 0.95,
    apply: async (i) => bytes(await sharp(i).jpeg({ quality: 90 }).toBuffer()),
  },
  {
    name: "jpeg75",
    target: 0.95,
    apply: async (i) => bytes(await sharp(i).jpeg({ quality: 75 }).toBuffer()),
  },
  {
    name: "jpeg50",
    target: 0.95,
    apply: async (i) => bytes(await sharp(i).jpeg({ quality: 50 }).toBuffer()),
  },
  {
    name: "webp75",
    target: 0.95,
    apply: async (i) => bytes(await sharp(i).webp({ quality: 75 }).toBuffer()),
  },
  {
    name: "resize50-back",
    target: 0.95,
    apply: async (i) => {
      const { width, height } = await size(i);
      const half = await sharp(i)
        .resize(Math.round(width / 2), Math.round(height / 2))
        .png()
        .toBuffer();
      return bytes(await sharp(half).resize(width, height).png().toBuffer());
    },
  },
  {
    name: "brightness+20%",
    target: 0.95,
    apply: async (i) => bytes(await sharp(i).modulate({ brightness: 1.2 }).png().toBuffer()),
  },
  {
    name: "contrast-x1.2",
    target: 0.95,
    apply: async (i) =>
      bytes(
        await sharp(i)
          .linear(1.2, -0.2 * 128)
          .png()
          .toBuffer(),
      ),
  },
  { name: "noise-sigma5", target: 0.95, apply: (i) => gaussianNoise(i, 5, 12345) },
  {
    name: "blur-sigma1",
    target: 0.95,
    apply: async (i) => bytes(await sharp(i).blur(1).png().toBuffer()),
  },
  {
    name: "median3",
    target: 0.95,
    apply: async (i) => bytes(await sharp(i).median(3).png().toBuffer()),
  },
  {
    name: "greyscale",
    target: 0.95,
    apply: async (i) => bytes(await sharp(i).greyscale().png().toBuffer()),
  },
  {
    name: "rescale-1280w",
    target: 0.95,
    apply: async (i) => bytes(await sharp(i).resize({ width: 1280 }).png().toBuffer()),
  },
  {
    name: "crop90-centre",
    target: 0.9,
    apply: async (i) => {
      const { width, height } = await size(i);
      const w = Math.round(width * 0.9);
      const h = Math.round(height * 0.9);
      return bytes(
        await sharp(i)
          .extract({
            left: Math.floor((width - w) / 2),
            top: Math.floor((height - h) / 2),
            width: w,
            height: h,
          })
          .png()
          .toBuffer(),
      );
    },
  },
  {
    name: "resize75",
    target: 0.9,
    apply: async (i) => {
      const { width, height } = await size(i);
      return bytes(
        await sharp(i)
          .resize(Math.round(width * 0.75), Math.round(height * 0.75))
          .png()
          .toBuffer(),
      );
    },
  },
  {
    name: "jpeg30",
    target: 0.5,
    apply: async (i) => bytes(await sharp(i).jpeg({ quality: 30 }).toBuffer()),
  },
  {
    name: "rotate2",
    target: 0.5,
    apply: async (i) => {
      const { width, height } = await size(i);
      const turned = await sharp(i).rotate(2).png().toBuffer();
      const t = await size(turned);
      // Keep the original frame size (the corners show the fill), as a straightened scan would.
      return bytes(
        await sharp(turned)
          .extract({
            left: Math.floor((t.width - width) / 2),
            top: Math.floor((t.height - height) / 2),
            width,
            height,
          })
          .png()
          .toBuffer(),
      );
    },
  },
];

/** Luma planes of two encoded images of the same size. */
async function lumaPair(
  a: Uint8Array,
  b: Uint8Array,
): Promise<{ x: Float64Array; y: Float64Array; width: number; height: number }> {
  const read = async (i: Uint8Array) =>
    sharp(i).removeAlpha().toColourspace("srgb").raw().toBuffer({ resolveWithObject: true });
  const [ra, rb] = await Promise.all([read(a), read(b)]);
  const luma = (r: { data: Buffer; info: OutputInfo }) => {
    const n = r.info.width * r.info.height;
    const out = new Float64Array(n);
    const c = r.info.channels;
    for (let i = 0; i < n; i++)
      out[i] =
        c >= 3
          ? 0.299 * r.data[i * c] + 0.587 * r.data[i * c + 1] + 0.114 * r.data[i * c + 2]
          : r.data[i * c];
    return out;
  };
  return { x: luma(ra), y: luma(rb), width: ra.info.width, height: ra.info.height };
}

/** PSNR (dB) over all colour samples of two images of the same size. */
export async function psnr(a: Uint8Array, b: Uint8Array): Promise<number> {
  const [ra, rb] = await Promise.all([sharp(a).raw().toBuffer(), sharp(b).raw().toBuffer()]);
  let se = 0;
  for (let i = 0; i < ra.length; i++) se += (ra[i] - rb[i]) ** 2;
  return se === 0 ? Infinity : 10 * Math.log10((255 * 255) / (se / ra.length));
}

/** Mean SSIM of the luma planes over 8x8 windows with stride 4 (Wang et al. constants). */
export async function ssim(a: Uint8Array, b: Uint8Array): Promise<number> {
  const { x, y, width, height } = await lumaPair(a, b);
  const c1 = (0.01 * 255) ** 2;
  const c2 = (0.03 * 255) ** 2;
  let total = 0;
  let count = 0;
  for (let top = 0; top + 8 <= height; top += 4) {
    for (let left = 0; left + 8 <= width; left += 4) {
      let mx = 0;
      let my = 0;
      for (let j = 0; j < 8; j++) {
        for (let i = 0; i < 8; i++) {
          const k = (top + j) * width + left + i;
          mx += x[k];
          my += y[k];
        }
      }
      mx /= 64;
      my /= 64;
      let vx = 0;
      let vy = 0;
      let cov = 0;
      for (let j = 0; j < 8; j++) {
        for (let i = 0; i < 8; i++) {
          const k = (top + j) * width + left + i;
          vx += (x[k] - mx) ** 2;
          vy += (y[k] - my) ** 2;
          cov += (x[k] - mx) * (y[k] - my);
        }
      }
      vx /= 63;
      vy /= 63;
      cov /= 63;
      total += ((2 * mx * my + c1) * (2 * cov + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2));
      count++;
    }
  }
  return total / count;
}
