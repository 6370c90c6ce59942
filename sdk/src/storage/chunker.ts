/**
 * Fixed-size chunking of a byte stream with bounded memory: at most one partial block is held.
 */

/**
 * Splits `source` into blocks of exactly `size` bytes (the last one may be shorter). A block is
 * either a view of an input chunk (when the chunk holds a whole block) or a fresh buffer; the
 * caller may keep it as long as the source does not reuse its chunks (Node streams do not).
 * `allocate` makes the fresh buffers (default `Buffer.allocUnsafeSlow`).
 *
 * @example
 * ```ts
 * for await (const block of chunkStream(createReadStream(path), 1 << 20)) console.log(block.length);
 * ```
 */
export async function* chunkStream(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  size: number,
  allocate: (size: number) => Uint8Array = (n) => Buffer.allocUnsafeSlow(n),
): AsyncGenerator<Uint8Array> {
  if (!Number.isInteger(size) || size <= 0)
    throw new RangeError(`block size must be a positive integer, got ${size}`);
  let block = allocate(size);
  let filled = 0;
  for await (const chunk of source) {
    let at = 0;
    while (at < chunk.length) {
      if (filled === 0 && chunk.length - at >= size) {
        // A whole block inside the chunk: hand it on without copying (stream chunks belong to
        // their consumer once emitted, so the source does not write into them again).
        yield chunk.subarray(at, at + size);
        at += size;
        continue;
      }
      const take = Math.min(size - filled, chunk.length - at);
      block.set(chunk.subarray(at, at + take), filled);
      filled += take;
      at += take;
      if (filled === size) {
        yield block;
        block = allocate(size);
        filled = 0;
      }
    }
  }
  if (filled > 0) yield block.subarray(0, filled);
}
