/**
 * Runs one handler of a compiled mapping the way graph-node does: a fresh instance of the module
 * per trigger (graph-node instantiates the validated module for every trigger, so globals never
 * leak between handlers), `_start` first (graph-cli compiles with `--explicitStart`), then the
 * handler with a pointer to an `ethereum.Event` built in the instance's memory.
 */
import { readFileSync } from "node:fs";
import { AscMemory, TypeId, type AscExports } from "./asc.js";
import {
  buildImports,
  hostFunctions,
  MappingError,
  writeBigInt,
  writeEthereumValue,
  type HostContext,
} from "./host.js";
import type { EthereumValue } from "./values.js";
import { exportMutableGlobals, GLOBAL_EXPORT_PREFIX } from "./wasmGlobals.js";

export interface BlockInput {
  hash: Uint8Array;
  parentHash: Uint8Array;
  unclesHash: Uint8Array;
  author: Uint8Array;
  stateRoot: Uint8Array;
  transactionsRoot: Uint8Array;
  receiptsRoot: Uint8Array;
  number: bigint;
  gasUsed: bigint;
  gasLimit: bigint;
  timestamp: bigint;
  difficulty: bigint;
  totalDifficulty: bigint;
  size: bigint | null;
  baseFeePerGas: bigint | null;
}

export interface TransactionInput {
  hash: Uint8Array;
  index: bigint;
  from: Uint8Array;
  to: Uint8Array | null;
  value: bigint;
  gasLimit: bigint;
  gasPrice: bigint;
  input: Uint8Array;
  nonce: bigint;
}

export interface LogInput {
  address: Uint8Array;
  topics: Uint8Array[];
  data: Uint8Array;
  blockHash: Uint8Array;
  blockNumber: bigint;
  transactionHash: Uint8Array;
  transactionIndex: bigint;
  logIndex: bigint;
  transactionLogIndex: bigint;
  removed: boolean;
}

export interface ReceiptInput {
  transactionHash: Uint8Array;
  transactionIndex: bigint;
  blockHash: Uint8Array;
  blockNumber: bigint;
  cumulativeGasUsed: bigint;
  gasUsed: bigint;
  contractAddress: Uint8Array | null;
  logs: LogInput[];
  status: bigint;
  logsBloom: Uint8Array;
}

export interface EventInput {
  address: Uint8Array;
  logIndex: bigint;
  transactionLogIndex: bigint;
  logType: string | null;
  block: BlockInput;
  transaction: TransactionInput;
  parameters: { name: string; value: EthereumValue }[];
  receipt: ReceiptInput | null;
}

const ZERO_ADDRESS = new Uint8Array(20);

function unsignedLE(n: bigint): Uint8Array {
  const hex = n.toString(16);
  return Uint8Array.from(Buffer.from(hex.length % 2 ? "0" + hex : hex, "hex").reverse());
}

function writeBlock(mem: AscMemory, b: BlockInput): number {
  const B = (x: Uint8Array) => mem.writeTypedBytes(x);
  const N = (x: bigint) => writeBigInt(mem, x);
  return mem.writeObject(
    [
      B(b.hash),
      B(b.parentHash),
      B(b.unclesHash),
      B(b.author),
      B(b.stateRoot),
      B(b.transactionsRoot),
      B(b.receiptsRoot),
      N(b.number),
      N(b.gasUsed),
      N(b.gasLimit),
      N(b.timestamp),
      N(b.difficulty),
      N(b.totalDifficulty),
      b.size === null ? 0 : N(b.size),
      b.baseFeePerGas === null ? 0 : N(b.baseFeePerGas),
    ],
    TypeId.EthereumBlock,
  );
}

function writeTransaction(mem: AscMemory, t: TransactionInput): number {
  const B = (x: Uint8Array) => mem.writeTypedBytes(x);
  const N = (x: bigint) => writeBigInt(mem, x);
  return mem.writeObject(
    [
      B(t.hash),
      N(t.index),
      B(t.from),
      t.to === null ? 0 : B(t.to),
      N(t.value),
      N(t.gasLimit),
      N(t.gasPrice),
      B(t.input),
      N(t.nonce),
    ],
    TypeId.EthereumTransaction,
  );
}

function writeLog(mem: AscMemory, l: LogInput): number {
  const B = (x: Uint8Array) => mem.writeTypedBytes(x);
  const N = (x: bigint) => writeBigInt(mem, x);
  const removed = mem.alloc(4, TypeId.WrappedBool);
  mem.setU32(removed, l.removed ? 1 : 0);
  return mem.writeObject(
    [
      B(l.address),
      mem.writePointerArray(l.topics.map(B), TypeId.ArrayH256),
      B(l.data),
      B(l.blockHash),
      // graph-ts declares Log.blockNumber as Bytes: graph-node passes the number's LE bytes
      mem.writeTypedBytes(unsignedLE(l.blockNumber)),
      B(l.transactionHash),
      N(l.transactionIndex),
      N(l.logIndex),
      N(l.transactionLogIndex),
      mem.writeString(""),
      removed,
    ],
    TypeId.Log,
  );
}

