/** A least-recently-used cache bounded by the total byte size of its values. */
export class ByteLru {
  private readonly entries = new Map<string, Uint8Array>();
  private used = 0;

  /** @param maxBytes capacity; 0 disables the cache. Values larger than this are not cached. */
  constructor(readonly maxBytes: number) {
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 0)
      throw new RangeError(`cache size must be >= 0 bytes, got ${maxBytes}`);
  }

  /** Bytes currently held. */
  get bytes(): number {
    return this.used;
  }

  /** Entries currently held. */
  get size(): number {
    return this.entries.size;
  }

  /** The value under `key` (marked most recently used), or undefined. */
  get(key: string): Uint8Array | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** Stores `value`, evicting the least recently used entries until it fits. */
  set(key: string, value: Uint8Array): void {
    if (value.length > this.maxBytes) return;
    this.delete(key);
    while (this.used + value.length > this.maxBytes) {
      const oldest = this.entries.keys().next().value as string;
      this.delete(oldest);
    }
    this.entries.set(key, value);
    this.used += value.length;
  }

  delete(key: string): void {
    const value = this.entries.get(key);
    if (value === undefined) return;
    this.entries.delete(key);
    this.used -= value.length;
  }
}
