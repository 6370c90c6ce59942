/**
 * VideoCells: a video cut into segments of about `cellSeconds` (1 minute by default) with ffmpeg's
 * segment muxer and stream copy. Cuts fall on keyframes, so each cell starts with a keyframe and
 * plays on its own: cell i starts at the first keyframe at or after i x `cellSeconds`, so a cell
 * is shorter or longer than `cellSeconds` by up to one keyframe interval. `-fflags +bitexact` keeps ffmpeg's version string out of the cells.
 */
import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";

import { StorageCellError, StorageInputError } from "./errors.js";

/** Default VideoCell duration: one minute (the streaming source's unit of Proof-of-View). */
export const DEFAULT_CELL_SECONDS = 60;

/** One cut cell on disk. */
export interface CutCell {
  index: number;
  file: string;
  startSeconds: number;
  endSeconds: number;
}

/** Result of `cutCells`; call `cleanup` when done with the files. */
export interface CutCellsReturnType {
  cells: CutCell[];
  cleanup: () => Promise<void>;
}

function run(command: string, args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (text: string) => {
      if (stderr.length < 16_384) stderr += text;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stderr }));
  });
}

/** True when an `ffmpeg` binary runs. */
export async function ffmpegAvailable(): Promise<boolean> {
  try {
    return (await run("ffmpeg", ["-hide_banner", "-version"])).code === 0;
  } catch {
    return false;
  }
}

function segmentExtension(input: string): string {
  const ext = extname(input).toLowerCase();
  if ([".mp4", ".m4v", ".mov"].includes(ext)) return ".mp4";
  if (ext === ".webm") return ".webm";
  if (ext === ".ts") return ".ts";
  return ".mkv";
}

/**
 * Cuts `input` into VideoCells of about `cellSeconds` in a fresh temporary folder.
 *
 * @example
 * ```ts
 * const { cells, cleanup } = await cutCells("film.mp4", 60);
 * try { for (const c of cells) console.log(c.index, c.startSeconds, c.endSeconds); } finally { await cleanup(); }
 * ```
 */
export async function cutCells(
  input: string,
  cellSeconds = DEFAULT_CELL_SECONDS,
): Promise<CutCellsReturnType> {
  if (!(cellSeconds > 0) || !Number.isFinite(cellSeconds)) {
    throw new StorageInputError(
      "STORE_BAD_CELL_SECONDS",
      `cell duration must be a positive number of seconds, got ${cellSeconds}`,
      {
        hints: ["pass --cell-seconds 60 (the default)"],
      },
    );
  }
  const dir = await mkdtemp(join(tmpdir(), "auteur-cells-"));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    const ext = segmentExtension(input);
    const list = join(dir, "cells.csv");
    const args = [
      "-hide_banner",
      "-nostdin",
      "-loglevel",
      "error",
      "-i",
      input,
      "-map",
      "0:v:0?",
      "-map",
      "0:a?",
      "-c",
      "copy",
      "-fflags",
      "+bitexact",
      "-f",
      "segment",
      "-segment_time",
      String(cellSeconds),
      "-reset_timestamps",
      "1",
      "-segment_list",
      list,
      "-segment_list_type",
      "csv",
      join(dir, `cell%06d${ext}`),
    ];
    let result: { code: number; stderr: string };
    try {
      result = await run("ffmpeg", args);
    } catch (cause) {
      throw new StorageCellError(
        "STORE_FFMPEG_MISSING",
        "ffmpeg is needed to cut VideoCells but did not start",
        {
          hints: [
            "install ffmpeg (Debian: apt-get install ffmpeg), or store the file without cells (--no-cells)",
          ],
          cause,
        },
      );
    }
    if (result.code !== 0) {
      throw new StorageCellError(
        "STORE_CELL_CUT_FAILED",
        `ffmpeg could not cut ${input} into cells`,
        {
          details: { input, exitCode: result.code, stderr: result.stderr.trim().slice(-2000) },
          hints: [
            "check that the file is a playable video, or store it without cells (--no-cells)",
          ],
        },
      );
    }
    const rows = (await readFile(list, "utf8")).split("\n").filter((line) => line.trim() !== "");
    const files = new Set(await readdir(dir));
    const cells = rows.map((row, index) => {
      const [name, start, end] = row.split(",");
      const startSeconds = Number(start);
      const endSeconds = Number(end);
      if (!files.has(name) || !Number.isFinite(startSeconds) || !(endSeconds > startSeconds)) {
        throw new StorageCellError(
          "STORE_CELL_CUT_FAILED",
          `ffmpeg listed an unusable cell: ${row}`,
          { details: { row } },
        );
      }
      return { index, file: join(dir, name), startSeconds, endSeconds };
    });
    if (cells.length === 0) {
      throw new StorageCellError("STORE_CELL_CUT_FAILED", `ffmpeg produced no cells for ${input}`, {
        hints: ["the file may have no video stream; store it without cells (--no-cells)"],
      });
    }
    return { cells, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
