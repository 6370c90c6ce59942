/**
 * The host functions a mapping imports, with graph-node's behaviour.
 *
 * Followed: graph-node v0.35 `runtime/wasm/src/host_exports.rs` (store, conversions, abort, log,
 * data source), `runtime/wasm/src/module/mod.rs` (the import names and which errors are
 * deterministic) and `graph/src/data/store/scalar` (BigInt / BigDecimal). Behaviour notes:
 * - `abort` ends the handler with "Mapping aborted at <file>, line <l>, column <c>, with message:
 *   <message>"; `log.critical` ends it with "Critical error logged in mapping with log message:";
 * - BigInt division and modulo by zero fail ("attempted to divide BigInt `x` by zero"); division
 *   truncates toward zero, `mod` takes the dividend's sign, `rightShift` floors (num-bigint);
 * - `bigIntToHex` prints the magnitude with no leading zeros ("0x0" for zero);
 * - `bytesToString` decodes UTF-8 (lossy) and trims trailing NUL characters;
 * - `stringToH160` accepts 40 hex digits with or without 0x, anything else fails;
 * - `ethereum.call`, `ipfs.*`, `json.*`, `ens.*` and data source templates are not implemented:
 *   calling one fails the handler with a message that says so (our mappings use none of them).
 */
import { keccak256 } from "ethers";
import { AscMemory, TypeId } from "./asc.js";
import { BigDecimal } from "./bigdecimal.js";
import type { EntityStore } from "./store.js";
import {
  bigintToSignedLE,
  bytesToHex,
  EthereumValueKind,
  signedLEToBigint,
  StoreValueKind,
  type EntityData,
  type EthereumValue,
  type StoreValue,
} from "./values.js";

/** Why a handler stopped: abort, a failed host call, a trap. Carries graph-node's message. */
export class MappingError extends Error {
  override name = "MappingError";
  constructor(
    message: string,
    readonly details: {
      file?: string | null;
      line?: number;
      column?: number;
      handler?: string;
    } = {},
  ) {
    super(message);
  }
}

export enum LogLevel {
  Critical = 0,
  Error = 1,
  Warning = 2,
  Info = 3,
  Debug = 4,
}

export interface LogEntry {
  level: LogLevel;
  message: string;
  dataSource: string;
}

export interface DataSourceInfo {
  name: string;
  /** 20 bytes */
  address: Uint8Array;
  network: string;
  /** the declared context (`dataSource.context()`; empty when absent, as in graph-node) */
  context?: EntityData;
}

export interface HostContext {
  store: EntityStore;
  dataSource: DataSourceInfo;
  logs: LogEntry[];
  /** also print log lines to the console (DEBUG) */
  echoLogs?: boolean;
}

type HostFn = (...args: number[]) => number | bigint | void;

// ---- value codecs --------------------------------------------------------------------------

export function readBigInt(mem: AscMemory, ptr: number): bigint {
  return signedLEToBigint(mem.readTypedBytes(ptr));
}

export function writeBigInt(mem: AscMemory, n: bigint): number {
  return mem.writeTypedBytes(bigintToSignedLE(n));
}

export function readBigDecimal(mem: AscMemory, ptr: number): BigDecimal {
  const digits = readBigInt(mem, mem.u32(ptr));
  const exp = readBigInt(mem, mem.u32(ptr + 4));
  return new BigDecimal(digits, Number(exp));
}

export function writeBigDecimal(mem: AscMemory, d: BigDecimal): number {
  const digits = writeBigInt(mem, d.digits);
  const exp = writeBigInt(mem, BigInt(d.exp));
  return mem.writeObject([digits, exp], TypeId.BigDecimal);
}

