/**
 * SHA-256 of a long byte stream on a second thread, so that the whole-file hash and the per-block
 * hashes of a put run on two cores. Memory is bounded: at most `window` chunks wait for the worker.
 * Inputs of one chunk are hashed inline (no thread is started).
 */
import { createHash, type Hash } from "node:crypto";
import { Worker } from "node:worker_threads";

const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const { createHash } = require("node:crypto");
const hash = createHash("sha256");
parentPort.on("message", (message) => {
  if (message === "end") { parentPort.postMessage({ digest: hash.digest("hex") }); return; }
  hash.update(message);
  parentPort.postMessage({ ack: true });
});
`;

/** An incremental SHA-256 whose work may run on a worker thread. */
export class ParallelSha256 {
  private first: Uint8Array | undefined;
  private inline: Hash | undefined;
  private worker: Worker | undefined;
  private pending = 0;
  private waiters: Array<() => void> = [];
  private digestWaiter: ((hex: string) => void) | undefined;
  private failure: Error | undefined;

  /** @param window chunks that may wait for the worker before `update` waits */
  constructor(private readonly window = 4) {}

  /** Adds `chunk` (not modified afterwards by the caller); waits when the worker falls behind. */
  async update(chunk: Uint8Array): Promise<void> {
    if (this.inline !== undefined) {
      this.inline.update(chunk);
      return;
    }
    if (this.worker === undefined && this.first === undefined) {
      this.first = chunk;
      return;
    }
    if (this.worker === undefined) this.start();
    if (this.first !== undefined) {
      this.send(this.first);
      this.first = undefined;
    }
    while (this.pending >= this.window && this.failure === undefined)
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    if (this.failure !== undefined) throw this.failure;
    this.send(chunk);
  }

  /** The hex digest of everything added. */
  async digest(): Promise<string> {
    if (this.worker === undefined) {
      const hash = this.inline ?? createHash("sha256");
      if (this.first !== undefined) hash.update(this.first);
      return hash.digest("hex");
    }
    const worker = this.worker;
    try {
      return await new Promise<string>((resolve, reject) => {
        if (this.failure !== undefined) return reject(this.failure);
        this.digestWaiter = resolve;
        worker.once("error", reject);
        worker.postMessage("end");
      });
    } finally {
      await worker.terminate();
    }
  }

  /** Stops the worker without a digest (after a failed put). */
  async abort(): Promise<void> {
    await this.worker?.terminate();
  }

  private start(): void {
    try {
      this.worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [] });
    } catch {
      // No worker threads here: hash inline.
      this.inline = createHash("sha256");
      return;
    }
    this.worker.unref();
    this.worker.on("message", (message: { ack?: true; digest?: string }) => {
      if (message.ack === true) {
        this.pending -= 1;
        this.waiters.shift()?.();
      } else if (message.digest !== undefined) {
        this.digestWaiter?.(message.digest);
      }
    });
    this.worker.on("error", (error) => {
      this.failure = error;
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  private send(chunk: Uint8Array): void {
    if (this.inline !== undefined) {
      this.inline.update(chunk);
      return;
    }
    this.pending += 1;
    this.worker!.postMessage(chunk);
  }
}
