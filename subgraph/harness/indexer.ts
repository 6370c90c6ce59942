/**
 * Indexes a chain with the compiled mappings: reads the logs of every data source in block and
 * log order (eth_getLogs), matches each to its handlers by address and topic 0 as the manifest
 * declares, builds the `ethereum.Event` (block and transaction from eth_getBlockByNumber, the
 * receipt from eth_getTransactionReceipt when the handler asks for it) and runs the handlers,
 * one block at a time: a block's writes are committed when all its handlers succeeded, and a
 * failing handler stops indexing with the block uncommitted (graph-node marks the subgraph
 * failed at that block).
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { Indexed, type ParamType, type Result } from "ethers";
import { decodeEventParameters } from "./abi.js";
import { MappingError, type LogEntry } from "./host.js";
import {
  loadManifest,
  parseContext,
  type DataSource,
  type EventHandlerSpec,
  type Manifest,
  type RawContextEntry,
} from "./manifest.js";
import {
  MappingModule,
  type BlockInput,
  type EventInput,
  type LogInput,
  type ReceiptInput,
  type TransactionInput,
} from "./runtime.js";
import { loadSchema } from "./schema.js";
import { EntityStore } from "./store.js";
import { EthereumValueKind, hexToBytes, type EthereumValue } from "./values.js";

/** Anything that answers JSON-RPC: an EIP-1193 provider (`request`) or an ethers provider (`send`). */
export type RpcProvider =
  | { request(args: { method: string; params?: unknown[] }): Promise<unknown> }
  | { send(method: string, params: unknown[]): Promise<unknown> };

export interface ContractLocation {
  address: string;
  /** first block to index (the deployment block) */
  blockNumber?: number;
  /**
   * The manifest's data source template this contract instantiates when the manifest has no data
   * source of this name (e.g. a vesting wallet `Vesting_<id>` of a deployment the manifest was
   * not built from): the contract is indexed with the template's mapping and ABI under this name.
   */
  template?: string;
  /** the data source's context, in the manifest's form; replaces a declared one */
  context?: Record<string, RawContextEntry>;
}

export interface IndexerOptions {
  provider: RpcProvider;
  /** build/subgraph.yaml (default: subgraph/build/subgraph.yaml next to this harness) */
  manifestPath?: string;
  /**
   * Where the data sources live on the chain being indexed, by data source name (the `contracts`
   * of a deployments/<chainId>.json). Overrides the manifest's addresses; a data source with
   * neither an address here nor a non-zero one in the manifest is skipped. A name the manifest
   * does not know is indexed when its location names a `template`, otherwise ignored.
   */
  contracts?: Record<string, ContractLocation>;
  store?: EntityStore;
  /** blocks per eth_getLogs request */
  batchBlocks?: number;
  echoLogs?: boolean;
  /**
   * Reset one instance per module to its post-`_start` state before each trigger (default) instead
   * of instantiating the module per trigger; both give graph-node's fresh-instance semantics.
   */
  reuseInstances?: boolean;
  /** Index only the data sources named in `contracts` (ignore the manifest's own addresses). */
  onlyListed?: boolean;
}

export class IndexingError extends Error {
  override name = "IndexingError";
  constructor(
    message: string,
    readonly blockNumber: bigint,
    readonly cause?: unknown,
  ) {
    super(message);
  }
}

interface RpcLog {
  address: string;
  topics: string[];
  data: string;
  blockNumber: string;
  blockHash: string;
  transactionHash: string;
  transactionIndex: string;
  logIndex: string;
  removed?: boolean;
}

interface RpcTx {
  hash: string;
  transactionIndex: string;
  from: string;
  to: string | null;
  value: string;
  gas: string;
  gasPrice?: string;
  input: string;
  nonce: string;
}

interface RpcBlock {
  hash: string;
  parentHash: string;
  sha3Uncles: string;
  miner: string;
  stateRoot: string;
  transactionsRoot: string;
  receiptsRoot: string;
  number: string;
  gasUsed: string;
  gasLimit: string;
  timestamp: string;
  difficulty?: string;
  totalDifficulty?: string;
  size?: string;
  baseFeePerGas?: string;
  transactions: RpcTx[];
}

interface RpcReceipt {
  transactionHash: string;
  transactionIndex: string;
  blockHash: string;
  blockNumber: string;
  cumulativeGasUsed: string;
  gasUsed: string;
  contractAddress: string | null;
  logs: RpcLog[];
  status?: string;
  logsBloom: string;
}

