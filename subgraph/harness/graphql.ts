/**
 * A GraphQL endpoint over the harness store, generated from schema.graphql with The Graph's query
 * conventions (graph-node `graphql/src/schema/api.rs`, v0.35), so a client written for graph-node
 * works unchanged:
 * - per entity `Foo`: `foo(id: ID!, block)` and `foos(skip, first, orderBy, orderDirection, where,
 *   block)`; the collection name is the camel-cased type name made plural (`protocolDayDatas`,
 *   `licences`); `first` defaults to 100 and must be in 0..1000, `skip` in 0..5000;
 * - `where: Foo_filter` with the operators graph-node generates per type (`graph/src/schema/api.rs`,
 *   `field_filter_ops`): `field`, `_not`, `_in`, `_not_in` everywhere; `_gt`, `_gte`, `_lt`, `_lte`
 *   except on Boolean and enums; `_contains` / `_not_contains` on Bytes (byte-aligned, as
 *   Postgres' `position` on bytea), on String and on references; `_starts_with`,
 *   `_not_starts_with`, `_ends_with`, `_not_ends_with` on String and references, each text
 *   operator also as `<op>_nocase`; `_contains` (all of the values) / `_not_contains` (none of
 *   them) on lists, and their `_nocase` forms (the same array test); `field_: Bar_filter` on
 *   references and derived fields; `and` / `or`. As in SQL, a null field matches no operator but
 *   `field: null`, `_not` of a value never matches null, `_not: null` matches every non-null
 *   (`store/postgres/src/relational_queries.rs`, `QueryFilter`);
 * - `orderBy: Foo_orderBy` on every single-valued field and on a referenced entity's field
 *   (`owner__id`), `orderDirection: asc | desc`; ties are ordered by id; nulls sort last ascending;
 * - reference fields resolve to the entity, list and `@derivedFrom` fields take the collection
 *   arguments; scalars serialize as graph-node does (BigInt, BigDecimal, Int8, Timestamp as strings,
 *   Bytes as 0x-prefixed lowercase hex);
 * - `_meta { block { number hash timestamp } deployment hasIndexingErrors }`.
 * Not implemented: time travel (`block: { number }` below the latest block is an error),
 * full-text search, `_change_block` and interfaces; `_contains` on String is a
 * plain substring test (graph-node's SQL `LIKE` would treat `%` and `_` in the value as wildcards).
 */
import {
  GraphQLBoolean,
  GraphQLEnumType,
  GraphQLError,
  GraphQLFloat,
  GraphQLID,
  GraphQLInputObjectType,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLScalarType,
  GraphQLSchema,
  GraphQLString,
  graphql,
  Kind,
  type GraphQLFieldConfig,
  type GraphQLFieldConfigMap,
  type GraphQLInputFieldConfigMap,
  type GraphQLInputType,
  type GraphQLOutputType,
  type ValueNode,
} from "graphql";
import { BigDecimal } from "./bigdecimal.js";
import type { EntityMeta, FieldMeta } from "./schema.js";
import type { EntityStore } from "./store.js";
import { refersTo } from "./store.js";
import { bytesToHex, StoreValueKind, type EntityData, type StoreValue } from "./values.js";

export const MAX_FIRST = 1000;
export const MAX_SKIP = 5000;
const DEFAULT_FIRST = 100;

// ---- naming ------------------------------------------------------------------------------------

export function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/** The collection field name: `Licence` -> `licences`, `Epoch` -> `epoches`, `Entry` -> `entries`. */
export function pluralName(typeName: string): string {
  const s = lowerFirst(typeName);
  if (/(x|ch|ss|sh)$/.test(s)) return s + "es";
  if (/[^aeiou]y$/.test(s)) return s.slice(0, -1) + "ies";
  return s + "s";
}

// ---- comparable values ---------------------------------------------------------------------------

/** What filters and ordering compare: Bytes as lowercase hex, integers as bigint or number. */
type Comparable = string | number | bigint | boolean | BigDecimal | null | Comparable[];

