/**
 * Values as the harness store keeps them, and the integer encodings the mapping runtime uses.
 *
 * Reference: graph-node `graph/src/data/store/mod.rs` (`Value`, `ValueType`) and graph-ts 0.38
 * `common/value.ts` (`ValueKind`): the store value kinds and their numbering match graph-ts.
 */
import { BigDecimal } from "./bigdecimal.js";

/** graph-ts `ValueKind` (common/value.ts, graph-ts 0.38). */
export enum StoreValueKind {
  String = 0,
  Int = 1,
  BigDecimal = 2,
  Bool = 3,
  Array = 4,
  Null = 5,
  Bytes = 6,
  BigInt = 7,
  Int8 = 8,
  Timestamp = 9,
}

export type StoreValue =
  | { kind: StoreValueKind.String; value: string }
  | { kind: StoreValueKind.Int; value: number }
  | { kind: StoreValueKind.BigDecimal; value: BigDecimal }
  | { kind: StoreValueKind.Bool; value: boolean }
  | { kind: StoreValueKind.Array; value: StoreValue[] }
  | { kind: StoreValueKind.Null }
  | { kind: StoreValueKind.Bytes; value: Uint8Array }
  | { kind: StoreValueKind.BigInt; value: bigint }
  | { kind: StoreValueKind.Int8; value: bigint }
  | { kind: StoreValueKind.Timestamp; value: bigint };

/** An entity: field name to value (the `id` field included). */
export type EntityData = Map<string, StoreValue>;

/** graph-ts `ethereum.ValueKind` (chain/ethereum.ts). */
export enum EthereumValueKind {
  Address = 0,
  FixedBytes = 1,
  Bytes = 2,
  Int = 3,
  Uint = 4,
  Bool = 5,
  String = 6,
  FixedArray = 7,
  Array = 8,
  Tuple = 9,
}

export type EthereumValue =
  | {
      kind: EthereumValueKind.Address | EthereumValueKind.FixedBytes | EthereumValueKind.Bytes;
      value: Uint8Array;
    }
  | { kind: EthereumValueKind.Int | EthereumValueKind.Uint; value: bigint }
  | { kind: EthereumValueKind.Bool; value: boolean }
  | { kind: EthereumValueKind.String; value: string }
  | {
      kind: EthereumValueKind.FixedArray | EthereumValueKind.Array | EthereumValueKind.Tuple;
      value: EthereumValue[];
    };

/**
 * A bigint as the runtime's BigInt bytes: two's complement, little endian, the fewest bytes that
 * keep the sign (num-bigint `to_signed_bytes_le`, which graph-node uses): 0 -> [0x00],
 * 128 -> [0x80, 0x00], -1 -> [0xff], -129 -> [0x7f, 0xff].
 */
const SMALL = 1n << 48n;

export function bigintToSignedLE(n: bigint): Uint8Array {
  if (n < SMALL && n > -SMALL) {
    // fast path in float arithmetic, exact below 2^53
    let v = Number(n);
    const out: number[] = [];
    for (;;) {
      const byte = ((v % 256) + 256) % 256;
      out.push(byte);
      v = (v - byte) / 256;
      if ((v === 0 && (byte & 0x80) === 0) || (v === -1 && (byte & 0x80) !== 0)) break;
    }
    return Uint8Array.from(out);
  }
  if (n >= 0n) {
    let hex = n.toString(16);
    if (hex.length % 2) hex = "0" + hex;
    // a set top bit would read as negative: add a 0x00 sign byte
    if (parseInt(hex.slice(0, 2), 16) & 0x80) hex = "00" + hex;
    return Uint8Array.from(Buffer.from(hex, "hex").reverse());
  }
  // negative: the smallest byte count whose two's complement range holds n
  let bytes = 1;
  while (n < -(1n << BigInt(bytes * 8 - 1))) bytes++;
  const hex = ((1n << BigInt(bytes * 8)) + n).toString(16).padStart(bytes * 2, "0");
  return Uint8Array.from(Buffer.from(hex, "hex").reverse());
}

/** Reads two's complement little-endian bytes (an empty array is 0, as in num-bigint). */
export function signedLEToBigint(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  if (bytes.length <= 6) {
    let v = 0;
    for (let i = bytes.length - 1; i >= 0; i--) v = v * 256 + bytes[i];
    if (bytes[bytes.length - 1] & 0x80) v -= 2 ** (bytes.length * 8);
    return BigInt(v);
  }
  let hex = "0x";
  for (let i = bytes.length - 1; i >= 0; i--)
    hex += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
  let v = BigInt(hex);
  if (bytes[bytes.length - 1] & 0x80) v -= 1n << BigInt(bytes.length * 8);
  return v;
}

export function bytesToHex(bytes: Uint8Array): string {
  return "0x" + Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

export function hexToBytes(hex: string): Uint8Array {
  const clean = hex.startsWith("0x") || hex.startsWith("0X") ? hex.slice(2) : hex;
  const out = Buffer.from(clean, "hex");
  // Buffer.from stops at the first non-hex pair: a shorter result means a malformed string
  if (clean.length % 2 !== 0 || out.length * 2 !== clean.length) {
    throw new Error(`not an even-length hex string: ${hex}`);
  }
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}

/** Structural equality of store values (graph-node compares `Value`s with `==`). */
export function valuesEqual(a: StoreValue, b: StoreValue): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case StoreValueKind.Null:
      return true;
    case StoreValueKind.Bytes:
      return Buffer.from((b as { value: Uint8Array }).value).equals(Buffer.from(a.value));
    case StoreValueKind.BigDecimal:
      return a.value.equals((b as { value: BigDecimal }).value);
    case StoreValueKind.Array: {
      const other = (b as { value: StoreValue[] }).value;
      return a.value.length === other.length && a.value.every((v, i) => valuesEqual(v, other[i]));
    }
    default:
      return a.value === (b as { value: unknown }).value;
  }
}

/** A readable rendering for error messages. */
export function showValue(v: StoreValue): string {
  switch (v.kind) {
    case StoreValueKind.Null:
      return "null";
    case StoreValueKind.Bytes:
      return bytesToHex(v.value);
    case StoreValueKind.BigDecimal:
      return v.value.toString();
    case StoreValueKind.Array:
      return `[${v.value.map(showValue).join(", ")}]`;
    case StoreValueKind.String:
      return JSON.stringify(v.value);
    default:
      return String(v.value);
  }
}