export function readStoreValue(mem: AscMemory, ptr: number): StoreValue {
  if (ptr === 0) return { kind: StoreValueKind.Null };
  const kind = mem.u32(ptr) as StoreValueKind;
  const payload = mem.u64(ptr + 8);
  const ref = Number(payload & 0xffffffffn);
  switch (kind) {
    case StoreValueKind.String:
      return { kind, value: mem.readString(ref) };
    case StoreValueKind.Int:
      return { kind, value: Number(BigInt.asIntN(32, payload)) };
    case StoreValueKind.BigDecimal:
      return { kind, value: readBigDecimal(mem, ref) };
    case StoreValueKind.Bool:
      return { kind, value: payload !== 0n };
    case StoreValueKind.Array:
      return { kind, value: mem.readPointerArray(ref).map((p) => readStoreValue(mem, p)) };
    case StoreValueKind.Null:
      return { kind };
    case StoreValueKind.Bytes:
      return { kind, value: mem.readTypedBytes(ref) };
    case StoreValueKind.BigInt:
      return { kind, value: readBigInt(mem, ref) };
    case StoreValueKind.Int8:
    case StoreValueKind.Timestamp:
      return { kind, value: BigInt.asIntN(64, payload) };
    default:
      throw new MappingError(`invalid store value kind ${kind as number}`);
  }
}

export function writeStoreValue(mem: AscMemory, v: StoreValue): number {
  let payload: bigint;
  switch (v.kind) {
    case StoreValueKind.String:
      payload = BigInt(mem.writeString(v.value));
      break;
    case StoreValueKind.Int:
      payload = BigInt.asUintN(64, BigInt(v.value));
      break;
    case StoreValueKind.BigDecimal:
      payload = BigInt(writeBigDecimal(mem, v.value));
      break;
    case StoreValueKind.Bool:
      payload = v.value ? 1n : 0n;
      break;
    case StoreValueKind.Array:
      payload = BigInt(
        mem.writePointerArray(
          v.value.map((item) => writeStoreValue(mem, item)),
          TypeId.ArrayStoreValue,
        ),
      );
      break;
    case StoreValueKind.Null:
      payload = 0n;
      break;
    case StoreValueKind.Bytes:
      payload = BigInt(mem.writeTypedBytes(v.value));
      break;
    case StoreValueKind.BigInt:
      payload = BigInt(writeBigInt(mem, v.value));
      break;
    case StoreValueKind.Int8:
    case StoreValueKind.Timestamp:
      payload = BigInt.asUintN(64, v.value);
      break;
  }
  return mem.writeEnum(v.kind, payload, TypeId.StoreValue);
}

/** graph-ts `Entity` (a `TypedMap<string, Value>`): entries of (key, value). */
export function readEntity(mem: AscMemory, ptr: number): EntityData {
  const data: EntityData = new Map();
  for (const entry of mem.readPointerArray(mem.u32(ptr))) {
    data.set(mem.readString(mem.u32(entry)), readStoreValue(mem, mem.u32(entry + 4)));
  }
  return data;
}

export function writeEntity(mem: AscMemory, data: EntityData): number {
  const entries: number[] = [];
  for (const [key, value] of data) {
    const k = mem.writeString(key);
    const v = writeStoreValue(mem, value);
    entries.push(mem.writeObject([k, v], TypeId.TypedMapEntryStringStoreValue));
  }
  const array = mem.writePointerArray(entries, TypeId.ArrayTypedMapEntryStringStoreValue);
  return mem.writeObject([array], TypeId.TypedMapStringStoreValue);
}

export function writeEthereumValue(mem: AscMemory, v: EthereumValue): number {
  let payload: bigint;
  switch (v.kind) {
    case EthereumValueKind.Address:
    case EthereumValueKind.FixedBytes:
    case EthereumValueKind.Bytes:
      payload = BigInt(mem.writeTypedBytes(v.value));
      break;
    case EthereumValueKind.Int:
    case EthereumValueKind.Uint:
      payload = BigInt(writeBigInt(mem, v.value));
      break;
    case EthereumValueKind.Bool:
      payload = v.value ? 1n : 0n;
      break;
    case EthereumValueKind.String:
      payload = BigInt(mem.writeString(v.value));
      break;
    case EthereumValueKind.FixedArray:
    case EthereumValueKind.Array:
    case EthereumValueKind.Tuple:
      payload = BigInt(
        mem.writePointerArray(
          v.value.map((item) => writeEthereumValue(mem, item)),
          TypeId.ArrayEthereumValue,
        ),
      );
      break;
  }
  return mem.writeEnum(v.kind, payload, TypeId.EthereumValue);
}