function comparable(v: StoreValue | undefined): Comparable {
  if (v === undefined) return null;
  switch (v.kind) {
    case StoreValueKind.Null:
      return null;
    case StoreValueKind.Bytes:
      return bytesToHex(v.value);
    case StoreValueKind.Array:
      return v.value.map(comparable);
    default:
      return v.value;
  }
}

function compare(a: Comparable, b: Comparable): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  if (a instanceof BigDecimal && b instanceof BigDecimal) return a.compare(b);
  if (a instanceof BigDecimal) return a.compare(new BigDecimal(BigInt(b as bigint), 0));
  if (b instanceof BigDecimal) return -b.compare(new BigDecimal(BigInt(a as bigint), 0));
  if (typeof a === "boolean" || typeof b === "boolean") return Number(a) - Number(b);
  if (Array.isArray(a) || Array.isArray(b)) {
    return JSON.stringify(a, jsonBig) < JSON.stringify(b, jsonBig)
      ? -1
      : JSON.stringify(a, jsonBig) > JSON.stringify(b, jsonBig)
        ? 1
        : 0;
  }
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  const x = BigInt(a as bigint | number);
  const y = BigInt(b as bigint | number);
  return x < y ? -1 : x > y ? 1 : 0;
}

function jsonBig(_k: string, v: unknown): unknown {
  return typeof v === "bigint" ? v.toString() : v instanceof BigDecimal ? v.toString() : v;
}

function equal(a: Comparable, b: Comparable): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((x, i) => equal(x, b[i]))
    );
  }
  if (a === null || b === null) return a === b;
  return compare(a, b) === 0;
}

// ---- scalars ----------------------------------------------------------------------------------

function literalString(node: ValueNode): string {
  if (node.kind === Kind.STRING || node.kind === Kind.INT || node.kind === Kind.FLOAT)
    return node.value;
  throw new GraphQLError(`expected a string, got ${node.kind}`);
}

function parseBigInt(v: unknown): bigint {
  if (typeof v === "bigint") return v;
  if (typeof v === "number" && Number.isInteger(v)) return BigInt(v);
  if (typeof v === "string" && /^-?\d+$/.test(v)) return BigInt(v);
  throw new GraphQLError(`invalid BigInt value ${JSON.stringify(v)}`);
}

function parseBytes(v: unknown): string {
  if (typeof v === "string" && /^0x([0-9a-fA-F]{2})*$/.test(v)) return v.toLowerCase();
  throw new GraphQLError(
    `invalid Bytes value ${JSON.stringify(v)}: expected 0x-prefixed even-length hex`,
  );
}

function parseBigDecimal(v: unknown): BigDecimal {
  try {
    return BigDecimal.fromString(String(v));
  } catch {
    throw new GraphQLError(`invalid BigDecimal value ${JSON.stringify(v)}`);
  }
}

const BigIntScalar = new GraphQLScalarType({
  name: "BigInt",
  serialize: (v) => String(v),
  parseValue: parseBigInt,
  parseLiteral: (node) => parseBigInt(literalString(node)),
});
const Int8Scalar = new GraphQLScalarType({
  name: "Int8",
  serialize: (v) => String(v),
  parseValue: parseBigInt,
  parseLiteral: (node) => parseBigInt(literalString(node)),
});
const TimestampScalar = new GraphQLScalarType({
  name: "Timestamp",
  serialize: (v) => String(v),
  parseValue: parseBigInt,
  parseLiteral: (node) => parseBigInt(literalString(node)),
});
const BigDecimalScalar = new GraphQLScalarType({
  name: "BigDecimal",
  serialize: (v) => String(v),
  parseValue: parseBigDecimal,
  parseLiteral: (node) => parseBigDecimal(literalString(node)),
});
const BytesScalar = new GraphQLScalarType({
  name: "Bytes",
  serialize: (v) => String(v),
  parseValue: parseBytes,
  parseLiteral: (node) => parseBytes(literalString(node)),
});