const HARNESS_DIR = import.meta.dirname;
export const DEFAULT_MANIFEST = resolve(HARNESS_DIR, "..", "build", "subgraph.yaml");

const big = (hex: string | undefined | null): bigint => (hex ? BigInt(hex) : 0n);
const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

/** An ABI value as the runtime's `ethereum.Value` (graph-node `ethabi::Token` -> `AscEnum`). */
export function toEthereumValue(type: ParamType, value: unknown): EthereumValue {
  if (value instanceof Indexed) {
    // an indexed dynamic value: the topic holds its hash
    return { kind: EthereumValueKind.FixedBytes, value: hexToBytes(value.hash!) };
  }
  if (type.isTuple()) {
    const items = value as Result;
    return {
      kind: EthereumValueKind.Tuple,
      value: type.components.map((c, i) => toEthereumValue(c, items[i])),
    };
  }
  if (type.isArray()) {
    const items = value as unknown[];
    return {
      kind: type.arrayLength === -1 ? EthereumValueKind.Array : EthereumValueKind.FixedArray,
      value: items.map((item) => toEthereumValue(type.arrayChildren, item)),
    };
  }
  const base = type.baseType;
  if (base === "address")
    return { kind: EthereumValueKind.Address, value: hexToBytes(value as string) };
  if (base === "bool") return { kind: EthereumValueKind.Bool, value: value as boolean };
  if (base === "string") return { kind: EthereumValueKind.String, value: value as string };
  if (base === "bytes")
    return { kind: EthereumValueKind.Bytes, value: hexToBytes(value as string) };
  if (base.startsWith("bytes")) {
    return { kind: EthereumValueKind.FixedBytes, value: hexToBytes(value as string) };
  }
  if (base.startsWith("uint")) return { kind: EthereumValueKind.Uint, value: value as bigint };
  if (base.startsWith("int")) return { kind: EthereumValueKind.Int, value: value as bigint };
  throw new Error(`unsupported ABI type ${type.format()}`);
}

export class Indexer {
  readonly manifest: Manifest;
  readonly store: EntityStore;
  readonly logs: LogEntry[] = [];
  private readonly modules = new Map<string, MappingModule>();
  private readonly sources: (DataSource & { from: number })[];
  private readonly byTopic = new Map<
    string,
    { source: DataSource & { from: number }; handler: EventHandlerSpec }[]
  >();
  private nextBlock: number;
  private readonly batchBlocks: number;
  /** events handled so far */
  eventsHandled = 0;
  /** where the time went (milliseconds): JSON-RPC reads, decoding + event building, handlers */
  readonly timings = { rpcMs: 0, decodeMs: 0, handlerMs: 0 };

  constructor(private readonly options: IndexerOptions) {
    const manifestPath = options.manifestPath ?? DEFAULT_MANIFEST;
    if (!existsSync(manifestPath)) {
      throw new Error(`${manifestPath} is missing: run \`npm run -w subgraph build\` first`);
    }
    this.manifest = loadManifest(manifestPath);
    this.store = options.store ?? new EntityStore(loadSchema(this.manifest.schemaPath));
    this.batchBlocks = options.batchBlocks ?? 2000;
    this.sources = [];
    for (const ds of this.manifest.dataSources) {
      const located = options.contracts?.[ds.name];
      if (options.onlyListed && located === undefined) continue;
      const address = (located?.address ?? ds.address).toLowerCase();
      if (!address || address === ZERO_ADDRESS) continue;
      this.addSource({
        ...ds,
        address,
        context:
          located?.context === undefined ? ds.context : parseContext(ds.name, located.context),
        from: located?.blockNumber ?? ds.startBlock,
      });
    }
    const declared = new Set(this.manifest.dataSources.map((ds) => ds.name));
    for (const [name, located] of Object.entries(options.contracts ?? {})) {
      if (declared.has(name) || located.template === undefined) continue;
      const template = this.manifest.templates.find((t) => t.name === located.template);
      if (template === undefined) {
        const known = this.manifest.templates.map((t) => t.name).join(", ") || "none";
        throw new Error(
          `${name}: ${manifestPath} has no data source template ${located.template} ` +
            `(templates: ${known}); rebuild the subgraph (npm run -w subgraph build)`,
        );
      }
      this.addSource({
        ...template,
        name,
        address: located.address.toLowerCase(),
        startBlock: located.blockNumber ?? 0,
        context: parseContext(name, located.context),
        from: located.blockNumber ?? 0,
      });
    }
    this.nextBlock = this.sources.length ? Math.min(...this.sources.map((s) => s.from)) : 0;
  }

