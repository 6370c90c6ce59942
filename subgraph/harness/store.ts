/**
 * The entity store with graph-node's write semantics (runtime/wasm/src/host_exports.rs and
 * graph/src/components/store/entity_cache.rs, graph-node v0.35):
 * - writes of a block go to an in-block cache; `get` reads the cache first, then the committed
 *   store; `getInBlock` reads only what this block wrote; the cache is committed at the end of the
 *   block, or dropped when a handler fails (the block is then not indexed);
 * - `set` merges the given fields into the current entity (an update, not a replacement), adds the
 *   `id` (an `id` that differs from the key is an error) and validates the result against the
 *   schema: unknown fields, derived fields, missing non-null fields and wrong value kinds fail;
 * - an immutable entity can be written within the block that creates it, never updated later.
 */
import { BigDecimal } from "./bigdecimal.js";
import type { EntityMeta, FieldMeta, SubgraphSchema } from "./schema.js";
import {
  bytesToHex,
  hexToBytes,
  showValue,
  StoreValueKind,
  valuesEqual,
  type EntityData,
  type StoreValue,
} from "./values.js";

/** A store write the mapping asked for that graph-node would reject (a deterministic error). */
export class StoreError extends Error {
  override name = "StoreError";
}

function cloneEntity(e: EntityData): EntityData {
  return new Map(e);
}

/** The value kind a scalar schema type takes in the store. */
const SCALAR_KIND: Record<string, StoreValueKind> = {
  ID: StoreValueKind.String,
  String: StoreValueKind.String,
  Int: StoreValueKind.Int,
  Boolean: StoreValueKind.Bool,
  BigInt: StoreValueKind.BigInt,
  BigDecimal: StoreValueKind.BigDecimal,
  Bytes: StoreValueKind.Bytes,
  Int8: StoreValueKind.Int8,
  Timestamp: StoreValueKind.Timestamp,
};

export class EntityStore {
  private readonly committed = new Map<string, Map<string, EntityData>>();
  private cache: Map<string, Map<string, EntityData | null>> | null = null;
  /** number of the last committed block (null before the first) */
  latestBlock: { number: bigint; hash: string; timestamp: bigint } | null = null;

  constructor(readonly schema: SubgraphSchema) {
    for (const name of schema.entities.keys()) this.committed.set(name, new Map());
  }

  meta(entityType: string): EntityMeta {
    const meta = this.schema.entities.get(entityType);
    if (!meta) throw new StoreError(`unknown entity type \`${entityType}\``);
    return meta;
  }

  /** The value kind stored for a field (a reference stores the referenced entity's id kind). */
  kindOf(field: FieldMeta): StoreValueKind {
    if (field.isEnum) return StoreValueKind.String;
    const scalar = field.isEntity ? this.meta(field.type).idType : field.type;
    const kind = SCALAR_KIND[scalar];
    if (kind === undefined)
      throw new StoreError(`unsupported type ${scalar} of field ${field.name}`);
    return kind;
  }

  beginBlock(): void {
    if (this.cache !== null) throw new Error("beginBlock: a block is already open");
    this.cache = new Map();
  }

  commitBlock(block: { number: bigint; hash: string; timestamp: bigint }): void {
    if (this.cache === null) throw new Error("commitBlock: no block is open");
    for (const [type, entries] of this.cache) {
      const table = this.committed.get(type)!;
      for (const [id, data] of entries) {
        if (data === null) table.delete(id);
        else table.set(id, data);
      }
    }
    this.cache = null;
    this.latestBlock = block;
  }

  rollbackBlock(): void {
    this.cache = null;
  }

  private openCache(): Map<string, Map<string, EntityData | null>> {
    if (this.cache === null) throw new Error("store written outside a block");
    return this.cache;
  }

  private cached(entityType: string): Map<string, EntityData | null> {
    const cache = this.openCache();
    let m = cache.get(entityType);
    if (!m) {
      m = new Map();
      cache.set(entityType, m);
    }
    return m;
  }

  /** The entity as the mapping sees it now (in-block writes included), or null. */
  get(entityType: string, id: string): EntityData | null {
    const e = this.peek(entityType, id);
    return e === null ? null : cloneEntity(e);
  }

  /** Like `get` without the copy: the caller must not modify the result. */
  peek(entityType: string, id: string): EntityData | null {
    this.meta(entityType);
    const inBlock = this.cache?.get(entityType);
    if (inBlock?.has(id)) return inBlock.get(id)!;
    return this.committed.get(entityType)!.get(id) ?? null;
  }

  /** Only what the current block wrote (graph-ts `Entity.loadInBlock`). */
  getInBlock(entityType: string, id: string): EntityData | null {
    this.meta(entityType);
    const e = this.cache?.get(entityType)?.get(id);
    return e ? cloneEntity(e) : null;
  }