function writeReceipt(mem: AscMemory, r: ReceiptInput): number {
  const B = (x: Uint8Array) => mem.writeTypedBytes(x);
  const N = (x: bigint) => writeBigInt(mem, x);
  return mem.writeObject(
    [
      B(r.transactionHash),
      N(r.transactionIndex),
      B(r.blockHash),
      N(r.blockNumber),
      N(r.cumulativeGasUsed),
      N(r.gasUsed),
      B(r.contractAddress ?? ZERO_ADDRESS),
      mem.writePointerArray(
        r.logs.map((l) => writeLog(mem, l)),
        TypeId.ArrayLog,
      ),
      N(r.status),
      B(new Uint8Array(0)),
      B(r.logsBloom),
    ],
    TypeId.TransactionReceipt,
  );
}

/** `ethereum.Event` (graph-ts chain/ethereum.ts): 8 reference fields in declaration order. */
export function writeEvent(mem: AscMemory, e: EventInput, blockPtr?: number): number {
  const params = e.parameters.map((p) =>
    mem.writeObject([mem.writeString(p.name), writeEthereumValue(mem, p.value)], TypeId.EventParam),
  );
  return mem.writeObject(
    [
      mem.writeTypedBytes(e.address),
      writeBigInt(mem, e.logIndex),
      writeBigInt(mem, e.transactionLogIndex),
      e.logType === null ? 0 : mem.writeString(e.logType),
      blockPtr ?? writeBlock(mem, e.block),
      writeTransaction(mem, e.transaction),
      mem.writePointerArray(params, TypeId.ArrayEventParam),
      e.receipt === null ? 0 : writeReceipt(mem, e.receipt),
    ],
    TypeId.EthereumEvent,
  );
}

/**
 * The heap top of the stub runtime: the largest i32 global that points into memory (the bump
 * allocator's offset is the highest pointer the module holds). Everything above it is untouched.
 */
function heapTop(i32Globals: WebAssembly.Global[], memoryLength: number): number {
  let top = 0;
  for (const g of i32Globals) {
    const v = (g.value as number) >>> 0;
    if (v > top && v <= memoryLength) top = v;
  }
  return top;
}

/** The global holding the heap top (the largest pointer-valued i32 global), or null. */
function heapGlobal(
  i32Globals: WebAssembly.Global[],
  memoryLength: number,
): WebAssembly.Global | null {
  let best: WebAssembly.Global | null = null;
  let top = 0;
  for (const g of i32Globals) {
    const v = (g.value as number) >>> 0;
    if (v > top && v <= memoryLength) {
      top = v;
      best = g;
    }
  }
  return best;
}

interface WarmInstance {
  exports: AscExports & Record<string, (...a: number[]) => number>;
  mem: AscMemory;
  /** memory right after `_start`, up to the heap top then */
  snapshot: Uint8Array;
  /** i32 globals: the largest value of them bounds what a handler allocated (the heap top) */
  i32Globals: WebAssembly.Global[];
  globals: WebAssembly.Global[];
  globalValues: (number | bigint)[];
  dirty: boolean;
}

export class MappingModule {
  readonly module: WebAssembly.Module;
  readonly exportNames: Set<string>;
  /**
   * true: one instance is reset to its post-`_start` state before every trigger (memory bytes
   * and every mutable global, exported by wasmGlobals.ts); false: a new instance per trigger.
   * Both give each handler the state of a freshly started instance, as graph-node does.
   */
  readonly resettable: boolean;
  private warm: WarmInstance | null = null;
  /**
   * The block object as the last trigger wrote it right after the reset: since every trigger
   * starts from the same state and the stub runtime allocates by bumping a pointer, writing the
   * same block again would produce exactly these bytes at exactly these addresses, so the next
   * event of the block copies them back instead (and moves the heap top past them).
   */
  private blockImage: { block: BlockInput; start: number; ptr: number; bytes: Uint8Array } | null =
    null;
  /** the context the warm instance's host functions read; reassigned per trigger */
  private readonly live: HostContext = {
    store: null as unknown as HostContext["store"],
    dataSource: { name: "", address: new Uint8Array(20), network: "" },
    logs: [],
  };

  constructor(
    wasm: Uint8Array | string,
    readonly name = "mapping",
    options: { reuseInstance?: boolean } = {},
  ) {
    const bytes = new Uint8Array(typeof wasm === "string" ? readFileSync(wasm) : wasm);
    let rewritten: Uint8Array | null = null;
    if (options.reuseInstance !== false) {
      try {
        rewritten = exportMutableGlobals(bytes);
      } catch {
        rewritten = null; // an unexpected binary: fall back to an instance per trigger
      }
    }
    this.module = new WebAssembly.Module(new Uint8Array(rewritten ?? bytes));
    this.resettable = rewritten !== null;
    this.exportNames = new Set(WebAssembly.Module.exports(this.module).map((e) => e.name));
  }

