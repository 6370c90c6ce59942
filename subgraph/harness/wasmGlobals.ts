/**
 * Rewrites a compiled mapping so that every mutable global it defines is exported
 * (`__harness_global_<index>`). With the globals reachable from JS, the runtime can reset one
 * instance to its state right after `_start` (memory bytes and globals) before each trigger,
 * which is observably the same as graph-node's fresh instance per trigger and far cheaper than
 * instantiating the module again (see runtime.ts).
 *
 * Only the import, global and export sections are read (WebAssembly core spec, binary format,
 * sections 5.5.5, 5.5.9, 5.5.10); everything else is copied byte for byte.
 */

function readU32(bytes: Uint8Array, pos: number): [number, number] {
  let result = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[pos++];
    result |= (b & 0x7f) << shift;
    if ((b & 0x80) === 0) return [result >>> 0, pos];
    shift += 7;
  }
}

function writeU32(n: number): number[] {
  const out: number[] = [];
  let v = n >>> 0;
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
  return out;
}

function skipName(bytes: Uint8Array, pos: number): number {
  const [len, p] = readU32(bytes, pos);
  return p + len;
}

function skipLimits(bytes: Uint8Array, pos: number): number {
  const flag = bytes[pos++];
  let p = readU32(bytes, pos)[1];
  if (flag & 1) p = readU32(bytes, p)[1];
  return p;
}

/** Skips a constant expression up to and including its `end` (0x0b). */
function skipConstExpr(bytes: Uint8Array, pos: number): number {
  let p = pos;
  for (;;) {
    const op = bytes[p++];
    if (op === 0x0b) return p;
    if (op === 0x41 || op === 0x42 || op === 0x23 || op === 0xd2) {
      // i32.const / i64.const (signed LEB: skip continuation bytes), global.get, ref.func
      while (bytes[p++] & 0x80);
    } else if (op === 0x43) p += 4;
    else if (op === 0x44) p += 8;
    else if (op === 0xd0)
      p += 1; // ref.null t
    else throw new Error(`unsupported opcode 0x${op.toString(16)} in a constant expression`);
  }
}

export const GLOBAL_EXPORT_PREFIX = "__harness_global_";

/** The module with its mutable globals exported, or null when there are none to export. */
export function exportMutableGlobals(wasm: Uint8Array): Uint8Array | null {
  if (wasm[0] !== 0 || wasm[1] !== 0x61 || wasm[2] !== 0x73 || wasm[3] !== 0x6d) {
    throw new Error("not a WebAssembly module");
  }
  const sections: { id: number; start: number; end: number; contentStart: number }[] = [];
  let pos = 8;
  while (pos < wasm.length) {
    const id = wasm[pos];
    const [size, contentStart] = readU32(wasm, pos + 1);
    sections.push({ id, start: pos, end: contentStart + size, contentStart });
    pos = contentStart + size;
  }
  let importedGlobals = 0;
  const imports = sections.find((s) => s.id === 2);
  if (imports) {
    let [count, p] = readU32(wasm, imports.contentStart);
    while (count-- > 0) {
      p = skipName(wasm, p);
      p = skipName(wasm, p);
      const kind = wasm[p++];
      if (kind === 0) p = readU32(wasm, p)[1];
      else if (kind === 1) p = skipLimits(wasm, p + 1);
      else if (kind === 2) p = skipLimits(wasm, p);
      else if (kind === 3) {
        importedGlobals += 1;
        p += 2;
      } else throw new Error(`unknown import kind ${kind}`);
    }
  }
  const mutable: number[] = [];
  const globals = sections.find((s) => s.id === 6);
  if (globals) {
    const [count, start] = readU32(wasm, globals.contentStart);
    let p = start;
    for (let i = 0; i < count; i++) {
      const isMutable = wasm[p + 1] === 1;
      p = skipConstExpr(wasm, p + 2);
      if (isMutable) mutable.push(importedGlobals + i);
    }
  }
  if (mutable.length === 0) return null;
  const exportSection = sections.find((s) => s.id === 7);
  const extra: number[] = [];
  for (const index of mutable) {
    const name = new TextEncoder().encode(GLOBAL_EXPORT_PREFIX + index);
    extra.push(...writeU32(name.length), ...name, 0x03, ...writeU32(index));
  }
  let newContent: number[];
  if (exportSection) {
    const [count, p] = readU32(wasm, exportSection.contentStart);
    newContent = [
      ...writeU32(count + mutable.length),
      ...wasm.slice(p, exportSection.end),
      ...extra,
    ];
  } else {
    newContent = [...writeU32(mutable.length), ...extra];
  }
  const section = [7, ...writeU32(newContent.length), ...newContent];
  const out: number[] = [...wasm.slice(0, 8)];
  let inserted = false;
  for (const s of sections) {
    if (s.id === 7) {
      out.push(...section);
      inserted = true;
      continue;
    }
    // a new export section goes before the first section that follows exports (start = 8, ...)
    if (!inserted && !exportSection && s.id !== 0 && s.id > 7) {
      out.push(...section);
      inserted = true;
    }
    for (let i = s.start; i < s.end; i++) out.push(wasm[i]);
  }
  if (!inserted) out.push(...section);
  return Uint8Array.from(out);
}