  set(entityType: string, id: string, data: EntityData): void {
    const meta = this.meta(entityType);
    const idValue = data.get("id");
    const expectedIdKind = SCALAR_KIND[meta.idType];
    const keyValue: StoreValue =
      expectedIdKind === StoreValueKind.Bytes
        ? { kind: StoreValueKind.Bytes, value: hexToBytes(id) }
        : expectedIdKind === StoreValueKind.Int8
          ? { kind: StoreValueKind.Int8, value: BigInt(id) }
          : { kind: StoreValueKind.String, value: id };
    if (idValue !== undefined && !valuesEqual(idValue, keyValue)) {
      throw new StoreError(
        `Value of ${entityType} attribute 'id' conflicts with ID passed to \`store.set()\`: ` +
          `${showValue(idValue)} != ${id}`,
      );
    }
    if (meta.immutable && this.committed.get(entityType)!.has(id)) {
      throw new StoreError(`Entity ${entityType}[${id}]: immutable entities can not be updated`);
    }
    const current = this.get(entityType, id);
    const merged: EntityData = current ?? new Map();
    for (const [k, v] of data) merged.set(k, v);
    merged.set("id", keyValue);
    this.validate(meta, id, merged);
    this.cached(entityType).set(id, merged);
  }

  remove(entityType: string, id: string): void {
    this.meta(entityType);
    this.cached(entityType).set(id, null);
  }

  /** Entities of the derived field's type pointing back at `id` (graph-ts `loadRelated`). */
  loadRelated(entityType: string, id: string, fieldName: string): EntityData[] {
    const field = this.meta(entityType).fields.get(fieldName);
    if (!field?.derivedFrom) {
      throw new StoreError(`${entityType}.${fieldName} is not a @derivedFrom field`);
    }
    const target = field.type;
    const back = field.derivedFrom;
    const out: EntityData[] = [];
    const seen = new Set<string>();
    const consider = (eid: string, e: EntityData | null) => {
      if (seen.has(eid)) return;
      seen.add(eid);
      if (e && refersTo(e.get(back), id)) out.push(cloneEntity(e));
    };
    for (const [eid, e] of this.cache?.get(target) ?? []) consider(eid, e);
    for (const [eid, e] of this.committed.get(target)!) consider(eid, e);
    return out;
  }

  private validate(meta: EntityMeta, id: string, data: EntityData): void {
    const where = `Entity ${meta.name}[${id}]`;
    for (const [key, value] of data) {
      const field = meta.fields.get(key);
      if (!field) throw new StoreError(`${where}: unknown field \`${key}\``);
      if (field.derivedFrom) {
        throw new StoreError(`${where}: field \`${key}\` is derived and can not be set`);
      }
      if (value.kind === StoreValueKind.Null) continue;
      const kind = this.kindOf(field);
      if (field.list) {
        if (value.kind !== StoreValueKind.Array) {
          throw new StoreError(
            `${where}: field \`${key}\` must be a list, got ${showValue(value)}`,
          );
        }
        for (const item of value.value) {
          if (item.kind !== kind) {
            throw new StoreError(
              `${where}: field \`${key}\` holds ${showValue(item)}, not ${field.type}`,
            );
          }
        }
      } else if (value.kind !== kind) {
        throw new StoreError(
          `${where}: field \`${key}\` is ${field.type}, got ${showValue(value)}`,
        );
      }
      if (field.isEnum && value.kind === StoreValueKind.String) {
        const allowed = this.schema.enums.get(field.type)!;
        if (!allowed.includes(value.value)) {
          throw new StoreError(`${where}: \`${value.value}\` is not a value of enum ${field.type}`);
        }
      }
    }
    for (const field of meta.fields.values()) {
      if (!field.required || field.derivedFrom) continue;
      const v = data.get(field.name);
      if (v === undefined || v.kind === StoreValueKind.Null) {
        throw new StoreError(`${where}: missing value for non-nullable field \`${field.name}\``);
      }
    }
  }

  // ---- reads for queries and tests (committed state) ------------------------------------------

  /** Committed entities of a type, in insertion order. */
  all(entityType: string): IterableIterator<EntityData> {
    this.meta(entityType);
    return this.committed.get(entityType)!.values();
  }

  committedGet(entityType: string, id: string): EntityData | null {
    return this.committed.get(entityType)?.get(id) ?? null;
  }

  count(entityType: string): number {
    return this.committed.get(entityType)?.size ?? 0;
  }

  /** A committed entity as plain JS values (Bytes as hex, BigInt as bigint), or null. */
  load(entityType: string, id: string): Record<string, unknown> | null {
    const e = this.committedGet(entityType, id.startsWith("0x") ? id.toLowerCase() : id);
    return e ? toPlain(e) : null;
  }

  // ---- persistence (node:sqlite) ----------------------------------------------------------------