  /** Host functions the module imports (`store.set`, `bigInt.plus`, ...). */
  imports(): string[] {
    return WebAssembly.Module.imports(this.module).map((i) => i.name);
  }

  private fresh(ctx: HostContext): { exports: WarmInstance["exports"]; mem: AscMemory } {
    let mem: AscMemory | null = null;
    const imports = buildImports(this.module, ctx, () => {
      if (mem === null) throw new MappingError("host function called before the memory was ready");
      return mem;
    });
    const instance = new WebAssembly.Instance(this.module, imports);
    const exports = instance.exports as unknown as WarmInstance["exports"];
    mem = new AscMemory(exports);
    exports._start?.();
    return { exports, mem };
  }

  /** An instance in its post-`_start` state whose host functions see `ctx`. */
  private acquire(ctx: HostContext): { exports: WarmInstance["exports"]; mem: AscMemory } {
    if (!this.resettable) return this.fresh(ctx);
    Object.assign(this.live, ctx);
    if (this.warm === null) {
      const { exports, mem } = this.fresh(this.live);
      const globals = Object.entries(exports as unknown as Record<string, unknown>)
        .filter(([k]) => k.startsWith(GLOBAL_EXPORT_PREFIX))
        .map(([, g]) => g as WebAssembly.Global);
      const i32Globals = globals.filter((g) => typeof g.value === "number");
      const top = heapTop(i32Globals, exports.memory.buffer.byteLength);
      this.warm = {
        exports,
        mem,
        snapshot: new Uint8Array(exports.memory.buffer).slice(0, top),
        i32Globals,
        globals,
        globalValues: globals.map((g) => g.value as number | bigint),
        dirty: false,
      };
    } else if (this.warm.dirty) {
      const w = this.warm;
      const memory = new Uint8Array(w.exports.memory.buffer);
      // what the last trigger allocated lies between the old and the current heap top
      const top = heapTop(w.i32Globals, memory.length);
      memory.set(w.snapshot, 0);
      if (top > w.snapshot.length) memory.fill(0, w.snapshot.length, top);
      for (let i = 0; i < w.globals.length; i++) w.globals[i].value = w.globalValues[i];
    }
    this.warm.dirty = true;
    return this.warm;
  }

  /**
   * Runs `fn` on an instance in its post-`_start` state, with the argument written by `build`.
   * Errors (abort, host failures, traps) come back as `MappingError` naming the handler.
   */
  call(fn: string, ctx: HostContext, build: (mem: AscMemory) => number[]): number | undefined {
    if (!this.exportNames.has(fn)) {
      throw new MappingError(`${this.name} exports no function \`${fn}\``, { handler: fn });
    }
    try {
      const { exports, mem } = this.acquire(ctx);
      const args = build(mem);
      return exports[fn](...args);
    } catch (e) {
      if (e instanceof MappingError) {
        e.details.handler ??= fn;
        throw e;
      }
      if (e instanceof WebAssembly.RuntimeError) {
        throw new MappingError(`${this.name}.${fn} trapped: ${e.message}`, { handler: fn });
      }
      throw e;
    }
  }

  /**
   * A fresh instance (and `_start`) whose memory and host functions bound to it are handed to
   * `f`: what the conformance tests use to call host functions directly.
   */
  sandbox<T>(
    ctx: HostContext,
    f: (mem: AscMemory, host: Record<string, (...args: number[]) => unknown>) => T,
  ): T {
    const { mem } = this.fresh(ctx);
    return f(
      mem,
      hostFunctions(ctx, () => mem),
    );
  }

  /** Runs an event handler (graph-node `handle_ethereum_log`). */
  handleEvent(handler: string, event: EventInput, ctx: HostContext): void {
    this.call(handler, ctx, (mem) => [writeEvent(mem, event, this.blockPointer(mem, event.block))]);
  }

  /** The block object in memory: copied from the image of the same block, or written anew. */
  private blockPointer(mem: AscMemory, block: BlockInput): number | undefined {
    const w = this.warm;
    if (w === null) return undefined; // a fresh instance per trigger: nothing to reuse
    const heap = heapGlobal(w.i32Globals, w.exports.memory.buffer.byteLength);
    if (heap === null) return undefined;
    const start = heap.value as number;
    const image = this.blockImage;
    if (image !== null && image.block === block && image.start === start) {
      new Uint8Array(w.exports.memory.buffer).set(image.bytes, start);
      heap.value = start + image.bytes.length;
      return image.ptr;
    }
    const ptr = writeBlock(mem, block);
    const end = heap.value as number;
    this.blockImage = {
      block,
      start,
      ptr,
      bytes: new Uint8Array(w.exports.memory.buffer).slice(start, end),
    };
    return ptr;
  }
}