  private addSource(source: DataSource & { from: number }): void {
    this.sources.push(source);
    if (!this.modules.has(source.wasmPath))
      this.modules.set(
        source.wasmPath,
        new MappingModule(source.wasmPath, source.name, {
          reuseInstance: this.options.reuseInstances,
        }),
      );
    for (const handler of source.handlers) {
      const key = `${source.address}:${handler.topic0}`;
      const list = this.byTopic.get(key) ?? [];
      list.push({ source, handler });
      this.byTopic.set(key, list);
    }
  }

  /** Whether the mappings run on reset instances (true) or a new instance per trigger. */
  get reusesInstances(): boolean {
    return [...this.modules.values()].some((m) => m.resettable);
  }

  /** Data sources being indexed (name and address). */
  get dataSources(): { name: string; address: string; startBlock: number }[] {
    return this.sources.map((s) => ({ name: s.name, address: s.address, startBlock: s.from }));
  }

  private async rpc<T>(method: string, params: unknown[]): Promise<T> {
    const p = this.options.provider;
    const start = performance.now();
    try {
      if ("request" in p) return (await p.request({ method, params })) as T;
      return (await p.send(method, params)) as T;
    } finally {
      this.timings.rpcMs += performance.now() - start;
    }
  }

  /**
   * Indexes every block from where it stopped up to `toBlock` (default: the chain head).
   * Returns the number of events handled in this call.
   */
  async sync(toBlock?: number): Promise<{ events: number; blocks: number; head: number }> {
    const head = toBlock ?? Number(BigInt(await this.rpc<string>("eth_blockNumber", [])));
    let events = 0;
    let blocks = 0;
    if (this.sources.length === 0) return { events, blocks, head };
    const addresses = [...new Set(this.sources.map((s) => s.address))];
    const topics = [...new Set(this.sources.flatMap((s) => s.handlers.map((h) => h.topic0)))];
    while (this.nextBlock <= head) {
      const from = this.nextBlock;
      const to = Math.min(head, from + this.batchBlocks - 1);
      const logs = await this.rpc<RpcLog[]>("eth_getLogs", [
        {
          fromBlock: "0x" + from.toString(16),
          toBlock: "0x" + to.toString(16),
          address: addresses,
          topics: [topics],
        },
      ]);
      logs.sort(
        (a, b) =>
          Number(big(a.blockNumber) - big(b.blockNumber)) ||
          Number(big(a.logIndex) - big(b.logIndex)),
      );
      let i = 0;
      while (i < logs.length) {
        const number = logs[i].blockNumber;
        let j = i;
        while (j < logs.length && logs[j].blockNumber === number) j++;
        events += await this.processBlock(Number(big(number)), logs.slice(i, j));
        blocks += 1;
        i = j;
      }
      this.nextBlock = to + 1;
    }
    this.eventsHandled += events;
    return { events, blocks, head };
  }

