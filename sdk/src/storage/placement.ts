/**
 * Replica placement by XOR distance (Kademlia's metric): a node's key is the SHA-256 of its id, a
 * block's key is the SHA-256 inside its CID, and a block lives on the R nodes whose keys are
 * closest to the block's key. Every client computes the same placement without coordination, and
 * adding or removing a node moves only the blocks for which it is among the closest.
 */
import { createHash } from "node:crypto";

/** 32-byte key of a node id. */
export function nodeKey(id: string): Uint8Array {
  return createHash("sha256").update(id, "utf8").digest();
}

/** XOR of two equal-length keys. */
export function xorDistance(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length !== b.length)
    throw new RangeError(`keys differ in length: ${a.length} and ${b.length}`);
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i += 1) out[i] = a[i] ^ b[i];
  return out;
}

/** Compares two distances as big-endian unsigned integers. */
export function compareDistance(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/**
 * All `nodes` ordered from closest to farthest from `key` (ties, which need a SHA-256 collision
 * of the node ids, fall back to the id so the order is total).
 *
 * @example
 * ```ts
 * const [first, second, third] = byDistance(cid.multihash.digest, backends);
 * ```
 */
export function byDistance<T extends { id: string }>(key: Uint8Array, nodes: readonly T[]): T[] {
  return nodes
    .map((node) => ({ node, distance: xorDistance(key, nodeKey(node.id)) }))
    .sort(
      (x, y) =>
        compareDistance(x.distance, y.distance) ||
        (x.node.id < y.node.id ? -1 : x.node.id > y.node.id ? 1 : 0),
    )
    .map((entry) => entry.node);
}

/** The `r` nodes closest to `key`. */
export function closestNodes<T extends { id: string }>(
  key: Uint8Array,
  nodes: readonly T[],
  r: number,
): T[] {
  return byDistance(key, nodes).slice(0, Math.max(0, r));
}
