/**
 * Channel code of the watermark: 64 payload bits + CRC-24 (error detection), protected by a
 * rate-1/2 convolutional code of constraint length 7 (generators 171/133 octal, free distance 10)
 * decoded with a soft-decision Viterbi decoder (error correction).
 *
 * Frame: payload (64) | CRC-24 (24) | 6 zero tail bits -> 94 input bits -> 188 coded bits.
 * The decoder returns the payload only when the CRC matches; a frame it cannot correct is
 * reported as `null` (a CRC-24 lets a random frame through with probability 2^-24).
 */
import { AuteurInputError } from "../../errors.js";

export const PAYLOAD_BITS = 64;
export const CRC_BITS = 24;
export const CONSTRAINT_LENGTH = 7;
const MEMORY = CONSTRAINT_LENGTH - 1;
const STATES = 1 << MEMORY;
/** Information bits entering the encoder, tail included. */
export const FRAME_BITS = PAYLOAD_BITS + CRC_BITS + MEMORY;
/** Coded bits per frame. */
export const CODED_BITS = 2 * FRAME_BITS;
const G0 = 0o171;
const G1 = 0o133;
/** CRC-24 generator (the OpenPGP polynomial, RFC 4880), initial value 0xB704CE. */
export const CRC24_POLY = 0x864cfb;
const CRC24_INIT = 0xb704ce;

/**
 * Normalises a payload (16 hex characters, optionally `0x`-prefixed, or a bigint in [0, 2^64)) to
 * 16 lowercase hex characters.
 * @throws AuteurInputError `WATERMARK_BAD_PAYLOAD`
 */
export function normalizePayload(payload: string | bigint): string {
  if (typeof payload === "bigint") {
    if (payload >= 0n && payload < 1n << 64n) return payload.toString(16).padStart(16, "0");
  } else if (typeof payload === "string") {
    const text = payload.trim().replace(/^0x/i, "");
    if (/^[0-9a-fA-F]{16}$/.test(text)) return text.toLowerCase();
  }
  throw new AuteurInputError(
    "WATERMARK_BAD_PAYLOAD",
    "The watermark payload must be 16 hex characters (64 bits) or a bigint below 2^64.",
    {
      details: { payload: String(payload) },
      hints: ["Pass e.g. a work id as 16 hex digits: 00000000000004d2, or a hash prefix."],
    },
  );
}

/** Bits of a 16-hex payload, most significant first. */
export function payloadToBits(hex: string): Uint8Array {
  const bits = new Uint8Array(PAYLOAD_BITS);
  const value = BigInt("0x" + hex);
  for (let i = 0; i < PAYLOAD_BITS; i++)
    bits[i] = Number((value >> BigInt(PAYLOAD_BITS - 1 - i)) & 1n);
  return bits;
}

/** Inverse of {@link payloadToBits}. */
export function bitsToPayload(bits: ArrayLike<number>): string {
  let value = 0n;
  for (let i = 0; i < PAYLOAD_BITS; i++) value = (value << 1n) | BigInt(bits[i] & 1);
  return value.toString(16).padStart(16, "0");
}

/** CRC-24 (OpenPGP) over a bit string, MSB-first. */
export function crc24(bits: ArrayLike<number>, length = bits.length): number {
  let crc = CRC24_INIT;
  for (let i = 0; i < length; i++) {
    const top = ((crc >> 23) & 1) ^ (bits[i] & 1);
    crc = (crc << 1) & 0xffffff;
    if (top) crc ^= CRC24_POLY;
  }
  return crc;
}

function parity(x: number): number {
  x ^= x >> 4;
  x ^= x >> 2;
  x ^= x >> 1;
  return x & 1;
}

/** Output pair of the encoder for `state` (previous 6 bits, newest in bit 5) and `input`. */
function branchOutput(state: number, input: number): [number, number] {
  const register = (input << MEMORY) | state;
  return [parity(register & G0), parity(register & G1)];
}