// ---- helpers ---------------------------------------------------------------------------------

const BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

export function base58(bytes: Uint8Array): string {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  let out = "";
  while (n > 0n) {
    out = BASE58[Number(n % 58n)] + out;
    n /= 58n;
  }
  for (const b of bytes) {
    if (b !== 0) break;
    out = "1" + out;
  }
  return out;
}

const utf8 = new TextDecoder("utf-8", { fatal: false });
// eslint-disable-next-line no-control-regex -- NUL padding is exactly what graph-node trims
const TRAILING_NULS = /\u0000+$/;

function hexMagnitude(n: bigint): string {
  if (n === 0n) return "0x0";
  return "0x" + (n < 0n ? -n : n).toString(16);
}

function parseBigIntDecimal(s: string): bigint {
  if (!/^[+-]?\d+$/.test(s))
    throw new MappingError(`failed to parse BigInt from ${JSON.stringify(s)}`);
  return BigInt(s);
}

// ---- the imports ---------------------------------------------------------------------------

/**
 * Host functions by import name (the part after the module name, e.g. `store.set`).
 * `mem()` returns the memory of the instance being run (set once it is instantiated).
 */
export function hostFunctions(ctx: HostContext, mem: () => AscMemory): Record<string, HostFn> {
  const str = (p: number) => mem().readString(p);
  const bytes = (p: number) => mem().readTypedBytes(p);
  const big = (p: number) => readBigInt(mem(), p);
  const dec = (p: number) => readBigDecimal(mem(), p);
  const outBig = (n: bigint) => writeBigInt(mem(), n);
  const outDec = (d: BigDecimal) => writeBigDecimal(mem(), d);
  const wrap = <T>(f: () => T): T => {
    try {
      return f();
    } catch (e) {
      if (e instanceof MappingError) throw e;
      throw new MappingError((e as Error).message);
    }
  };
  const divisor = (x: bigint, y: bigint) => {
    if (y === 0n) throw new MappingError(`attempted to divide BigInt \`${x}\` by zero`);
    return y;
  };

  return {
    abort: (message, file, line, column) => {
      const m = mem();
      const msg = m.readNullableString(message);
      const fileName = m.readNullableString(file);
      const location =
        fileName === null
          ? "an unknown location"
          : line === 0
            ? fileName
            : column === 0
              ? `${fileName}, line ${line}`
              : `${fileName}, line ${line}, column ${column}`;
      throw new MappingError(
        `Mapping aborted at ${location}, with ${msg === null ? "no message" : `message: ${msg}`}`,
        { file: fileName, line, column },
      );
    },

    // store
    "store.get": (entity, id) =>
      wrap(() => {
        const e = ctx.store.peek(str(entity), str(id));
        return e === null ? 0 : writeEntity(mem(), e);
      }),
    "store.get_in_block": (entity, id) =>
      wrap(() => {
        const e = ctx.store.getInBlock(str(entity), str(id));
        return e === null ? 0 : writeEntity(mem(), e);
      }),
    "store.set": (entity, id, data) =>
      wrap(() => ctx.store.set(str(entity), str(id), readEntity(mem(), data))),
    "store.remove": (entity, id) => wrap(() => ctx.store.remove(str(entity), str(id))),
    "store.loadRelated": (entity, id, field) =>
      wrap(() => {
        const related = ctx.store.loadRelated(str(entity), str(id), str(field));
        const m = mem();
        return m.writePointerArray(
          related.map((e) => writeEntity(m, e)),
          TypeId.ArrayStoreValue,
        );
      }),

    // type conversions
    "typeConversion.bytesToString": (p) =>
      mem().writeString(utf8.decode(bytes(p)).replace(TRAILING_NULS, "")),
    "typeConversion.bytesToHex": (p) => mem().writeString(bytesToHex(bytes(p))),
    "typeConversion.bigIntToString": (p) => mem().writeString(big(p).toString()),
    "typeConversion.bigIntToHex": (p) => mem().writeString(hexMagnitude(big(p))),
    "typeConversion.stringToH160": (p) =>
      wrap(() => {
        const s = str(p);
        const hex = s.startsWith("0x") ? s.slice(2) : s;
        if (!/^[0-9a-fA-F]{40}$/.test(hex)) {
          throw new MappingError(`Failed to convert string to Address/H160: '${s}'`);
        }
        return mem().writeTypedBytes(Uint8Array.from(Buffer.from(hex, "hex")));
      }),
    "typeConversion.bytesToBase58": (p) => mem().writeString(base58(bytes(p))),

    // BigInt
    "bigInt.plus": (a, b) => outBig(big(a) + big(b)),
    "bigInt.minus": (a, b) => outBig(big(a) - big(b)),
    "bigInt.times": (a, b) => outBig(big(a) * big(b)),
    "bigInt.dividedBy": (a, b) => {
      const x = big(a);
      return outBig(x / divisor(x, big(b)));
    },
    "bigInt.dividedByDecimal": (a, b) =>
      wrap(() => outDec(BigDecimal.fromBigInt(big(a)).dividedBy(dec(b)))),
    "bigInt.mod": (a, b) => {
      const x = big(a);
      return outBig(x % divisor(x, big(b)));
    },
    "bigInt.pow": (a, exp) => outBig(big(a) ** BigInt(exp & 0xff)),
    "bigInt.fromString": (s) => wrap(() => outBig(parseBigIntDecimal(str(s)))),
    "bigInt.bitOr": (a, b) => outBig(big(a) | big(b)),
    "bigInt.bitAnd": (a, b) => outBig(big(a) & big(b)),
    "bigInt.leftShift": (a, bits) => outBig(big(a) << BigInt(bits & 0xff)),
    "bigInt.rightShift": (a, bits) => outBig(big(a) >> BigInt(bits & 0xff)),

    // BigDecimal
    "bigDecimal.plus": (a, b) => outDec(dec(a).plus(dec(b))),
    "bigDecimal.minus": (a, b) => outDec(dec(a).minus(dec(b))),
    "bigDecimal.times": (a, b) => outDec(dec(a).times(dec(b))),
    "bigDecimal.dividedBy": (a, b) => wrap(() => outDec(dec(a).dividedBy(dec(b)))),
    "bigDecimal.equals": (a, b) => (dec(a).equals(dec(b)) ? 1 : 0),
    "bigDecimal.toString": (p) => mem().writeString(dec(p).toString()),
    "bigDecimal.fromString": (p) => wrap(() => outDec(BigDecimal.fromString(str(p)))),

    // crypto
    "crypto.keccak256": (p) =>
      mem().writeTypedBytes(Uint8Array.from(Buffer.from(keccak256(bytes(p)).slice(2), "hex"))),

    // logging
    "log.log": (level, message) => {
      const text = str(message);
      ctx.logs.push({ level: level as LogLevel, message: text, dataSource: ctx.dataSource.name });
      if (ctx.echoLogs)
        console.log(`[${LogLevel[level] ?? level}] ${ctx.dataSource.name}: ${text}`);
      if (level === LogLevel.Critical) {
        throw new MappingError(`Critical error logged in mapping with log message: ${text}`);
      }
    },

    // data source
    "dataSource.address": () => mem().writeTypedBytes(ctx.dataSource.address),
    "dataSource.network": () => mem().writeString(ctx.dataSource.network),
    "dataSource.context": () => writeEntity(mem(), ctx.dataSource.context ?? new Map()),
  };
}

/**
 * The import object for a module: every function it imports, by its import name. A function the
 * harness does not implement fails when (and only when) the mapping calls it.
 */
export function buildImports(
  module: WebAssembly.Module,
  ctx: HostContext,
  mem: () => AscMemory,
): WebAssembly.Imports {
  const fns = hostFunctions(ctx, mem);
  const imports: Record<string, Record<string, HostFn>> = {};
  for (const imp of WebAssembly.Module.imports(module)) {
    if (imp.kind !== "function") continue;
    const impl =
      fns[imp.name] ??
      (() => {
        throw new MappingError(`host function \`${imp.name}\` is not implemented by the harness`);
      });
    (imports[imp.module] ??= {})[imp.name] = impl;
  }
  return imports;
}
