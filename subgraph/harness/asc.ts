/**
 * Reading and writing AssemblyScript objects in a mapping's linear memory.
 *
 * Layouts follow graph-node's `runtime/wasm/src/asc_abi` for apiVersion >= 0.0.5 (graph-node
 * v0.35, `asc_abi/v0_0_5.rs` and `class.rs`), i.e. AssemblyScript 0.19 with the stub runtime that
 * graph-cli compiles with (`--runtime stub --exportRuntime --explicitStart`):
 * - every managed object has a 20-byte header before its pointer; the runtime type id is the u32
 *   at `ptr - 8` and the payload size in bytes the u32 at `ptr - 4`;
 * - `String`: UTF-16LE code units, length = size / 2;
 * - `ArrayBuffer`: raw bytes;
 * - typed arrays (`Uint8Array`, so `Bytes`, `Address`, `BigInt`): `buffer`, `dataStart`,
 *   `byteLength` (3 x u32);
 * - `Array<T>`: `buffer`, `dataStart`, `byteLength`, `length` (4 x u32), elements of 4 bytes for
 *   references;
 * - classes: fields in declaration order, each aligned to its size; enums (`Value`,
 *   `ethereum.Value`) are `kind: u32`, 4 bytes padding, `payload: u64` (16 bytes).
 * Objects are allocated with the module's exported `__new(size, classId)`; class ids come from the
 * exported `id_of_type(TypeId)` (graph-ts `global/global.ts`, `TypeId`). The stub runtime never
 * collects, so nothing needs pinning.
 */

/** graph-ts `TypeId` values the harness allocates (global/global.ts, graph-ts 0.38). */
export enum TypeId {
  String = 0,
  ArrayBuffer = 1,
  Uint8Array = 6,
  BigDecimal = 12,
  ArrayUint8Array = 14,
  ArrayEthereumValue = 15,
  ArrayStoreValue = 16,
  ArrayString = 18,
  ArrayEventParam = 19,
  ArrayTypedMapEntryStringStoreValue = 21,
  EventParam = 23,
  EthereumTransaction = 24,
  EthereumBlock = 25,
  WrappedBool = 28,
  EthereumValue = 30,
  StoreValue = 31,
  EthereumEvent = 33,
  TypedMapEntryStringStoreValue = 34,
  TypedMapStringStoreValue = 36,
  TransactionReceipt = 1000,
  Log = 1001,
  ArrayH256 = 1002,
  ArrayLog = 1003,
}

export interface AscExports {
  memory: WebAssembly.Memory;
  __new(size: number, id: number): number;
  id_of_type(typeId: number): number;
  _start?: () => void;
}

const utf16 = new TextDecoder("utf-16le");

export class AscMemory {
  private readonly classIds = new Map<number, number>();

  constructor(private readonly exports: AscExports) {}

  private cachedBuffer: ArrayBuffer | null = null;
  private cachedView: DataView | null = null;
  private cachedBytes: Uint8Array | null = null;

  private refresh(): void {
    // __new may grow the memory, which detaches the old buffer: views follow the current one
    // growing the memory detaches the previous buffer (its byteLength becomes 0)
    if (this.cachedBuffer !== null && this.cachedBuffer.byteLength !== 0) return;
    const buffer = this.exports.memory.buffer;
    if (buffer !== this.cachedBuffer) {
      this.cachedBuffer = buffer;
      this.cachedView = new DataView(buffer);
      this.cachedBytes = new Uint8Array(buffer);
    }
  }

  private get view(): DataView {
    this.refresh();
    return this.cachedView!;
  }

  private get bytes(): Uint8Array {
    this.refresh();
    return this.cachedBytes!;
  }

  u32(ptr: number): number {
    return this.view.getUint32(ptr, true);
  }

  i32(ptr: number): number {
    return this.view.getInt32(ptr, true);
  }

  u64(ptr: number): bigint {
    return this.view.getBigUint64(ptr, true);
  }

  setU32(ptr: number, value: number): void {
    this.view.setUint32(ptr, value >>> 0, true);
  }

