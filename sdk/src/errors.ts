/**
 * The one error base class of the SDK. Every error says what was wrong (`message`), carries the
 * values involved (`details`), names the fix (`hints`) and keeps the chain of causes (`cause`).
 *
 * @example
 * ```ts
 * try { await computePHash(bytes); }
 * catch (e) { if (e instanceof AuteurError) console.error(e.code, e.hints.join("\n")); }
 * ```
 */
export class AuteurError extends Error {
  override readonly name: string = "AuteurError";
  /** Stable machine-readable code, e.g. `IMAGE_DECODE_FAILED`. */
  readonly code: string;
  /** The values that made the operation fail. */
  readonly details: Readonly<Record<string, unknown>>;
  /** What the caller can do about it. */
  readonly hints: readonly string[];

  constructor(
    code: string,
    message: string,
    options: { details?: Record<string, unknown>; hints?: string[]; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = Object.freeze({ ...(options.details ?? {}) });
    this.hints = Object.freeze([...(options.hints ?? [])]);
  }

  /** Message, hints and causes as printed by the CLI. */
  format(): string {
    const lines = [`${this.name} [${this.code}]: ${this.message}`];
    for (const hint of this.hints) lines.push(`  hint: ${hint}`);
    let cause = this.cause;
    while (cause instanceof Error) {
      lines.push(`  cause: ${cause.message}`);
      cause = cause.cause;
    }
    return lines.join("\n");
  }
}

/** Bad input given by the caller (a file, a flag, a key). The CLI exits with code 2. */
export class AuteurInputError extends AuteurError {
  override readonly name: string = "AuteurInputError";
}
