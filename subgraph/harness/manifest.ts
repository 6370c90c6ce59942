/**
 * The compiled subgraph manifest (build/subgraph.yaml written by `graph build`): data sources,
 * their ABIs, event handlers and WASM files. Event handlers are matched to logs by topic 0, the
 * keccak256 of the manifest's event signature without the `indexed` markers, as graph-node does.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { Interface, id as keccakText, type EventFragment } from "ethers";
import { parse } from "yaml";

export interface EventHandlerSpec {
  /** the manifest signature, e.g. `Transfer(indexed address,indexed address,uint256)` */
  event: string;
  handler: string;
  receipt: boolean;
  topic0: string;
  fragment: EventFragment;
}

export interface DataSource {
  name: string;
  network: string;
  address: string;
  startBlock: number;
  wasmPath: string;
  abi: Interface;
  handlers: EventHandlerSpec[];
}

export interface Manifest {
  path: string;
  schemaPath: string;
  dataSources: DataSource[];
}

interface RawManifest {
  schema: { file: string };
  dataSources: {
    name: string;
    network: string;
    source: { address?: string; abi: string; startBlock?: number };
    mapping: {
      file: string;
      abis: { name: string; file: string }[];
      eventHandlers?: { event: string; handler: string; receipt?: boolean }[];
    };
  }[];
}

/** The canonical signature that topic 0 hashes: the manifest signature without `indexed `. */
export function canonicalSignature(manifestEvent: string): string {
  return manifestEvent.replace(/indexed /g, "");
}

export function loadManifest(path: string): Manifest {
  const dir = dirname(resolve(path));
  const raw = parse(readFileSync(path, "utf8")) as RawManifest;
  const dataSources = raw.dataSources.map((ds): DataSource => {
    const abiFile = ds.mapping.abis.find((a) => a.name === ds.source.abi);
    if (!abiFile)
      throw new Error(`${path}: data source ${ds.name} lists no ABI named ${ds.source.abi}`);
    const abi = new Interface(JSON.parse(readFileSync(resolve(dir, abiFile.file), "utf8")));
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
      address: (ds.source.address ?? "").toLowerCase(),
      startBlock: ds.source.startBlock ?? 0,
      wasmPath: resolve(dir, ds.mapping.file),
      abi,
      handlers,
    };
  });
  return { path, schemaPath: resolve(dir, raw.schema.file), dataSources };
}
