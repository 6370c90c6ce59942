/**
 * Image input/output for the watermark (sharp): decode to interleaved 8-bit samples, compute luma,
 * re-encode in the input's format, size and colour space.
 */
import { readFile } from "node:fs/promises";
import sharp, { type Metadata, type OutputInfo } from "sharp";
import { AuteurInputError } from "../../errors.js";

/** Smallest accepted side, in pixels (two 128-pixel tiles of the mark). */
export const MIN_SIDE = 256;

/** Formats the watermark writes back as themselves. */
const WRITABLE = new Set(["jpeg", "png", "webp", "tiff", "avif", "heif"]);

/** A decoded image: interleaved samples, 1-4 channels (grey, grey+alpha, RGB, RGBA). */
export type DecodedImage = {
  data: Uint8Array;
  width: number;
  height: number;
  channels: number;
  format: string;
  space: string | undefined;
};

/** Reads a path or takes bytes as they are. */
export async function loadBytes(input: Uint8Array | string): Promise<Uint8Array> {
  if (typeof input === "string") {
    try {
      return new Uint8Array(await readFile(input));
    } catch (cause) {
      throw new AuteurInputError("WATERMARK_READ_FAILED", `Cannot read the image file ${input}.`, {
        details: { path: input },
        hints: ["Check the path and that the file is readable."],
        cause,
      });
    }
  }
  if (input instanceof Uint8Array) return input;
  throw new AuteurInputError(
    "WATERMARK_BAD_INPUT",
    "The image must be a file path or a Uint8Array of encoded bytes.",
    {
      details: { type: typeof input },
    },
  );
}

/**
 * Decodes an encoded image. Pixels are kept in stored orientation (no EXIF auto-rotation) so the
 * output lines up with the input byte-for-byte geometry.
 * @throws AuteurInputError `WATERMARK_DECODE_FAILED`, `WATERMARK_IMAGE_TOO_SMALL`
 */
export async function decodeImage(bytes: Uint8Array, minSide = MIN_SIDE): Promise<DecodedImage> {
  let decoded: { data: Buffer; info: OutputInfo };
  let metadata: Metadata;
  try {
    metadata = await sharp(bytes, { failOn: "error" }).metadata();
    // sharp decodes grey images to sRGB by default; keep a single grey channel so the output stays grey.
    const grey = metadata.channels === 1;
    decoded = await (
      grey
        ? sharp(bytes, { failOn: "error" }).toColourspace("b-w")
        : sharp(bytes, { failOn: "error" })
    )
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch (cause) {
    throw new AuteurInputError(
      "WATERMARK_DECODE_FAILED",
      "The image could not be decoded (corrupt or unsupported file).",
      {
        details: { bytes: bytes.length },
        hints: ["Pass a JPEG, PNG, WebP, TIFF or AVIF image."],
        cause,
      },
    );
  }
  const { width, height, channels } = decoded.info;
  if (width < minSide || height < minSide) {
    throw new AuteurInputError(
      "WATERMARK_IMAGE_TOO_SMALL",
      `The image is ${width}x${height}; the watermark needs at least ${minSide}x${minSide} pixels.`,
      {
        details: { width, height, minSide },
        hints: ["Use a larger image (the mark is spread over 128x128-pixel tiles)."],
      },
    );
  }
  return {
    data: new Uint8Array(decoded.data.buffer, decoded.data.byteOffset, decoded.data.length),
    width,
    height,
    channels,
    format: metadata.format ?? "unknown",
    space: metadata.space,
  };
}

/** Luma (BT.601 weights) as floats, row-major. */
export function lumaOf(image: DecodedImage): Float32Array {
  const { data, width, height, channels } = image;
  const n = width * height;
  const y = new Float32Array(n);
  if (channels <= 2) {
    for (let i = 0; i < n; i++) y[i] = data[i * channels];
  } else {
    for (let i = 0; i < n; i++) {
      const o = i * channels;
      y[i] = 0.299 * data[o] + 0.587 * data[o + 1] + 0.114 * data[o + 2];
    }
  }
  return y;
}

/**
 * Encodes samples back into the original format, as sRGB (or CMYK / grey when the input was). JPEG is written at quality 97 without chroma subsampling, WebP and
 * AVIF are written at quality 95; PNG and TIFF losslessly.
 */
export async function encodeLike(image: DecodedImage, data: Uint8Array): Promise<Uint8Array> {
  const { width, height, channels, format } = image;
  if (!WRITABLE.has(format)) {
    throw new AuteurInputError(
      "WATERMARK_UNSUPPORTED_FORMAT",
      `Cannot write a watermarked ${format} image.`,
      {
        details: { format },
        hints: ["Convert the image to PNG, JPEG, WebP, TIFF or AVIF first."],
      },
    );
  }
  let pipeline = sharp(data, { raw: { width, height, channels: channels as 1 | 2 | 3 | 4 } });
  if (image.space === "cmyk") pipeline = pipeline.toColourspace("cmyk");
  else if (channels <= 2) pipeline = pipeline.toColourspace("b-w");
  switch (format) {
    case "jpeg":
      pipeline = pipeline.jpeg({ quality: 97, chromaSubsampling: "4:4:4" });
      break;
    case "png":
      pipeline = pipeline.png();
      break;
    case "webp":
      pipeline = pipeline.webp({ quality: 95 });
      break;
    case "tiff":
      pipeline = pipeline.tiff({ compression: "lzw" });
      break;
    default:
      pipeline = pipeline.avif({ quality: 95 });
  }
  const out = await pipeline.toBuffer();
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}
