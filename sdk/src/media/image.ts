/**
 * Image decoding for the perceptual hashes: one place that turns a file or bytes into 8-bit
 * pixels, with the same preparation for every hash.
 *
 * - EXIF orientation is applied (a photo stored sideways with Orientation 6 hashes upright).
 * - Alpha is flattened onto white.
 * - Greyscale, CMYK, 16-bit and palette inputs are converted to 8-bit sRGB channels.
 * - Only the first frame of an animation (GIF, WebP, multi-page TIFF) is read.
 * - Embedded ICC profiles are ignored, as Pillow (and so Python `imagehash`) ignores them; this
 *   keeps pHash bit-identical to `imagehash` on profiled JPEGs.
 * - Images above a pixel limit (default 100 MP) are refused before their pixels are decoded, so a
 *   decompression bomb costs nothing.
 *
 * Bad input throws {@link AuteurImageError} (an `AuteurInputError`, so the CLI exits with 2) with
 * one of the {@link ImageErrorCode} codes.
 *
 * @example
 * ```ts
 * import { decodeImage } from "@auteur/sdk/phash";
 * const { data, width, height } = await decodeImage("photo.jpg"); // RGB, row-major
 * ```
 */
import { readFile } from "node:fs/promises";
import sharp, { type Sharp } from "sharp";
import { AuteurInputError } from "../errors.js";

/** Default pixel limit: 100 megapixels. */
export const DEFAULT_MAX_PIXELS = 100_000_000;

/** Stable codes of {@link AuteurImageError}. */
export type ImageErrorCode =
  | "IMAGE_NOT_FOUND"
  | "IMAGE_UNREADABLE"
  | "IMAGE_EMPTY"
  | "IMAGE_UNSUPPORTED"
  | "IMAGE_TRUNCATED"
  | "IMAGE_CORRUPT"
  | "IMAGE_TOO_LARGE";

/** A file or byte string that is not a usable image. `code` says why. */
export class AuteurImageError extends AuteurInputError {
  override readonly name: string = "AuteurImageError";
  declare readonly code: ImageErrorCode;

  constructor(
    code: ImageErrorCode,
    message: string,
    options: { details?: Record<string, unknown>; hints?: string[]; cause?: unknown } = {},
  ) {
    super(code, message, options);
  }
}

/** What {@link decodeImage} accepts: a file path or the encoded bytes. */
export type ImageInput = string | Uint8Array;

/** Options of {@link decodeImage}. */
export interface DecodeImageParameters {
  /** Refuse images with more pixels than this (width x height). Default {@link DEFAULT_MAX_PIXELS}. */
  maxPixels?: number;
}

/** 8-bit sRGB pixels, 3 bytes per pixel, row-major, after orientation and alpha flattening. */
export interface DecodedImage {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 3;
}

/** Reads the bytes of `input` (a path or bytes) with typed errors for missing and empty files. */
export async function readImageBytes(input: ImageInput): Promise<Uint8Array> {
  const label = describeInput(input);
  let bytes: Uint8Array;
  if (typeof input === "string") {
    try {
      bytes = await readFile(input);
    } catch (cause) {
      const errno = (cause as NodeJS.ErrnoException).code;
      if (errno === "ENOENT") {
        throw new AuteurImageError("IMAGE_NOT_FOUND", `No such file: ${input}`, {
          details: { file: input },
          hints: ["Check the path; relative paths are resolved from the current directory."],
          cause,
        });
      }
      throw new AuteurImageError("IMAGE_UNREADABLE", `Cannot read ${input} (${errno ?? "error"})`, {
        details: { file: input, errno },
        hints: ["Pass a readable image file (not a directory) that you have permission to read."],
        cause,
      });
    }
  } else if (input instanceof Uint8Array) {
    bytes = input;
  } else {
    throw new AuteurImageError(
      "IMAGE_UNSUPPORTED",
      "Image input must be a file path or a Uint8Array",
      {
        details: { type: typeof input },
      },
    );
  }
  if (bytes.byteLength === 0) {
    throw new AuteurImageError("IMAGE_EMPTY", `${label} is empty (0 bytes)`, {
      details: { file: label },
      hints: ["The file was probably not fully written or downloaded; copy it again."],
    });
  }
  return bytes;
}