const SCALAR_TYPES: Record<string, GraphQLScalarType> = {
  ID: GraphQLID,
  String: GraphQLString,
  Int: GraphQLInt,
  Boolean: GraphQLBoolean,
  Float: GraphQLFloat,
  BigInt: BigIntScalar,
  BigDecimal: BigDecimalScalar,
  Bytes: BytesScalar,
  Int8: Int8Scalar,
  Timestamp: TimestampScalar,
};

// ---- schema -------------------------------------------------------------------------------------

interface CollectionArgs {
  first?: number;
  skip?: number;
  orderBy?: string;
  orderDirection?: "asc" | "desc";
  where?: Filter;
  block?: { number?: number; hash?: string; number_gte?: number };
}
type Filter = Record<string, unknown>;

const OPS = [
  "not",
  "gt",
  "gte",
  "lt",
  "lte",
  "in",
  "not_in",
  "contains",
  "not_contains",
  "starts_with",
  "not_starts_with",
  "ends_with",
  "not_ends_with",
];
/** Text operators that graph-node also offers case-insensitively as `<op>_nocase`. */
const NOCASE_OPS = [
  "contains",
  "not_contains",
  "starts_with",
  "not_starts_with",
  "ends_with",
  "not_ends_with",
];
OPS.push(...NOCASE_OPS.map((op) => `${op}_nocase`));

/** Hex digits of a `0x` hex string. */
const hexDigits = (hex: string) => hex.replace(/^0x/, "");

/**
 * Whether `needle` occurs in `haystack` at a byte boundary (both lowercase `0x` hex), as
 * Postgres' `position(needle in haystack) > 0` on bytea does.
 */
function bytesContain(haystack: string, needle: string): boolean {
  const h = hexDigits(haystack);
  const n = hexDigits(needle);
  for (let i = h.indexOf(n); i !== -1; i = h.indexOf(n, i + 1)) if (i % 2 === 0) return true;
  return false;
}

export interface EndpointOptions {
  /** shown as `_meta.deployment` */
  deployment?: string;
}

export class QueryEndpoint {
  readonly schema: GraphQLSchema;
  private readonly objects = new Map<string, GraphQLObjectType>();
  private readonly filters = new Map<string, GraphQLInputObjectType>();
  private readonly orderBys = new Map<string, GraphQLEnumType>();
  private readonly enums = new Map<string, GraphQLEnumType>();
  private readonly orderDirection = new GraphQLEnumType({
    name: "OrderDirection",
    values: { asc: { value: "asc" }, desc: { value: "desc" } },
  });
  private readonly blockHeight = new GraphQLInputObjectType({
    name: "Block_height",
    fields: {
      hash: { type: BytesScalar },
      number: { type: GraphQLInt },
      number_gte: { type: GraphQLInt },
    },
  });

