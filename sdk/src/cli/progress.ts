/**
 * One small progress bar for the long steps of the CLI verbs. It draws on stderr, and only when
 * stderr is a terminal and the command does not print `--json`, so pipes, CI logs and JSON output
 * never see it.
 */

/** A running bar: `tick` advances it, `done` clears its line. */
export interface Progress {
  /** Adds `n` (default 1) units of work done. */
  tick(n?: number): void;
  /** Sets the units done (for callbacks that report a running total). */
  set(done: number, total?: number): void;
  /** Clears the bar's line. */
  done(): void;
}

/** Where the bar draws: stderr unless a test passes another stream. */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(chunk: string): boolean;
}

const NOOP: Progress = { tick() {}, set() {}, done() {} };

/**
 * Starts a bar named `label` over `total` units, or a no-op when stderr is not a TTY or `json`
 * is set.
 *
 * @example
 * ```ts
 * const bar = progress("signing", keys.length, { json: values.json });
 * for (const k of keys) { await sign(k); bar.tick(); }
 * bar.done();
 * ```
 */
export function progress(
  label: string,
  total: number,
  options: { json?: boolean; stream?: ProgressStream } = {},
): Progress {
  const stream: ProgressStream = options.stream ?? process.stderr;
  if (options.json || !stream.isTTY) return NOOP;
  let done = 0;
  let max = Math.max(total, 1);
  let lastDraw = 0;
  const draw = (force = false) => {
    const now = Date.now();
    if (!force && now - lastDraw < 80) return;
    lastDraw = now;
    const width = Math.max(10, Math.min(30, (stream.columns ?? 80) - label.length - 20));
    const ratio = Math.min(1, done / max);
    const filled = Math.round(ratio * width);
    const bar = `${"#".repeat(filled)}${"-".repeat(width - filled)}`;
    stream.write(`\r${label} [${bar}] ${done}/${max}`);
  };
  draw(true);
  return {
    tick(n = 1) {
      done += n;
      draw(done >= max);
    },
    set(value, newTotal) {
      done = value;
      if (newTotal !== undefined) max = Math.max(newTotal, 1);
      draw(done >= max);
    },
    done() {
      stream.write("\r\x1b[2K");
    },
  };
}
