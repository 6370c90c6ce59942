/**
 * The compiled subgraph manifest (build/subgraph.yaml written by `graph build`): data sources and
 * data source templates, their ABIs, event handlers, WASM files and declared contexts. Event
 * handlers are matched to logs by topic 0, the keccak256 of the manifest's event signature
 * without the `indexed` markers, as graph-node does.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { Interface, id as keccakText, type EventFragment } from "ethers";
import { parse } from "yaml";
import { BigDecimal } from "./bigdecimal.js";
import { hexToBytes, StoreValueKind, type EntityData, type StoreValue } from "./values.js";

export interface EventHandlerSpec {
  /** the manifest signature, e.g. `Transfer(indexed address,indexed address,uint256)` */
  event: string;
  handler: string;
  receipt: boolean;
  topic0: string;
  fragment: EventFragment;
}

/** A data source template: a mapping and an ABI without an address (graph-node `templates`). */
export interface DataSourceTemplate {
  name: string;
  network: string;
  wasmPath: string;
  abi: Interface;
  handlers: EventHandlerSpec[];
}

export interface DataSource extends DataSourceTemplate {
  address: string;
  startBlock: number;
  /** the declared context `dataSource.context()` returns (empty when none is declared) */
  context: EntityData;
}

export interface Manifest {
  path: string;
  schemaPath: string;
  dataSources: DataSource[];
  templates: DataSourceTemplate[];
}

/**
 * A declared context entry as the manifest writes it: `{ type: String, data: "team" }`. Types as
 * graph-node accepts them: Bool, String, Int, Int8, BigDecimal, Bytes, List, BigInt.
 */
export interface RawContextEntry {
  type: string;
  data: unknown;
}

interface RawSource {
  name: string;
  network: string;
  context?: Record<string, RawContextEntry>;
  source: { address?: string; abi: string; startBlock?: number };
  mapping: {
    file: string;
    abis: { name: string; file: string }[];
    eventHandlers?: { event: string; handler: string; receipt?: boolean }[];
  };
}

interface RawManifest {
  schema: { file: string };
  dataSources: RawSource[];
  templates?: RawSource[];
}

function contextValue(where: string, entry: RawContextEntry): StoreValue {
  const { type, data } = entry;
  const bad = (): never => {
    throw new Error(`${where}: context value ${JSON.stringify(data)} is not a ${type}`);
  };
  switch (type) {
    case "String":
      return typeof data === "string" ? { kind: StoreValueKind.String, value: data } : bad();
    case "Bool":
      return typeof data === "boolean" ? { kind: StoreValueKind.Bool, value: data } : bad();
    case "Int":
      return Number.isInteger(data) ? { kind: StoreValueKind.Int, value: data as number } : bad();
    case "Int8":
    case "BigInt": {
      if (typeof data !== "string" && typeof data !== "number") return bad();
      const value = BigInt(data);
      return type === "Int8"
        ? { kind: StoreValueKind.Int8, value }
        : { kind: StoreValueKind.BigInt, value };
    }
    case "BigDecimal":
      return typeof data === "string" || typeof data === "number"
        ? { kind: StoreValueKind.BigDecimal, value: BigDecimal.fromString(String(data)) }
        : bad();
    case "Bytes":
      return typeof data === "string" && /^0x([0-9a-fA-F]{2})*$/.test(data)
        ? { kind: StoreValueKind.Bytes, value: hexToBytes(data) }
        : bad();
    case "List":
      return Array.isArray(data)
        ? {
            kind: StoreValueKind.Array,
            value: data.map((item) => contextValue(where, item as RawContextEntry)),
          }
        : bad();
    default:
      throw new Error(`${where}: unknown context type ${type}`);
  }
}

/** A declared context as the entity `dataSource.context()` returns (keys sorted, as graph-node). */
export function parseContext(
  where: string,
  raw: Record<string, RawContextEntry> | undefined,
): EntityData {
  const entries = Object.entries(raw ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return new Map(entries.map(([key, entry]) => [key, contextValue(`${where}.${key}`, entry)]));
}

/** The canonical signature that topic 0 hashes: the manifest signature without `indexed `. */
export function canonicalSignature(manifestEvent: string): string {
  return manifestEvent.replace(/indexed /g, "");
}

export function loadManifest(path: string): Manifest {
  const dir = dirname(resolve(path));
  const raw = parse(readFileSync(path, "utf8")) as RawManifest;
  const abis = new Map<string, Interface>();
  const template = (ds: RawSource, kind: string): DataSourceTemplate => {
    const abiFile = ds.mapping.abis.find((a) => a.name === ds.source.abi);
    if (!abiFile)
      throw new Error(`${path}: ${kind} ${ds.name} lists no ABI named ${ds.source.abi}`);
    const abiPath = resolve(dir, abiFile.file);
    let abi = abis.get(abiPath);
    if (abi === undefined) {
      abi = new Interface(JSON.parse(readFileSync(abiPath, "utf8")));
      abis.set(abiPath, abi);
    }
    const handlers = (ds.mapping.eventHandlers ?? []).map((h): EventHandlerSpec => {
      const topic0 = keccakText(canonicalSignature(h.event));
      const fragment = abi.getEvent(topic0);
      if (!fragment) {
        throw new Error(`${path}: ${ds.name} handles ${h.event}, which its ABI does not declare`);
      }
      return { event: h.event, handler: h.handler, receipt: h.receipt === true, topic0, fragment };
    });
    return {
      name: ds.name,
      network: ds.network,
      wasmPath: resolve(dir, ds.mapping.file),
      abi,
      handlers,
    };
  };
  const dataSources = raw.dataSources.map((ds): DataSource => ({
    ...template(ds, "data source"),
    address: (ds.source.address ?? "").toLowerCase(),
    startBlock: ds.source.startBlock ?? 0,
    context: parseContext(`${path}: ${ds.name}.context`, ds.context),
  }));
  const templates = (raw.templates ?? []).map((t) => template(t, "template"));
  return { path, schemaPath: resolve(dir, raw.schema.file), dataSources, templates };
}