  private async processBlock(number: number, logs: RpcLog[]): Promise<number> {
    const block = await this.rpc<RpcBlock>("eth_getBlockByNumber", [
      "0x" + number.toString(16),
      true,
    ]);
    const blockInput = toBlockInput(block);
    const txs = new Map(block.transactions.map((t) => [t.hash.toLowerCase(), t]));
    const receipts = new Map<string, ReceiptInput>();
    const txLogCounter = new Map<string, bigint>();
    let handled = 0;
    this.store.beginBlock();
    try {
      for (const log of logs) {
        const txHash = log.transactionHash.toLowerCase();
        const txLogIndex = txLogCounter.get(txHash) ?? 0n;
        txLogCounter.set(txHash, txLogIndex + 1n);
        const matches = this.byTopic.get(`${log.address.toLowerCase()}:${log.topics[0]}`) ?? [];
        for (const { source, handler } of matches) {
          if (number < source.from) continue;
          const tx = txs.get(txHash);
          if (!tx) throw new Error(`block ${number} has no transaction ${txHash}`);
          let receipt: ReceiptInput | null = null;
          if (handler.receipt) {
            receipt = receipts.get(txHash) ?? null;
            if (receipt === null) {
              receipt = toReceiptInput(
                await this.rpc<RpcReceipt>("eth_getTransactionReceipt", [txHash]),
              );
              receipts.set(txHash, receipt);
            }
          }
          const decodeStart = performance.now();
          const values = decodeEventParameters(
            handler.fragment.inputs,
            log.topics.map(hexToBytes),
            hexToBytes(log.data),
          );
          const event: EventInput = {
            address: hexToBytes(log.address),
            logIndex: big(log.logIndex),
            transactionLogIndex: txLogIndex,
            logType: null,
            block: blockInput,
            transaction: toTransactionInput(tx),
            parameters: handler.fragment.inputs.map((input, k) => ({
              name: input.name,
              value: values[k],
            })),
            receipt,
          };
          const module = this.modules.get(source.wasmPath)!;
          const handlerStart = performance.now();
          this.timings.decodeMs += handlerStart - decodeStart;
          try {
            module.handleEvent(handler.handler, event, {
              store: this.store,
              dataSource: {
                name: source.name,
                address: hexToBytes(source.address),
                network: source.network,
                context: source.context,
              },
              logs: this.logs,
              echoLogs: this.options.echoLogs,
            });
          } catch (e) {
            const where = `${source.name}.${handler.handler} on block ${number}, log ${big(log.logIndex)} (tx ${txHash})`;
            if (e instanceof MappingError)
              throw new IndexingError(`${where}: ${e.message}`, BigInt(number), e);
            throw e;
          }
          this.timings.handlerMs += performance.now() - handlerStart;
          handled += 1;
        }
      }
    } catch (e) {
      this.store.rollbackBlock();
      throw e;
    }
    this.store.commitBlock({
      number: BigInt(number),
      hash: block.hash,
      timestamp: big(block.timestamp),
    });
    return handled;
  }
}

function toBlockInput(b: RpcBlock): BlockInput {
  return {
    hash: hexToBytes(b.hash),
    parentHash: hexToBytes(b.parentHash),
    unclesHash: hexToBytes(b.sha3Uncles),
    author: hexToBytes(b.miner),
    stateRoot: hexToBytes(b.stateRoot),
    transactionsRoot: hexToBytes(b.transactionsRoot),
    receiptsRoot: hexToBytes(b.receiptsRoot),
    number: big(b.number),
    gasUsed: big(b.gasUsed),
    gasLimit: big(b.gasLimit),
    timestamp: big(b.timestamp),
    difficulty: big(b.difficulty),
    totalDifficulty: big(b.totalDifficulty),
    size: b.size ? big(b.size) : null,
    baseFeePerGas: b.baseFeePerGas ? big(b.baseFeePerGas) : null,
  };
}

function toTransactionInput(t: RpcTx): TransactionInput {
  return {
    hash: hexToBytes(t.hash),
    index: big(t.transactionIndex),
    from: hexToBytes(t.from),
    to: t.to ? hexToBytes(t.to) : null,
    value: big(t.value),
    gasLimit: big(t.gas),
    gasPrice: big(t.gasPrice),
    input: hexToBytes(t.input),
    nonce: big(t.nonce),
  };
}

function toReceiptInput(r: RpcReceipt): ReceiptInput {
  const counter = new Map<string, bigint>();
  return {
    transactionHash: hexToBytes(r.transactionHash),
    transactionIndex: big(r.transactionIndex),
    blockHash: hexToBytes(r.blockHash),
    blockNumber: big(r.blockNumber),
    cumulativeGasUsed: big(r.cumulativeGasUsed),
    gasUsed: big(r.gasUsed),
    contractAddress: r.contractAddress ? hexToBytes(r.contractAddress) : null,
    logs: r.logs.map((l): LogInput => {
      const n = counter.get(l.transactionHash) ?? 0n;
      counter.set(l.transactionHash, n + 1n);
      return {
        address: hexToBytes(l.address),
        topics: l.topics.map(hexToBytes),
        data: hexToBytes(l.data),
        blockHash: hexToBytes(l.blockHash),
        blockNumber: big(l.blockNumber),
        transactionHash: hexToBytes(l.transactionHash),
        transactionIndex: big(l.transactionIndex),
        logIndex: big(l.logIndex),
        transactionLogIndex: n,
        removed: l.removed === true,
      };
    }),
    status: big(r.status),
    logsBloom: hexToBytes(r.logsBloom),
  };
}