/**
 * Decodes an image into 8-bit sRGB pixels (see the module comment for the preparation).
 *
 * @throws AuteurImageError for a missing, empty, truncated, corrupt, unsupported or too large image.
 */
export async function decodeImage(
  input: ImageInput,
  options: DecodeImageParameters = {},
): Promise<DecodedImage> {
  const maxPixels = checkMaxPixels(options.maxPixels);
  const bytes = await readImageBytes(input);
  try {
    const { data, info } = await openImage(bytes, maxPixels)
      .flatten({ background: "#ffffff" })
      .toColourspace("srgb")
      .raw({ depth: "uchar" })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) {
      throw new AuteurImageError(
        "IMAGE_UNSUPPORTED",
        `${describeInput(input)} decoded to ${info.channels} channels`,
        {
          details: { file: describeInput(input), channels: info.channels },
        },
      );
    }
    return {
      data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      width: info.width,
      height: info.height,
      channels: 3,
    };
  } catch (error) {
    throw await classifyDecodeError(error, input, bytes, maxPixels);
  }
}

/**
 * Opens `bytes` with the decoder settings shared by every hash (orientation, first frame,
 * ICC ignored, pixel limit, strict about damaged data). Callers add their own pipeline steps and
 * must pass errors through {@link classifyDecodeError}.
 */
export function openImage(bytes: Uint8Array, maxPixels: number): Sharp {
  return sharp(bytes, {
    limitInputPixels: maxPixels,
    failOn: "error",
    autoOrient: true,
    ignoreIcc: true,
    pages: 1,
    page: 0,
  });
}

/** Validates a `maxPixels` option and returns the limit to use. */
export function checkMaxPixels(maxPixels: number | undefined): number {
  if (maxPixels === undefined) return DEFAULT_MAX_PIXELS;
  if (!Number.isSafeInteger(maxPixels) || maxPixels < 1) {
    throw new AuteurInputError(
      "INVALID_MAX_PIXELS",
      `maxPixels must be a positive integer, got ${maxPixels}`,
      {
        details: { maxPixels },
      },
    );
  }
  return maxPixels;
}

/** Turns a sharp/libvips failure into a typed {@link AuteurImageError}. */
export async function classifyDecodeError(
  error: unknown,
  input: ImageInput,
  bytes: Uint8Array,
  maxPixels: number,
): Promise<AuteurImageError> {
  if (error instanceof AuteurImageError) return error;
  const label = describeInput(input);
  const message = error instanceof Error ? error.message : String(error);
  const shape = containerShape(bytes);
  if (/pixel limit/i.test(message) && shape === "complete") {
    let width: number | undefined;
    let height: number | undefined;
    try {
      const meta = await sharp(bytes, { limitInputPixels: false }).metadata();
      width = meta.width;
      height = meta.height;
    } catch {
      // dimensions stay unknown; the limit message is still right
    }
    const size =
      width !== undefined && height !== undefined
        ? ` (${width}x${height} = ${width * height} pixels)`
        : "";
    return new AuteurImageError(
      "IMAGE_TOO_LARGE",
      `${label} is larger than the limit of ${maxPixels} pixels${size}`,
      {
        details: { file: label, width, height, maxPixels },
        hints: ["Raise the limit with maxPixels (CLI: --max-pixels) if you trust this file."],
        cause: error,
      },
    );
  }
  // libvips keeps one error buffer for all threads, so when several images fail at once the
  // message can describe another file: judge by the bytes first, the message only after.
  if (
    shape === "unknown" ||
    (/unsupported image format|bad seek|not a known file format/i.test(message) &&
      shape !== "truncated")
  ) {
    return new AuteurImageError(
      "IMAGE_UNSUPPORTED",
      `${label} is not an image in a supported format`,
      {
        details: { file: label, bytes: bytes.byteLength },
        hints: ["Supported: JPEG, PNG, WebP, GIF, TIFF, AVIF/HEIF, SVG."],
        cause: error,
      },
    );
  }
  if (
    shape === "truncated" ||
    /premature end|truncated|unexpected end|end of (file|stream|data)|read error|short read/i.test(
      message,
    )
  ) {
    return new AuteurImageError(
      "IMAGE_TRUNCATED",
      `${label} is truncated (the image data ends early)`,
      {
        details: { file: label, bytes: bytes.byteLength },
        hints: ["The file was probably cut off while copying or downloading; get a complete copy."],
        cause: error,
      },
    );
  }
  return new AuteurImageError("IMAGE_CORRUPT", `${label} could not be decoded: ${message}`, {
    details: { file: label, bytes: bytes.byteLength },
    hints: [
      "The file is damaged or uses a feature the decoder refuses; re-export it as JPEG or PNG.",
    ],
    cause: error,
  });
}