  /** Writes every committed entity to a SQLite file (table `entities`), replacing its content. */
  async saveSqlite(path: string): Promise<void> {
    const { DatabaseSync } = await import("node:sqlite");
    const db = new DatabaseSync(path);
    try {
      db.exec(
        "CREATE TABLE IF NOT EXISTS entities (type TEXT NOT NULL, id TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (type, id));" +
          "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);" +
          "DELETE FROM entities; DELETE FROM meta;",
      );
      const insert = db.prepare("INSERT INTO entities (type, id, data) VALUES (?, ?, ?)");
      db.exec("BEGIN");
      for (const [type, table] of this.committed) {
        for (const [id, e] of table) insert.run(type, id, JSON.stringify(serializeEntity(e)));
      }
      if (this.latestBlock) {
        db.prepare("INSERT INTO meta (key, value) VALUES ('latestBlock', ?)").run(
          JSON.stringify({
            number: this.latestBlock.number.toString(),
            hash: this.latestBlock.hash,
            timestamp: this.latestBlock.timestamp.toString(),
          }),
        );
      }
      db.exec("COMMIT");
    } finally {
      db.close();
    }
  }

  /** Replaces the committed state with a SQLite file written by `saveSqlite`. */
  async loadSqlite(path: string): Promise<void> {
    const { DatabaseSync } = await import("node:sqlite");
    const db = new DatabaseSync(path, { readOnly: true });
    try {
      for (const table of this.committed.values()) table.clear();
      const rows = db.prepare("SELECT type, id, data FROM entities ORDER BY rowid").all() as {
        type: string;
        id: string;
        data: string;
      }[];
      for (const row of rows) {
        this.meta(row.type);
        this.committed.get(row.type)!.set(row.id, deserializeEntity(JSON.parse(row.data)));
      }
      const meta = db.prepare("SELECT value FROM meta WHERE key = 'latestBlock'").get() as
        { value: string } | undefined;
      if (meta) {
        const b = JSON.parse(meta.value) as { number: string; hash: string; timestamp: string };
        this.latestBlock = {
          number: BigInt(b.number),
          hash: b.hash,
          timestamp: BigInt(b.timestamp),
        };
      }
    } finally {
      db.close();
    }
  }
}

function refersTo(value: StoreValue | undefined, id: string): boolean {
  if (!value) return false;
  switch (value.kind) {
    case StoreValueKind.String:
      return value.value === id;
    case StoreValueKind.Bytes:
      return bytesToHex(value.value) === id.toLowerCase();
    case StoreValueKind.Int8:
      return value.value.toString() === id;
    case StoreValueKind.Array:
      return value.value.some((v) => refersTo(v, id));
    default:
      return false;
  }
}
export { refersTo };

/** A store value as a plain JS value: Bytes -> hex string, BigInt/Int8/Timestamp -> bigint. */
export function plainValue(v: StoreValue): unknown {
  switch (v.kind) {
    case StoreValueKind.Null:
      return null;
    case StoreValueKind.Bytes:
      return bytesToHex(v.value);
    case StoreValueKind.BigDecimal:
      return v.value.toString();
    case StoreValueKind.Array:
      return v.value.map(plainValue);
    default:
      return v.value;
  }
}

export function toPlain(e: EntityData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of e) out[k] = plainValue(v);
  return out;
}

type Serialized = [number, unknown];

function serializeValue(v: StoreValue): Serialized {
  switch (v.kind) {
    case StoreValueKind.Null:
      return [v.kind, null];
    case StoreValueKind.Bytes:
      return [v.kind, bytesToHex(v.value)];
    case StoreValueKind.BigInt:
    case StoreValueKind.Int8:
    case StoreValueKind.Timestamp:
      return [v.kind, v.value.toString()];
    case StoreValueKind.BigDecimal:
      return [v.kind, v.value.toString()];
    case StoreValueKind.Array:
      return [v.kind, v.value.map(serializeValue)];
    default:
      return [v.kind, v.value];
  }
}

function deserializeValue([kind, raw]: Serialized): StoreValue {
  switch (kind as StoreValueKind) {
    case StoreValueKind.Null:
      return { kind: StoreValueKind.Null };
    case StoreValueKind.Bytes:
      return { kind: StoreValueKind.Bytes, value: hexToBytes(raw as string) };
    case StoreValueKind.BigInt:
    case StoreValueKind.Int8:
    case StoreValueKind.Timestamp:
      return { kind, value: BigInt(raw as string) } as StoreValue;
    case StoreValueKind.BigDecimal:
      return { kind: StoreValueKind.BigDecimal, value: BigDecimal.fromString(raw as string) };
    case StoreValueKind.Array:
      return { kind: StoreValueKind.Array, value: (raw as Serialized[]).map(deserializeValue) };
    default:
      return { kind, value: raw } as StoreValue;
  }
}

function serializeEntity(e: EntityData): Record<string, Serialized> {
  const out: Record<string, Serialized> = {};
  for (const [k, v] of e) out[k] = serializeValue(v);
  return out;
}

function deserializeEntity(raw: Record<string, Serialized>): EntityData {
  const e: EntityData = new Map();
  for (const [k, v] of Object.entries(raw)) e.set(k, deserializeValue(v));
  return e;
}
