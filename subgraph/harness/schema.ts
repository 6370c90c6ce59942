/**
 * The subgraph schema (schema.graphql) as metadata the store and the query endpoint use: entity
 * types, their fields, which fields reference entities, which are derived, which types are
 * immutable.
 */
import { readFileSync } from "node:fs";
import { Kind, parse, type ObjectTypeDefinitionNode, type TypeNode } from "graphql";

export const SCALARS = [
  "ID",
  "String",
  "Int",
  "Boolean",
  "BigInt",
  "BigDecimal",
  "Bytes",
  "Int8",
  "Timestamp",
] as const;
export type ScalarName = (typeof SCALARS)[number];

export interface FieldMeta {
  name: string;
  /** the named type: a scalar, an entity or an enum */
  type: string;
  list: boolean;
  /** the field (or, for a list, the list itself) is non-null */
  required: boolean;
  /** for `@derivedFrom(field: "x")` fields, the field on `type` that points back here */
  derivedFrom?: string;
  /** the type is an entity (a reference stored as the referenced id) */
  isEntity: boolean;
  isEnum: boolean;
  description?: string;
}

export interface EntityMeta {
  name: string;
  immutable: boolean;
  /** the id field's scalar type: ID/String, Bytes, Int8 */
  idType: string;
  fields: Map<string, FieldMeta>;
  description?: string;
}

export interface SubgraphSchema {
  entities: Map<string, EntityMeta>;
  enums: Map<string, string[]>;
}

function unwrap(type: TypeNode): { name: string; list: boolean; required: boolean } {
  let required = false;
  let list = false;
  let t = type;
  if (t.kind === Kind.NON_NULL_TYPE) {
    required = true;
    t = t.type;
  }
  if (t.kind === Kind.LIST_TYPE) {
    list = true;
    t = t.type;
    if (t.kind === Kind.NON_NULL_TYPE) t = t.type;
  }
  if (t.kind !== Kind.NAMED_TYPE)
    throw new Error("nested lists are not supported in entity schemas");
  return { name: t.name.value, list, required };
}

export function parseSchema(source: string): SubgraphSchema {
  const doc = parse(source);
  const entities = new Map<string, EntityMeta>();
  const enums = new Map<string, string[]>();
  const objects: ObjectTypeDefinitionNode[] = [];
  for (const def of doc.definitions) {
    if (def.kind === Kind.ENUM_TYPE_DEFINITION) {
      enums.set(
        def.name.value,
        (def.values ?? []).map((v) => v.name.value),
      );
    } else if (def.kind === Kind.OBJECT_TYPE_DEFINITION) {
      objects.push(def);
    }
  }
  const entityNames = new Set(
    objects
      .filter((o) => o.directives?.some((d) => d.name.value === "entity"))
      .map((o) => o.name.value),
  );
  for (const obj of objects) {
    const entityDirective = obj.directives?.find((d) => d.name.value === "entity");
    if (!entityDirective) continue;
    const immutableArg = entityDirective.arguments?.find((a) => a.name.value === "immutable");
    const immutable = immutableArg?.value.kind === Kind.BOOLEAN && immutableArg.value.value;
    const fields = new Map<string, FieldMeta>();
    for (const f of obj.fields ?? []) {
      const { name, list, required } = unwrap(f.type);
      const derived = f.directives?.find((d) => d.name.value === "derivedFrom");
      const derivedArg = derived?.arguments?.find((a) => a.name.value === "field");
      fields.set(f.name.value, {
        name: f.name.value,
        type: name,
        list,
        required,
        derivedFrom: derivedArg?.value.kind === Kind.STRING ? derivedArg.value.value : undefined,
        isEntity: entityNames.has(name),
        isEnum: enums.has(name),
        description: f.description?.value,
      });
    }
    const id = fields.get("id");
    if (!id) throw new Error(`entity ${obj.name.value} has no id field`);
    entities.set(obj.name.value, {
      name: obj.name.value,
      immutable: Boolean(immutable),
      idType: id.type,
      fields,
      description: obj.description?.value,
    });
  }
  return { entities, enums };
}

export function loadSchema(path: string): SubgraphSchema {
  return parseSchema(readFileSync(path, "utf8"));
}