  constructor(
    readonly store: EntityStore,
    private readonly options: EndpointOptions = {},
  ) {
    for (const [name, values] of store.schema.enums) {
      this.enums.set(
        name,
        new GraphQLEnumType({
          name,
          values: Object.fromEntries(values.map((v) => [v, { value: v }])),
        }),
      );
    }
    const queryFields: GraphQLFieldConfigMap<unknown, unknown> = {};
    for (const meta of store.schema.entities.values()) {
      const object = this.objectType(meta);
      queryFields[lowerFirst(meta.name)] = {
        type: object,
        args: { id: { type: new GraphQLNonNull(GraphQLID) }, block: { type: this.blockHeight } },
        resolve: (_src, args: { id: string; block?: CollectionArgs["block"] }) => {
          this.checkBlock(args.block);
          return this.byId(meta, args.id);
        },
      };
      queryFields[pluralName(meta.name)] = {
        type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(object))),
        args: this.collectionArgs(meta),
        resolve: (_src, args: CollectionArgs) => {
          this.checkBlock(args.block);
          return this.collection(meta, this.store.all(meta.name), args);
        },
      };
    }
    queryFields._meta = { type: this.metaType(), resolve: () => ({}) };
    this.schema = new GraphQLSchema({
      query: new GraphQLObjectType({ name: "Query", fields: queryFields }),
    });
  }

  /** Runs a query: the response graph-node would give (`{ data, errors }`). */
  async execute(
    query: string,
    variables?: Record<string, unknown>,
    operationName?: string,
  ): Promise<{ data?: unknown; errors?: { message: string }[] }> {
    const result = await graphql({
      schema: this.schema,
      source: query,
      variableValues: variables,
      operationName,
    });
    return JSON.parse(JSON.stringify(result));
  }

  private checkBlock(block: CollectionArgs["block"]): void {
    if (!block) return;
    const latest = this.store.latestBlock?.number ?? -1n;
    if (block.number !== undefined && block.number !== null && BigInt(block.number) < latest) {
      throw new GraphQLError(
        `time-travel queries (block: { number: ${block.number} }) are not supported by the harness; latest block is ${latest}`,
      );
    }
    if (
      block.number_gte !== undefined &&
      block.number_gte !== null &&
      BigInt(block.number_gte) > latest
    ) {
      throw new GraphQLError(
        `has only indexed up to block number ${latest} and data for block number ${block.number_gte} is therefore not yet available`,
      );
    }
  }

  private metaType(): GraphQLObjectType {
    const blockType = new GraphQLObjectType({
      name: "_Block_",
      fields: {
        number: {
          type: new GraphQLNonNull(GraphQLInt),
          resolve: () => Number(this.store.latestBlock?.number ?? 0n),
        },
        hash: { type: BytesScalar, resolve: () => this.store.latestBlock?.hash ?? null },
        timestamp: {
          type: GraphQLInt,
          resolve: () => (this.store.latestBlock ? Number(this.store.latestBlock.timestamp) : null),
        },
      },
    });
    return new GraphQLObjectType({
      name: "_Meta_",
      fields: {
        block: { type: new GraphQLNonNull(blockType), resolve: () => ({}) },
        deployment: {
          type: new GraphQLNonNull(GraphQLString),
          resolve: () => this.options.deployment ?? "harness",
        },
        hasIndexingErrors: { type: new GraphQLNonNull(GraphQLBoolean), resolve: () => false },
      },
    });
  }

  private meta(name: string): EntityMeta {
    return this.store.meta(name);
  }

  private byId(meta: EntityMeta, id: string): EntityData | null {
    const key = meta.idType === "Bytes" ? id.toLowerCase() : id;
    return this.store.committedGet(meta.name, key);
  }

  private scalarType(field: FieldMeta): GraphQLScalarType | GraphQLEnumType {
    if (field.isEnum) return this.enums.get(field.type)!;
    const t = SCALAR_TYPES[field.type];
    if (!t) throw new Error(`unsupported scalar ${field.type}`);
    return t;
  }

  private objectType(meta: EntityMeta): GraphQLObjectType {
    const existing = this.objects.get(meta.name);
    if (existing) return existing;
    const object = new GraphQLObjectType({
      name: meta.name,
      description: meta.description,
      fields: () => {
        const fields: GraphQLFieldConfigMap<EntityData, unknown> = {};
        for (const field of meta.fields.values()) fields[field.name] = this.fieldConfig(field);
        return fields;
      },
    });
    this.objects.set(meta.name, object);
    return object;
  }

  private fieldConfig(field: FieldMeta): GraphQLFieldConfig<EntityData, unknown> {
    if (field.isEntity) {
      const target = this.meta(field.type);
      const object = this.objectType(target);
      if (field.derivedFrom) {
        const back = field.derivedFrom;
        return {
          type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(object))),
          description: field.description,
          args: this.collectionArgs(target),
          resolve: (src, args: CollectionArgs) => {
            const id = comparable(src.get("id")) as string;
            const related = [...this.store.all(target.name)].filter((e) =>
              refersTo(e.get(back), String(id)),
            );
            const list = this.collection(target, related, args);
            if (!field.list) return list[0] ?? null;
            return list;
          },
        };
      }
      if (field.list) {
        return {
          type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(object))),
          description: field.description,
          args: this.collectionArgs(target),
          resolve: (src, args: CollectionArgs) => {
            const ids = (comparable(src.get(field.name)) as Comparable[] | null) ?? [];
            const entities = ids
              .map((id) => this.byId(target, String(id)))
              .filter((e): e is EntityData => e !== null);
            return this.collection(target, entities, args);
          },
        };
      }
      return {
        type: field.required ? new GraphQLNonNull(object) : object,
        description: field.description,
        resolve: (src) => {
          const id = comparable(src.get(field.name));
          return id === null ? null : this.byId(target, String(id));
        },
      };
    }
    const scalar = this.scalarType(field);
    let type: GraphQLOutputType = field.list ? new GraphQLList(new GraphQLNonNull(scalar)) : scalar;
    if (field.required) type = new GraphQLNonNull(type);
    return {
      type,
      description: field.description,
      resolve: (src) => {
        const v = comparable(src.get(field.name));
        if (v === null) return null;
        if (field.type === "Int" && typeof v === "number") return v;
        return v;
      },
    };
  }

  private collectionArgs(meta: EntityMeta) {
    return {
      skip: { type: GraphQLInt, defaultValue: 0 },
      first: { type: GraphQLInt, defaultValue: DEFAULT_FIRST },
      orderBy: { type: this.orderByType(meta) },
      orderDirection: { type: this.orderDirection },
      where: { type: this.filterType(meta) },
      block: { type: this.blockHeight },
    };
  }

  private orderByType(meta: EntityMeta): GraphQLEnumType {
    const existing = this.orderBys.get(meta.name);
    if (existing) return existing;
    const values: Record<string, { value: string }> = {};
    for (const field of meta.fields.values()) {
      values[field.name] = { value: field.name };
      if (field.isEntity && !field.list && !field.derivedFrom) {
        for (const sub of this.meta(field.type).fields.values()) {
          if (!sub.list && !sub.derivedFrom && !sub.isEntity) {
            values[`${field.name}__${sub.name}`] = { value: `${field.name}__${sub.name}` };
          }
        }
      }
    }
    const type = new GraphQLEnumType({ name: `${meta.name}_orderBy`, values });
    this.orderBys.set(meta.name, type);
    return type;
  }

  private filterType(meta: EntityMeta): GraphQLInputObjectType {
    const existing = this.filters.get(meta.name);
    if (existing) return existing;
    const type: GraphQLInputObjectType = new GraphQLInputObjectType({
      name: `${meta.name}_filter`,
      fields: () => {
        const fields: GraphQLInputFieldConfigMap = {};
        for (const field of meta.fields.values()) {
          if (field.derivedFrom) {
            fields[`${field.name}_`] = { type: this.filterType(this.meta(field.type)) };
            continue;
          }
          // references filter on the referenced id, as a String (graph-node does the same)
          const base: GraphQLInputType = field.isEntity ? GraphQLString : this.scalarType(field);
          if (field.list) {
            const list = new GraphQLList(new GraphQLNonNull(base));
            for (const name of [
              field.name,
              `${field.name}_not`,
              `${field.name}_contains`,
              `${field.name}_contains_nocase`,
              `${field.name}_not_contains`,
              `${field.name}_not_contains_nocase`,
            ]) {
              fields[name] = { type: list };
            }
          } else {
            // the operators graph-node generates per type (graph/src/schema/api.rs,
            // field_filter_ops): Boolean and enums compare only for equality, Bytes adds
            // byte-level contains, String and references (filtered as String) every text operator
            const list = new GraphQLList(new GraphQLNonNull(base));
            const text = field.isEntity || field.type === "String";
            fields[field.name] = { type: base };
            fields[`${field.name}_not`] = { type: base };
            if (field.type !== "Boolean" && !field.isEnum) {
              for (const op of ["gt", "gte", "lt", "lte"])
                fields[`${field.name}_${op}`] = { type: base };
            }
            fields[`${field.name}_in`] = { type: list };
            fields[`${field.name}_not_in`] = { type: list };
            if (text || field.type === "Bytes") {
              for (const op of ["contains", "not_contains"])
                fields[`${field.name}_${op}`] = { type: base };
            }
            if (text) {
              for (const op of ["starts_with", "not_starts_with", "ends_with", "not_ends_with"])
                fields[`${field.name}_${op}`] = { type: base };
              for (const op of NOCASE_OPS) fields[`${field.name}_${op}_nocase`] = { type: base };
            }
          }
          if (field.isEntity)
            fields[`${field.name}_`] = { type: this.filterType(this.meta(field.type)) };
        }
        fields.and = { type: new GraphQLList(type) };
        fields.or = { type: new GraphQLList(type) };
        return fields;
      },
    });
    this.filters.set(meta.name, type);
    return type;
  }

  // ---- execution ---------------------------------------------------------------------------------

  private collection(
    meta: EntityMeta,
    source: Iterable<EntityData>,
    args: CollectionArgs,
  ): EntityData[] {
    const first = args.first ?? DEFAULT_FIRST;
    const skip = args.skip ?? 0;
    if (first < 0 || first > MAX_FIRST) {
      throw new GraphQLError(
        `The \`first\` argument must be between 0 and ${MAX_FIRST}, but is ${first}`,
      );
    }
    if (skip < 0 || skip > MAX_SKIP) {
      throw new GraphQLError(
        `The \`skip\` argument must be between 0 and ${MAX_SKIP}, but is ${skip}`,
      );
    }
    let rows = [...source];
    if (args.where) rows = rows.filter((e) => this.matches(meta, e, args.where!));
    const orderBy = args.orderBy ?? "id";
    const direction = args.orderDirection === "desc" ? -1 : 1;
    const key = this.sortKey(meta, orderBy);
    const keyed = rows.map((e) => ({ e, k: key(e), id: comparable(e.get("id")) }));
    keyed.sort((a, b) => {
      let c: number;
      if (a.k === null || b.k === null) c = a.k === b.k ? 0 : a.k === null ? direction : -direction;
      else c = compare(a.k, b.k) * direction;
      return c !== 0 ? c : compare(a.id, b.id);
    });
    return keyed.slice(skip, skip + first).map((x) => x.e);
  }

  private sortKey(meta: EntityMeta, orderBy: string): (e: EntityData) => Comparable {
    const [name, sub] = orderBy.split("__");
    const field = meta.fields.get(name);
    if (!field) throw new GraphQLError(`unknown orderBy field ${orderBy}`);
    if (field.derivedFrom || field.list) {
      throw new GraphQLError(`ordering by the list field \`${name}\` is not supported`);
    }
    if (sub === undefined) return (e) => comparable(e.get(name));
    const target = this.meta(field.type);
    return (e) => {
      const id = comparable(e.get(name));
      if (id === null) return null;
      const ref = this.byId(target, String(id));
      return ref ? comparable(ref.get(sub)) : null;
    };
  }

  private matches(meta: EntityMeta, e: EntityData, where: Filter): boolean {
    for (const [key, expected] of Object.entries(where)) {
      if (expected === undefined) continue;
      if (key === "and") {
        if (!(expected as Filter[]).every((f) => this.matches(meta, e, f))) return false;
        continue;
      }
      if (key === "or") {
        if (!(expected as Filter[]).some((f) => this.matches(meta, e, f))) return false;
        continue;
      }
      if (key.endsWith("_") && meta.fields.has(key.slice(0, -1))) {
        if (!this.matchesNested(meta.fields.get(key.slice(0, -1))!, e, expected as Filter))
          return false;
        continue;
      }
      const [field, op] = this.splitFilterKey(meta, key);
      if (!this.test(field, comparable(e.get(field.name)), op, expected)) return false;
    }
    return true;
  }

  private matchesNested(field: FieldMeta, e: EntityData, filter: Filter): boolean {
    const target = this.meta(field.type);
    if (field.derivedFrom) {
      const id = String(comparable(e.get("id")));
      return [...this.store.all(target.name)].some(
        (r) => refersTo(r.get(field.derivedFrom!), id) && this.matches(target, r, filter),
      );
    }
    const ids = comparable(e.get(field.name));
    const list = ids === null ? [] : Array.isArray(ids) ? ids : [ids];
    return list.some((id) => {
      const r = this.byId(target, String(id));
      return r !== null && this.matches(target, r, filter);
    });
  }

  private splitFilterKey(meta: EntityMeta, key: string): [FieldMeta, string] {
    const direct = meta.fields.get(key);
    if (direct) return [direct, "eq"];
    for (const op of [...OPS].sort((a, b) => b.length - a.length)) {
      if (key.endsWith(`_${op}`)) {
        const field = meta.fields.get(key.slice(0, -op.length - 1));
        if (field) return [field, op];
      }
    }
    throw new GraphQLError(`unknown filter ${key} on ${meta.name}`);
  }

  private normalizeInput(field: FieldMeta, v: unknown): Comparable {
    if (v === null || v === undefined) return null;
    if (Array.isArray(v)) return v.map((x) => this.normalizeInput(field, x));
    if (field.isEntity) {
      const idType = this.meta(field.type).idType;
      const s = String(v);
      return idType === "Bytes" ? s.toLowerCase() : s;
    }
    return v as Comparable;
  }

  private test(field: FieldMeta, actual: Comparable, op: string, raw: unknown): boolean {
    if (op.endsWith("_nocase")) {
      // graph-node: `ilike` on text; on lists the same array operators as the plain form
      const lower = (v: Comparable): Comparable =>
        typeof v === "string" ? v.toLowerCase() : Array.isArray(v) ? v.map(lower) : v;
      const r = typeof raw === "string" ? raw.toLowerCase() : raw;
      return this.test(field, lower(actual), op.slice(0, -"_nocase".length), r);
    }
    const expected = this.normalizeInput(field, raw);
    switch (op) {
      case "eq":
        return equal(actual, expected);
      case "not":
        // SQL `column <> value` is never true for a null column; `_not: null` is `is not null`
        return expected === null ? actual !== null : actual !== null && !equal(actual, expected);
      case "gt":
        return actual !== null && expected !== null && compare(actual, expected) > 0;
      case "gte":
        return actual !== null && expected !== null && compare(actual, expected) >= 0;
      case "lt":
        return actual !== null && expected !== null && compare(actual, expected) < 0;
      case "lte":
        return actual !== null && expected !== null && compare(actual, expected) <= 0;
      case "in":
        return (expected as Comparable[]).some((x) => equal(actual, x));
      case "not_in":
        return actual !== null && !(expected as Comparable[]).some((x) => equal(actual, x));
      case "contains":
      case "not_contains": {
        if (actual === null) return false;
        if (Array.isArray(actual)) {
          const values = expected as Comparable[];
          // lists: `column @> values` (all of them) / `not column && values` (none of them)
          return op === "contains"
            ? values.every((x) => actual.some((a) => equal(a, x)))
            : !values.some((x) => actual.some((a) => equal(a, x)));
        }
        if (typeof actual !== "string" || typeof expected !== "string") return false;
        const has =
          field.type === "Bytes" ? bytesContain(actual, expected) : actual.includes(expected);
        return op === "contains" ? has : !has;
      }
      case "starts_with":
      case "not_starts_with": {
        if (typeof actual !== "string") return false;
        const has = actual.startsWith(String(expected));
        return op === "starts_with" ? has : !has;
      }
      case "ends_with":
      case "not_ends_with": {
        if (typeof actual !== "string") return false;
        const has = actual.endsWith(String(expected));
        return op === "ends_with" ? has : !has;
      }
      default:
        throw new GraphQLError(`unsupported filter operator ${op}`);
    }
  }
}