/**
 * What the bytes alone say about a file that failed to decode: "unknown" when no supported
 * format's signature starts it, "truncated" when a JPEG, PNG or GIF lacks its end marker, and
 * "complete" otherwise (the decoder's message then decides).
 */
export function containerShape(bytes: Uint8Array): "unknown" | "truncated" | "complete" {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  const ascii = (from: number, text: string) =>
    [...text].every((c, i) => bytes[from + i] === c.charCodeAt(0));
  if (starts(0xff, 0xd8, 0xff)) return jpegReachesEnd(bytes) ? "complete" : "truncated";
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) {
    return pngReachesEnd(bytes) ? "complete" : "truncated";
  }
  if (ascii(0, "GIF8")) return bytes[bytes.length - 1] === 0x3b ? "complete" : "truncated";
  if (ascii(0, "RIFF") && ascii(8, "WEBP")) return "complete";
  if (starts(0x49, 0x49, 0x2a, 0x00) || starts(0x4d, 0x4d, 0x00, 0x2a)) return "complete";
  if (ascii(4, "ftyp")) return "complete";
  const head = Buffer.from(bytes.subarray(0, 1024)).toString("utf8");
  if (/<svg[\s>]/i.test(head) || /^\s*<\?xml/.test(head)) return "complete";
  return "unknown";
}

/**
 * Walks a JPEG's marker segments (skipping their payloads, so an EXIF thumbnail's own end marker
 * does not count) and the entropy-coded data of each scan (where FF is always followed by 00 or a
 * restart marker) until the EOI marker of the main image. Data after EOI (phone trailers, motion
 * photos) does not matter.
 */
function jpegReachesEnd(bytes: Uint8Array): boolean {
  let i = 2;
  while (i + 1 < bytes.length) {
    if (bytes[i] !== 0xff) return false;
    const marker = bytes[i + 1];
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    if (marker === 0xd9) return true;
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2; // stand-alone markers
      continue;
    }
    if (i + 3 >= bytes.length) return false;
    i += 2 + ((bytes[i + 2] << 8) | bytes[i + 3]);
    if (marker !== 0xda) continue;
    // start of scan: skip the entropy-coded data up to the next real marker
    while (i + 1 < bytes.length) {
      if (
        bytes[i] === 0xff &&
        bytes[i + 1] !== 0x00 &&
        (bytes[i + 1] < 0xd0 || bytes[i + 1] > 0xd7)
      )
        break;
      i += 1;
    }
  }
  return false;
}

/** Walks a PNG's chunks (length, type, data, CRC) until IEND. */
function pngReachesEnd(bytes: Uint8Array): boolean {
  let i = 8;
  while (i + 8 <= bytes.length) {
    const length =
      ((bytes[i] << 24) | (bytes[i + 1] << 16) | (bytes[i + 2] << 8) | bytes[i + 3]) >>> 0;
    const end = i + 12 + length;
    if (end > bytes.length) return false;
    const type = String.fromCharCode(bytes[i + 4], bytes[i + 5], bytes[i + 6], bytes[i + 7]);
    if (type === "IEND") return true;
    i = end;
  }
  return false;
}

/** A short name for messages: the path, or "image bytes (N bytes)". */
export function describeInput(input: ImageInput): string {
  return typeof input === "string" ? input : `image bytes (${input?.byteLength ?? 0} bytes)`;
}
