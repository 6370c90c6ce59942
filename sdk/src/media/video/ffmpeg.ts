/**
 * Frame extraction through the `ffmpeg` binary: decoded, resampled and converted to 8-bit grey
 * by ffmpeg, piped to us as raw frames (no temporary files).
 */
import { spawn } from "node:child_process";
import { stat } from "node:fs/promises";
import { AuteurError, AuteurInputError } from "../../errors.js";

/** Options of {@link readGreyFrames}. */
export type ReadGreyFramesParameters = {
  /** Frames per second sampled from the video (ffmpeg's `fps` filter). */
  fps: number;
  /** Output frame width in pixels (the whole picture is resampled, aspect ratio not kept). */
  width: number;
  /** Output frame height in pixels. */
  height: number;
  /** The ffmpeg binary. Default: `$AUTEUR_FFMPEG`, else `ffmpeg` on the PATH. */
  ffmpegPath?: string;
  /** Stops decoding (the generator throws the signal's reason). */
  signal?: AbortSignal;
};

/** The ffmpeg binary used when none is given. */
export function defaultFfmpegPath(): string {
  return process.env.AUTEUR_FFMPEG ?? "ffmpeg";
}

/** `AuteurError` for a missing ffmpeg binary, naming the fix. */
export function ffmpegMissingError(path: string, cause?: unknown): AuteurError {
  return new AuteurError("FFMPEG_MISSING", `ffmpeg not found (tried "${path}")`, {
    details: { ffmpegPath: path },
    hints: [
      "install it: apt-get install ffmpeg (Debian/Ubuntu), brew install ffmpeg (macOS)",
      "or point AUTEUR_FFMPEG at the binary",
    ],
    cause,
  });
}

/** Checks the input file before starting ffmpeg, so a typo gets a clear error. */
async function checkInput(path: string): Promise<void> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw new AuteurInputError("VIDEO_NOT_FOUND", `Video file not found: ${path}`, {
      details: { file: path },
      hints: ["check the path"],
      cause: error,
    });
  }
  if (!info.isFile()) {
    throw new AuteurInputError("VIDEO_NOT_FOUND", `Not a file: ${path}`, {
      details: { file: path },
    });
  }
  if (info.size === 0) {
    throw new AuteurInputError("VIDEO_UNREADABLE", `Video file is empty: ${path}`, {
      details: { file: path, size: 0 },
      hints: ["the file has zero bytes: copy or download it again"],
    });
  }
}

/**
 * Yields the frames of `path` as 8-bit grey planes of `width * height` bytes, sampled at `fps`.
 *
 * @throws AuteurInputError `VIDEO_NOT_FOUND` / `VIDEO_UNREADABLE` for a missing, empty, corrupt or
 *   video-less file; AuteurError `FFMPEG_MISSING` when ffmpeg cannot be started.
 */
export async function* readGreyFrames(
  path: string,
  options: ReadGreyFramesParameters,
): AsyncGenerator<Uint8Array, void, undefined> {
  const { fps, width, height } = options;
  if (
    !(fps > 0) ||
    !Number.isInteger(width) ||
    !Number.isInteger(height) ||
    width < 1 ||
    height < 1
  ) {
    throw new AuteurInputError(
      "VIDEO_OPTIONS_INVALID",
      "fps must be positive and the frame size whole pixels",
      {
        details: { fps, width, height },
      },
    );
  }
  await checkInput(path);
  const ffmpeg = options.ffmpegPath ?? defaultFfmpegPath();
  const args = [
    "-nostdin",
    "-hide_banner",
    "-loglevel",
    "error",
    "-i",
    path,
    "-map",
    "0:v:0",
    "-an",
    "-sn",
    "-vf",
    `fps=${fps},scale=${width}:${height}:flags=area,format=gray`,
    "-f",
    "rawvideo",
    "-pix_fmt",
    "gray",
    "pipe:1",
  ];
  const child = spawn(ffmpeg, args, { stdio: ["ignore", "pipe", "pipe"], signal: options.signal });
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => {
    if (stderr.length < 8192) stderr += chunk;
  });
  let spawnError: unknown;
  const exited = new Promise<number | null>((resolve) => {
    child.on("error", (error) => {
      spawnError = error;
      resolve(null);
    });
    child.on("close", (code) => resolve(code));
  });

  const frameSize = width * height;
  let pending: Buffer = Buffer.alloc(0);
  let frames = 0;
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      while (pending.length >= frameSize) {
        // Copy: the chunk's memory is reused by the stream.
        yield new Uint8Array(pending.subarray(0, frameSize));
        frames++;
        pending = pending.subarray(frameSize);
      }
    }
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
  const code = await exited;
  if (spawnError !== undefined) {
    const err = spawnError as NodeJS.ErrnoException;
    if (err.code === "ENOENT" || err.code === "EACCES") throw ffmpegMissingError(ffmpeg, err);
    if (err.name === "AbortError") throw err;
    throw new AuteurError("FFMPEG_FAILED", `ffmpeg could not be run: ${err.message}`, {
      cause: err,
    });
  }
  if (code !== 0 || frames === 0) {
    const message = stderr.trim().split("\n").slice(-3).join(" | ") || `exit code ${code}`;
    throw new AuteurInputError("VIDEO_UNREADABLE", `Cannot decode video ${path}: ${message}`, {
      details: { file: path, exitCode: code, framesDecoded: frames, ffmpeg: stderr.trim() },
      hints: [
        "check that the file is a complete video ffmpeg can play (ffprobe FILE shows what it holds)",
      ],
    });
  }
}