/** Builds the 88-bit message (payload + CRC), tail not included. */
export function frameBits(payloadHex: string): Uint8Array {
  const frame = new Uint8Array(FRAME_BITS);
  frame.set(payloadToBits(payloadHex), 0);
  const crc = crc24(frame, PAYLOAD_BITS);
  for (let i = 0; i < CRC_BITS; i++) frame[PAYLOAD_BITS + i] = (crc >> (CRC_BITS - 1 - i)) & 1;
  return frame; // the last MEMORY bits stay 0: the tail that returns the encoder to state 0
}

/** Convolutional encoding of a full frame (tail included): 2 coded bits per input bit. */
export function convolutionalEncode(frame: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(2 * frame.length);
  let state = 0;
  for (let i = 0; i < frame.length; i++) {
    const [a, b] = branchOutput(state, frame[i] & 1);
    out[2 * i] = a;
    out[2 * i + 1] = b;
    state = ((frame[i] & 1) << (MEMORY - 1)) | (state >> 1);
  }
  return out;
}

/** Encodes a payload into its {@link CODED_BITS} coded bits. */
export function encodePayload(payloadHex: string): Uint8Array {
  return convolutionalEncode(frameBits(payloadHex));
}

const TRELLIS = (() => {
  // For each next state: the two (previous state, input, output symbol signs) that lead to it.
  const table: { prev: number; out0: number; out1: number }[][] = Array.from(
    { length: STATES },
    () => [],
  );
  for (let state = 0; state < STATES; state++) {
    for (let input = 0; input < 2; input++) {
      const next = (input << (MEMORY - 1)) | (state >> 1);
      const [a, b] = branchOutput(state, input);
      table[next].push({ prev: state, out0: 1 - 2 * a, out1: 1 - 2 * b });
    }
  }
  return table;
})();

/**
 * Soft-decision Viterbi decoding. `soft[i] > 0` means coded bit i is more likely 0, `< 0` more
 * likely 1, the magnitude is the reliability. The trellis is terminated (starts and ends in
 * state 0). Returns the decoded frame bits (tail included).
 */
export function viterbiDecode(soft: ArrayLike<number>): Uint8Array {
  const steps = soft.length >> 1;
  let metric = new Float64Array(STATES).fill(-Infinity);
  metric[0] = 0;
  let nextMetric = new Float64Array(STATES);
  const decisions = new Uint8Array(steps * STATES); // which predecessor (0/1) won
  for (let t = 0; t < steps; t++) {
    const s0 = soft[2 * t];
    const s1 = soft[2 * t + 1];
    for (let next = 0; next < STATES; next++) {
      const [p, q] = TRELLIS[next];
      const mp = metric[p.prev] + p.out0 * s0 + p.out1 * s1;
      const mq = metric[q.prev] + q.out0 * s0 + q.out1 * s1;
      if (mq > mp) {
        nextMetric[next] = mq;
        decisions[t * STATES + next] = 1;
      } else {
        nextMetric[next] = mp;
        decisions[t * STATES + next] = 0;
      }
    }
    [metric, nextMetric] = [nextMetric, metric];
  }
  const bits = new Uint8Array(steps);
  let state = 0;
  for (let t = steps - 1; t >= 0; t--) {
    bits[t] = (state >> (MEMORY - 1)) & 1; // the input bit that entered at step t
    state = TRELLIS[state][decisions[t * STATES + state]].prev;
  }
  return bits;
}

/** Result of decoding one frame. */
export type DecodeResult = { payload: string | null; frame: Uint8Array };

/**
 * Decodes soft coded bits to a payload, or `null` when the CRC-24 or the tail does not check.
 */
export function decodePayload(soft: ArrayLike<number>): DecodeResult {
  const frame = viterbiDecode(soft);
  for (let i = PAYLOAD_BITS + CRC_BITS; i < FRAME_BITS; i++)
    if (frame[i] !== 0) return { payload: null, frame };
  let crc = 0;
  for (let i = 0; i < CRC_BITS; i++) crc = (crc << 1) | frame[PAYLOAD_BITS + i];
  if (crc !== crc24(frame, PAYLOAD_BITS)) return { payload: null, frame };
  return { payload: bitsToPayload(frame), frame };
}
