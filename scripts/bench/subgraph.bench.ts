/**
 * Subgraph harness benchmark: events indexed per second on a chain with >= 10,000 handled events,
 * and query latency for a 1,000-entity page (in process and over HTTP).
 *
 *   npx tsx scripts/bench/subgraph.bench.ts      (or `npm run bench -- subgraph`)
 *
 * The chain is Hardhat's in-process network: one AuteurToken whose holder delegated to herself, so
 * each transfer logs Transfer + DelegateVotesChanged (two handled events); transfers are mined 500
 * per block. Results go to bench-results/subgraph.{json,md}.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { network } from "hardhat";
import { Indexer, QueryEndpoint, serve } from "../../subgraph/harness/index.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const manifestPath = join(root, "subgraph", "build", "subgraph.yaml");
const TRANSFERS = Number(process.env.BENCH_TRANSFERS ?? 5_000);
const PER_BLOCK = 500;
const HOLDERS = 2_000;
const QUERY_RUNS = 30;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main(): Promise<void> {
  if (!existsSync(manifestPath)) {
    console.log("building the subgraph (npm run -w subgraph build)...");
    const r = spawnSync("npm", ["run", "-w", "subgraph", "build"], { cwd: root, stdio: "inherit" });
    if (r.status !== 0) throw new Error("subgraph build failed");
  }
  const { ethers } = await network.connect();
  const [admin, alice] = await ethers.getSigners();
  const token = await ethers.deployContract("AuteurToken", [
    "Auteur",
    "AUT",
    10n ** 30n,
    0n,
    admin.address,
    [alice.address],
    [10n ** 27n],
  ]);
  const deployBlock = (await token.deploymentTransaction()!.wait())!.blockNumber;
  await (await token.connect(alice).delegate(alice.address)).wait();

  console.log(`sending ${TRANSFERS} transfers, ${PER_BLOCK} per block...`);
  const recipients = Array.from({ length: HOLDERS }, (_, i) =>
    ethers.getAddress("0x" + (0x1000 + i).toString(16).padStart(40, "0")),
  );
  await ethers.provider.send("evm_setAutomine", [false]);
  let nonce = await ethers.provider.getTransactionCount(alice.address);
  const sendStart = performance.now();
  for (let i = 0; i < TRANSFERS; i += PER_BLOCK) {
    const batch = [];
    for (let j = i; j < Math.min(TRANSFERS, i + PER_BLOCK); j++) {
      batch.push(
        token.connect(alice).transfer(recipients[j % HOLDERS], BigInt(1 + (j % 97)), {
          nonce: nonce++,
          gasLimit: 200_000,
        }),
      );
    }
    await Promise.all(batch);
    await ethers.provider.send("evm_mine", []);
    process.stdout.write(".");
  }
  await ethers.provider.send("evm_setAutomine", [true]);
  console.log(` ${((performance.now() - sendStart) / 1000).toFixed(1)} s`);

  const indexer = new Indexer({
    provider: ethers.provider,
    manifestPath,
    contracts: { AuteurToken: { address: await token.getAddress(), blockNumber: deployBlock } },
    onlyListed: true,
  });
  const t0 = performance.now();
  const { events, blocks } = await indexer.sync();
  const indexSeconds = (performance.now() - t0) / 1000;
  const loadDuringIndexing = loadavg()[0];
  const eventsPerSecond = events / indexSeconds;
  console.log("timings (ms):", JSON.stringify(indexer.timings));
  console.log(
    `indexed ${events} events in ${blocks} blocks: ${indexSeconds.toFixed(2)} s, ${eventsPerSecond.toFixed(0)} events/s`,
  );

  // sanity: the indexed balances equal the chain's for a sample of holders
  for (const who of [recipients[0], recipients[HOLDERS - 1], alice.address]) {
    const indexed = indexer.store.load("TokenHolder", who)?.balance;
    const onChain = await token.balanceOf(who);
    if (indexed !== onChain)
      throw new Error(`balance mismatch for ${who}: indexed ${indexed}, chain ${onChain}`);
  }

  const endpoint = new QueryEndpoint(indexer.store);
  const query = `{ tokenHolders(first: 1000, orderBy: balance, orderDirection: desc) { id balance votes account { id } } }`;
  const inProcess: number[] = [];
  for (let i = 0; i < QUERY_RUNS; i++) {
    const s = performance.now();
    const r = (await endpoint.execute(query)) as { data?: { tokenHolders: unknown[] } };
    inProcess.push(performance.now() - s);
    if (r.data?.tokenHolders.length !== 1000)
      throw new Error("the page did not hold 1000 entities");
  }
  const server = await serve(endpoint, 0);
  const overHttp: number[] = [];
  try {
    for (let i = 0; i < QUERY_RUNS; i++) {
      const s = performance.now();
      const res = await fetch(server.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query }),
      });
      await res.json();
      overHttp.push(performance.now() - s);
    }
  } finally {
    await server.close();
  }
  const filtered = `{ transfers(first: 1000, where: { amount_gte: "50" }, orderBy: amount) { id amount to { id } } }`;
  const filteredMs: number[] = [];
  for (let i = 0; i < QUERY_RUNS; i++) {
    const s = performance.now();
    await endpoint.execute(filtered);
    filteredMs.push(performance.now() - s);
  }

  const results = {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? "unknown",
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      loadAverage1m: Number(loadDuringIndexing.toFixed(2)),
    },
    chain: {
      transfers: TRANSFERS,
      perBlock: PER_BLOCK,
      holders: HOLDERS,
      handledEvents: events,
      blocksWithEvents: blocks,
    },
    indexing: {
      seconds: Number(indexSeconds.toFixed(3)),
      eventsPerSecond: Math.round(eventsPerSecond),
      target: 2000,
      rpcSeconds: Number((indexer.timings.rpcMs / 1000).toFixed(3)),
      decodeSeconds: Number((indexer.timings.decodeMs / 1000).toFixed(3)),
      handlerSeconds: Number((indexer.timings.handlerMs / 1000).toFixed(3)),
    },
    query: {
      page: 1000,
      entitiesInCollection: indexer.store.count("TokenHolder"),
      runs: QUERY_RUNS,
      inProcessMedianMs: Number(median(inProcess).toFixed(2)),
      httpMedianMs: Number(median(overHttp).toFixed(2)),
      filteredTransfersMedianMs: Number(median(filteredMs).toFixed(2)),
      transfersInCollection: indexer.store.count("Transfer"),
    },
  };
  const out = join(root, "bench-results");
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "subgraph.json"), JSON.stringify(results, null, 2) + "\n");
  const md = `# Subgraph harness benchmark

Generated by \`scripts/bench/subgraph.bench.ts\` on ${results.date} (${results.machine.cpus} CPUs, ${results.machine.cpuModel}, Node ${results.machine.node}, 1-minute load average ${results.machine.loadAverage1m} when indexing ended).

| measure | value |
| --- | --- |
| handled events (Transfer + DelegateVotesChanged) | ${events} in ${blocks} blocks |
| indexing time | ${results.indexing.seconds} s (JSON-RPC ${results.indexing.rpcSeconds} s, decoding ${results.indexing.decodeSeconds} s, handlers ${results.indexing.handlerSeconds} s) |
| **events indexed per second** | **${results.indexing.eventsPerSecond}** (target >= 2,000) |
| 1,000-entity page of ${results.query.entitiesInCollection} TokenHolders, ordered by balance, in process (median of ${QUERY_RUNS}) | ${results.query.inProcessMedianMs} ms |
| same page over HTTP | ${results.query.httpMedianMs} ms |
| 1,000 filtered + ordered Transfers out of ${results.query.transfersInCollection} | ${results.query.filteredTransfersMedianMs} ms |

Indexing includes the JSON-RPC reads (eth_getLogs per 2,000 blocks, eth_getBlockByNumber per block
with events) from Hardhat's in-process chain, each handler starting from a freshly reset instance (graph-node's
fresh-instance semantics), and the store writes. The machine may be shared with other work: with a
load average well above its 2 CPUs (see the header), figures are several times slower than on an idle machine.
`;
  writeFileSync(join(out, "subgraph.md"), md);
  console.log(md);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
