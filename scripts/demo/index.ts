/**
 * Demo step "index": the subgraph's compiled mappings index every event the demo emitted (through
 * the harness that runs their WASM in Node, as graph-node would), then the demo asks the questions
 * an integrator asks and prints the answers: works by owner, licences of a work, earnings per
 * role for the settled epoch, and the campaign's spend.
 */
import type { DemoContext } from "../demo.js";
import { INTEGRATOR_QUERIES, QueryEndpoint } from "../../subgraph/harness/index.js";
import { ensureSubgraphBuilt, makeIndexer } from "../../test/subgraph/harness.js";

export const title = "Index: the subgraph indexes every event, an integrator's queries";

type Json = Record<string, unknown>;

export default async function run(ctx: DemoContext): Promise<void> {
  const { ethers, log } = ctx;
  const registry = ctx.state.registry as
    { registry: string; market: string; workId: bigint; owner: string } | undefined;
  const pov = ctx.state.pov as { proofOfView: string; workId: bigint } | undefined;
  const ads = ctx.state.ads as
    { adEscrow: string; commerceEscrow: string; tips: string; campaignId: bigint } | undefined;
  if (ctx.deployment === undefined)
    throw new Error('The index step needs the "token" step first (npm run demo)');

  ensureSubgraphBuilt();
  const at = (address: string | undefined) =>
    address === undefined ? undefined : { address, blockNumber: 0 };
  const contracts = Object.fromEntries(
    Object.entries({
      AuteurToken: at(ctx.deployment.addresses.AuteurToken),
      AuthoritySet: at(ctx.deployment.addresses.AuthoritySet),
      CopyrightRegistry: at(registry?.registry),
      LicenseMarket: at(registry?.market),
      ProofOfView: at(pov?.proofOfView),
      AdEscrow: at(ads?.adEscrow),
      CommerceEscrow: at(ads?.commerceEscrow),
      Tips: at(ads?.tips),
      // the genesis vesting wallets (Vesting_<trancheId>), indexed through their template
      ...Object.fromEntries(
        Object.entries(ctx.deployment.addresses)
          .filter(([name]) => name.startsWith("Vesting_"))
          .map(([name, address]) => [name, at(address)]),
      ),
    }).filter(([, v]) => v !== undefined),
  ) as Record<string, { address: string; blockNumber: number }>;
  const indexer = makeIndexer(ethers.provider, contracts);
  const started = performance.now();
  const { events, blocks } = await indexer.sync();
  const seconds = (performance.now() - started) / 1000;
  const counts = new Map<string, number>();
  for (const name of indexer.store.schema.entities.keys())
    counts.set(name, indexer.store.count(name));
  log.info(
    `Indexed ${events} events in ${blocks} blocks in ${seconds.toFixed(1)} s: ` +
      [...counts.entries()]
        .filter(([, n]) => n > 0)
        .map(([name, n]) => `${n} ${name}`)
        .join(", "),
  );

  const endpoint = new QueryEndpoint(indexer.store);
  const ask = async (name: keyof typeof INTEGRATOR_QUERIES, variables: Json): Promise<Json> => {
    const result = await endpoint.execute(INTEGRATOR_QUERIES[name], variables);
    if (result.errors !== undefined) throw new Error(`${name}: ${JSON.stringify(result.errors)}`);
    return result.data as Json;
  };
  const answers: Json = {};
  if (registry !== undefined) {
    answers.worksByOwner = await ask("worksByOwner", { owner: registry.owner.toLowerCase() });
    answers.licencesOfWork = await ask("licencesOfWork", { work: registry.workId.toString() });
  }
  if (pov !== undefined) {
    // the settlement nonce names the Epoch entity: ask about the last one indexed
    const epochs = [...indexer.store.all("Epoch")].map((e) =>
      String((e.get("id") as { value: unknown }).value),
    );
    if (epochs.length > 0)
      answers.earningsForEpoch = await ask("earningsForEpoch", { epoch: epochs.at(-1) });
  }
  if (ads !== undefined)
    answers.campaignSpend = await ask("campaignSpend", { campaign: ads.campaignId.toString() });

  for (const [name, data] of Object.entries(answers)) {
    log.info(`\n${name}:`);
    log.info(indent(JSON.stringify(data, null, 2)));
  }
  ctx.state.index = { events, blocks, entities: Object.fromEntries(counts), answers };
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((l) => `  ${l}`)
    .join("\n");
}
