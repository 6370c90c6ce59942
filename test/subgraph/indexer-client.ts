/**
 * The SDK's indexer client against the harness's HTTP endpoint (graph-node's query conventions)
 * over a real indexed campaign: the same client and query texts serve graph-node unchanged.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { AuteurError } from "../../sdk/src/errors.js";
import { createIndexerClient } from "../../sdk/src/indexer/index.js";
import { QueryEndpoint } from "../../subgraph/harness/index.js";
import { serve } from "../../subgraph/harness/server.js";
import { TOKEN_UNIT } from "../registry/fixture.js";
import { deployAdsArea, openCampaign, settlePeriod } from "../ads/fixture.js";
import { ensureSubgraphBuilt, makeIndexer } from "./harness.js";

const { ethers, networkHelpers } = await network.getOrCreate();

describe("SDK indexer client against the local GraphQL endpoint", function () {
  before(function () {
    this.timeout(600_000);
    ensureSubgraphBuilt();
  });

  async function indexed() {
    const startBlock = await ethers.provider.getBlockNumber();
    const a = await deployAdsArea(ethers, networkHelpers);
    const { campaignId } = await openCampaign(a, networkHelpers, 2n * TOKEN_UNIT);
    const p1 = await settlePeriod(a, networkHelpers, campaignId, 1n, [10n, 20n, 30n], 1n);
    await (await p1.tx).wait();
    const indexer = makeIndexer(ethers.provider, {
      AdEscrow: { address: await a.escrow.getAddress(), blockNumber: startBlock },
      CopyrightRegistry: { address: await a.registry.getAddress(), blockNumber: startBlock },
    });
    await indexer.sync();
    return { ...a, campaignId, p1, indexer };
  }

  it("answers the integrator's queries as the chain says", async function () {
    const s = await networkHelpers.loadFixture(indexed);
    const server = await serve(new QueryEndpoint(s.indexer.store), 0);
    try {
      const client = createIndexerClient({ url: server.url });
      const { works } = (await client.worksByOwner(s.alice.address)) as { works: { id: string }[] };
      expect(works.map((w) => w.id)).to.deep.equal(["1"]);
      const { campaign } = (await client.campaignSpend(s.campaignId)) as {
        campaign: {
          deposited: string;
          debited: string;
          remaining: string;
          settlements: { period: string }[];
        };
      };
      const c = await s.escrow.campaignOf(s.campaignId);
      expect(BigInt(campaign.deposited)).to.equal(c.deposited);
      expect(BigInt(campaign.remaining)).to.equal(c.remaining);
      expect(BigInt(campaign.debited)).to.equal(s.p1.s.debited);
      expect(campaign.settlements.map((x) => x.period)).to.deep.equal(["1"]);
    } finally {
      await server.close();
    }
  });

  it("turns GraphQL errors and an unreachable endpoint into AuteurErrors that name the fix", async function () {
    const s = await networkHelpers.loadFixture(indexed);
    const server = await serve(new QueryEndpoint(s.indexer.store), 0);
    try {
      const client = createIndexerClient({ url: server.url });
      const bad = await client.query("{ noSuchEntities { id } }").catch((e: unknown) => e);
      expect(bad).to.be.instanceOf(AuteurError);
      expect((bad as AuteurError).code).to.equal("INDEXER_QUERY_FAILED");
      expect((bad as AuteurError).hints.join(" ")).to.match(/schema\.graphql/);
    } finally {
      await server.close();
    }
    // the port is closed now: nothing answers there any more
    const gone = await createIndexerClient({ url: server.url })
      .query("{ campaigns { id } }")
      .catch((e: unknown) => e);
    expect((gone as AuteurError).code).to.equal("INDEXER_UNREACHABLE");
  });
});