  setU64(ptr: number, value: bigint): void {
    this.view.setBigUint64(ptr, BigInt.asUintN(64, value), true);
  }

  /** Payload size of a managed object (the header's rtSize). */
  size(ptr: number): number {
    return this.u32(ptr - 4);
  }

  classId(typeId: TypeId): number {
    let id = this.classIds.get(typeId);
    if (id === undefined) {
      id = this.exports.id_of_type(typeId);
      this.classIds.set(typeId, id);
    }
    return id;
  }

  alloc(size: number, typeId: TypeId): number {
    return this.exports.__new(size, this.classId(typeId));
  }

  // ---- reading -------------------------------------------------------------------------------

  readString(ptr: number): string {
    const size = this.size(ptr);
    if (size <= 64) {
      const view = this.view;
      let out = "";
      for (let i = 0; i < size; i += 2) out += String.fromCharCode(view.getUint16(ptr + i, true));
      return out;
    }
    return utf16.decode(this.bytes.subarray(ptr, ptr + size));
  }

  readNullableString(ptr: number): string | null {
    return ptr === 0 ? null : this.readString(ptr);
  }

  readArrayBuffer(ptr: number): Uint8Array {
    return this.bytes.slice(ptr, ptr + this.size(ptr));
  }

  /** A `Uint8Array` (Bytes, Address, BigInt, ByteArray): a copy of its bytes. */
  readTypedBytes(ptr: number): Uint8Array {
    const dataStart = this.u32(ptr + 4);
    const byteLength = this.u32(ptr + 8);
    return this.bytes.slice(dataStart, dataStart + byteLength);
  }

  /** An `Array<T>` of references: the element pointers. */
  readPointerArray(ptr: number): number[] {
    const dataStart = this.u32(ptr + 4);
    const length = this.i32(ptr + 12);
    const out = new Array<number>(length);
    for (let i = 0; i < length; i++) out[i] = this.u32(dataStart + 4 * i);
    return out;
  }

  // ---- writing -------------------------------------------------------------------------------

  writeString(s: string): number {
    const ptr = this.alloc(s.length * 2, TypeId.String);
    const view = this.view;
    for (let i = 0; i < s.length; i++) view.setUint16(ptr + 2 * i, s.charCodeAt(i), true);
    return ptr;
  }

  writeArrayBuffer(data: Uint8Array): number {
    const ptr = this.alloc(data.length, TypeId.ArrayBuffer);
    this.bytes.set(data, ptr);
    return ptr;
  }

  /** A `Uint8Array` view over a fresh buffer (Bytes, Address, BigInt, ByteArray). */
  writeTypedBytes(data: Uint8Array, typeId: TypeId = TypeId.Uint8Array): number {
    const buffer = this.writeArrayBuffer(data);
    const ptr = this.alloc(12, typeId);
    this.setU32(ptr, buffer);
    this.setU32(ptr + 4, buffer);
    this.setU32(ptr + 8, data.length);
    return ptr;
  }

  writePointerArray(pointers: number[], typeId: TypeId): number {
    const buffer = this.alloc(pointers.length * 4, TypeId.ArrayBuffer);
    for (let i = 0; i < pointers.length; i++) this.setU32(buffer + 4 * i, pointers[i]);
    const ptr = this.alloc(16, typeId);
    this.setU32(ptr, buffer);
    this.setU32(ptr + 4, buffer);
    this.setU32(ptr + 8, pointers.length * 4);
    this.setU32(ptr + 12, pointers.length);
    return ptr;
  }

  /** A class instance whose fields are all references (u32 pointers), in declaration order. */
  writeObject(fields: number[], typeId: TypeId): number {
    const ptr = this.alloc(fields.length * 4, typeId);
    for (let i = 0; i < fields.length; i++) this.setU32(ptr + 4 * i, fields[i]);
    return ptr;
  }

  /** An enum object: kind (u32), padding, payload (u64). */
  writeEnum(kind: number, payload: bigint, typeId: TypeId): number {
    const ptr = this.alloc(16, typeId);
    this.setU32(ptr, kind);
    this.setU32(ptr + 4, 0);
    this.setU64(ptr + 8, payload);
    return ptr;
  }
}
