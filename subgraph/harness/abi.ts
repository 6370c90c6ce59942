/**
 * A small ABI decoder for event logs that produces the runtime's `ethereum.Value`s directly
 * (Solidity ABI spec: head/tail encoding). It replaces ethers' `decodeEventLog` on the hot path
 * of the indexer, which builds `Result` objects and checksums every address (a keccak each).
 * Tested against ethers in test/subgraph/host.ts.
 */
import type { ParamType } from "ethers";
import { EthereumValueKind, type EthereumValue } from "./values.js";

function word(data: Uint8Array, offset: number): Uint8Array {
  if (offset + 32 > data.length)
    throw new Error(`ABI data too short: need ${offset + 32} bytes, have ${data.length}`);
  return data.subarray(offset, offset + 32);
}

function toUint(w: Uint8Array): bigint {
  let hex = "";
  for (let i = 0; i < 32; i++) hex += (w[i] < 16 ? "0" : "") + w[i].toString(16);
  return BigInt("0x" + hex);
}

function toSmall(w: Uint8Array): number {
  const n = toUint(w);
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`ABI offset or length too large: ${n}`);
  return Number(n);
}

/** Whether a type is dynamic (encoded in the tail). */
function isDynamic(t: ParamType): boolean {
  if (t.baseType === "string" || t.baseType === "bytes") return true;
  if (t.isArray()) return t.arrayLength === -1 || isDynamic(t.arrayChildren);
  if (t.isTuple()) return t.components.some(isDynamic);
  return false;
}

/** Head size in bytes of a static type. */
function staticSize(t: ParamType): number {
  if (t.isArray()) return t.arrayLength * staticSize(t.arrayChildren);
  if (t.isTuple()) return t.components.reduce((a, c) => a + staticSize(c), 0);
  return 32;
}

function decodeSequence(
  types: readonly ParamType[],
  data: Uint8Array,
  base: number,
): EthereumValue[] {
  const out: EthereumValue[] = [];
  let head = base;
  for (const t of types) {
    if (isDynamic(t)) {
      out.push(decodeValue(t, data, base + toSmall(word(data, head))));
      head += 32;
    } else {
      out.push(decodeValue(t, data, head));
      head += staticSize(t);
    }
  }
  return out;
}

/** Decodes one value of type `t` at `offset` of `data`. */
export function decodeValue(t: ParamType, data: Uint8Array, offset: number): EthereumValue {
  if (t.isTuple()) {
    return { kind: EthereumValueKind.Tuple, value: decodeSequence(t.components, data, offset) };
  }
  if (t.isArray()) {
    let length = t.arrayLength;
    let start = offset;
    if (length === -1) {
      length = toSmall(word(data, offset));
      start = offset + 32;
    }
    const items = decodeSequence(Array<ParamType>(length).fill(t.arrayChildren), data, start);
    return {
      kind: t.arrayLength === -1 ? EthereumValueKind.Array : EthereumValueKind.FixedArray,
      value: items,
    };
  }
  const base = t.baseType;
  if (base === "string" || base === "bytes") {
    const length = toSmall(word(data, offset));
    if (offset + 32 + length > data.length) throw new Error("ABI data too short for a bytes value");
    const bytes = data.slice(offset + 32, offset + 32 + length);
    return base === "string"
      ? { kind: EthereumValueKind.String, value: new TextDecoder().decode(bytes) }
      : { kind: EthereumValueKind.Bytes, value: bytes };
  }
  const w = word(data, offset);
  if (base === "address") return { kind: EthereumValueKind.Address, value: w.slice(12) };
  if (base === "bool") return { kind: EthereumValueKind.Bool, value: w[31] !== 0 };
  if (base.startsWith("bytes")) {
    return { kind: EthereumValueKind.FixedBytes, value: w.slice(0, Number(base.slice(5))) };
  }
  if (base.startsWith("uint")) return { kind: EthereumValueKind.Uint, value: toUint(w) };
  if (base.startsWith("int")) {
    const bits = Number(base.slice(3) || "256");
    return { kind: EthereumValueKind.Int, value: BigInt.asIntN(bits, toUint(w)) };
  }
  throw new Error(`unsupported ABI type ${t.format()}`);
}

/**
 * An event's parameters in declaration order: indexed ones from the topics (a dynamic indexed
 * value is its topic, the keccak of its encoding, as FixedBytes: what graph-node passes), the
 * others from the data.
 */
export function decodeEventParameters(
  inputs: readonly ParamType[],
  topics: Uint8Array[],
  data: Uint8Array,
): EthereumValue[] {
  const nonIndexed = inputs.filter((p) => !p.indexed);
  const decoded = decodeSequence(nonIndexed, data, 0);
  const out: EthereumValue[] = [];
  let topic = 1;
  let d = 0;
  for (const input of inputs) {
    if (!input.indexed) out.push(decoded[d++]);
    else if (isDynamic(input) || input.isTuple() || input.isArray()) {
      out.push({ kind: EthereumValueKind.FixedBytes, value: topics[topic++] });
    } else out.push(decodeValue(input, topics[topic++], 0));
  }
  return out;
}
