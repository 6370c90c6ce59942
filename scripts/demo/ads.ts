/**
 * Demo step "ads": an advertiser funds a campaign on the demo video that pays per verified view
 * and click; the verifier quorum settles periods (the SDK builds each settlement exactly as the
 * contract will pay it) until the budget runs out, the last payment prorated; viewers claim their
 * share with one proof each; owner, storage node and platform withdraw. Then one order goes
 * through commerce escrow (pay, ship, confirm, withdraw) and a fan tips the video's owner.
 */
import { Wallet, formatUnits, keccak256, toUtf8Bytes } from "ethers";
import type { DemoContext } from "../demo.js";
import { CommerceOnCoreModule } from "../../deploy/ignition/Commerce.js";
import { AD_SETTLEMENT_TYPES, adEscrowDomain, buildAdSettlement } from "../../sdk/src/ads/index.js";

export const title =
  "Ads and commerce: a campaign pays per view until spent, an escrowed order, a tip";

/** One point of the campaign's budget over time (for the report). */
export interface BudgetPoint {
  period: number;
  views: number;
  clicks: number;
  debited: string;
  remaining: string;
  prorated: boolean;
}

export default async function run(ctx: DemoContext): Promise<void> {
  const { ethers, log, signers } = ctx;
  const pov = ctx.state.pov as { workId: bigint } | undefined;
  const registryState = ctx.state.registry as { registry: string } | undefined;
  if (ctx.deployment === undefined || registryState === undefined || pov === undefined) {
    throw new Error("The ads step needs the token, registry and pov steps first (npm run demo)");
  }
  const core = ctx.deployment.addresses;
  const { networkHelpers } = ctx.connection;
  const token = await ethers.getContractAt("AuteurToken", core.AuteurToken);
  const fmt = (v: bigint) => `${formatUnits(v, 18)} ${ctx.preset.symbol}`;

  const { adEscrow, commerceEscrow, tips } = await ctx.connection.ignition.deploy(
    CommerceOnCoreModule,
    {
      parameters: {
        AuteurCommerceOnCore: {
          authoritySet: core.AuthoritySet,
          token: core.AuteurToken,
          registry: registryState.registry,
          platformTreasury: signers[17].address,
        },
      },
      displayUi: false,
    },
  );
  const escrow = await ethers.getContractAt("AdEscrow", await adEscrow.getAddress());
  const commerce = await ethers.getContractAt("CommerceEscrow", await commerceEscrow.getAddress());
  const tipJar = await ethers.getContractAt("Tips", await tips.getAddress());
  log.info(
    `AdEscrow ${await escrow.getAddress()}, CommerceEscrow ${await commerce.getAddress()}, Tips ${await tipJar.getAddress()}`,
  );

  // the verifiers the pov step enrolled (deterministic demo keys)
  const verifiers = [0, 1, 2]
    .map((i) => new Wallet(keccak256(toUtf8Bytes(`demo pov verifier ${i}`)), ethers.provider))
    .sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1));
  const advertiser = await richest(ctx, token);
  const storage = signers[12];
  const platform = signers[17];
  const viewers = [signers[13], signers[14], signers[9]];
  const owner = await (
    await ethers.getContractAt("CopyrightRegistry", registryState.registry)
  ).ownerOf(pov.workId);

  // 1. the campaign: 20 tokens, 0.1 per view, 0.5 per click, on the demo video only
  const unit = 10n ** 18n;
  const deposit = 20n * unit;
  const now = BigInt(await networkHelpers.time.latest());
  await (await token.connect(advertiser).approve(await escrow.getAddress(), deposit)).wait();
  const split = { creatorBps: 5000n, viewerBps: 3000n, storageBps: 1000n, platformBps: 1000n };
  await (
    await escrow.connect(advertiser).createCampaign(
      {
        token: core.AuteurToken,
        deposit,
        pricePerView: unit / 10n,
        pricePerClick: unit / 2n,
        start: now,
        end: now + 7n * 86_400n,
        minViewsPerWork: 0n,
        split,
      },
      [pov.workId],
    )
  ).wait();
  const campaignId = await escrow.campaignCount();
  log.info(
    `Campaign ${campaignId} by ${short(advertiser.address)}: ${fmt(deposit)} at 0.1 per view and 0.5 per click on work ${pov.workId}; ` +
      "split creator 50 %, viewers 30 %, storage 10 %, platform 10 %",
  );

  // 2. periods of verified activity until the budget is spent
  const domain = adEscrowDomain(
    (await ethers.provider.getNetwork()).chainId,
    await escrow.getAddress(),
  );
  const periods = [
    { views: [40n, 25n, 15n], clicks: 4n },
    { views: [50n, 30n, 20n], clicks: 6n },
    { views: [60n, 40n, 30n], clicks: 10n },
  ];
  let balances: Map<string, bigint> | undefined;
  let lastTree: ReturnType<typeof buildAdSettlement>["viewerTree"] | undefined;
  const timeline: BudgetPoint[] = [
    {
      period: 0,
      views: 0,
      clicks: 0,
      debited: "0",
      remaining: deposit.toString(),
      prorated: false,
    },
  ];
  const rows: Record<string, string>[] = [];
  for (const [i, p] of periods.entries()) {
    const c = await escrow.campaignOf(campaignId);
    if (c.status !== 1n) break; // no longer Active: the budget is spent
    const period = BigInt(i + 1);
    const s = buildAdSettlement({
      campaign: {
        campaignId,
        remaining: c.remaining,
        viewerPool: c.viewerPool,
        pricePerView: c.pricePerView,
        pricePerClick: c.pricePerClick,
        minViewsPerWork: c.minViewsPerWork,
        split: c.split,
      },
      period,
      deadline: BigInt(await networkHelpers.time.latest()) + 3600n,
      activity: [
        {
          workId: pov.workId,
          views: p.views.reduce((a, b) => a + b, 0n),
          clicks: p.clicks,
          storageProvider: storage.address,
          viewers: new Map(viewers.map((v, j) => [v.address, p.views[j]])),
        },
      ],
      previousViewerBalances: balances,
    });
    const sigs = await Promise.all(
      verifiers.slice(0, 2).map((v) => v.signTypedData(domain, AD_SETTLEMENT_TYPES, s.report)),
    );
    await (await escrow.settle(s.report, s.items, sigs)).wait();
    balances = new Map(s.viewerTree.balances);
    lastTree = s.viewerTree;
    const after = await escrow.campaignOf(campaignId);
    const totalViews = Number(p.views.reduce((a, b) => a + b, 0n));
    timeline.push({
      period: i + 1,
      views: totalViews,
      clicks: Number(p.clicks),
      debited: s.debited.toString(),
      remaining: after.remaining.toString(),
      prorated: s.prorated,
    });
    rows.push({
      period: String(i + 1),
      views: String(totalViews),
      clicks: String(p.clicks),
      "face value": fmt(
        p.views.reduce((a, b) => a + b, 0n) * c.pricePerView + p.clicks * c.pricePerClick,
      ),
      paid: fmt(s.debited),
      remaining: fmt(after.remaining),
      note: s.prorated ? "budget exhausted: prorated" : "",
    });
  }
  log.table(rows, { paid: "right", remaining: "right", "face value": "right" });

  // 3. viewers claim once each against the newest cumulative root; payees withdraw
  const claimRows: Record<string, string>[] = [];
  for (const [i, v] of viewers.entries()) {
    const { cumulativeAmount, proof } = lastTree!.claimOf(v.address);
    await (await escrow.claimViewer(campaignId, v.address, cumulativeAmount, proof)).wait();
    claimRows.push({
      who: `viewer ${i + 1}`,
      earned: fmt(cumulativeAmount),
      how: "claim with one proof",
    });
  }
  for (const [who, s] of [
    ["video owner", await ethers.getSigner(owner)],
    ["storage node", storage],
    ["platform", platform],
  ] as const) {
    const credit = await escrow.creditOf(s.address, core.AuteurToken);
    if (credit > 0n) await (await escrow.connect(s).withdraw(core.AuteurToken)).wait();
    claimRows.push({ who, earned: fmt(credit), how: "withdraw credited earnings" });
  }
  log.table(claimRows, { earned: "right" });
  const c = await escrow.campaignOf(campaignId);
  log.info(
    `Deposit ${fmt(c.deposited)} = paid ${fmt(c.paidDirect)} + viewer pool ${fmt(c.viewerPool)} + remaining ${fmt(c.remaining)} + refunded ${fmt(c.refunded)}; ` +
      `escrow now holds ${fmt(await token.balanceOf(await escrow.getAddress()))}`,
  );

  // 4. one escrowed order: a fan buys merchandise from the video's owner
  const fan = viewers[0];
  const price = 3n * unit;
  await (await token.connect(advertiser).transfer(fan.address, 10n * unit)).wait();
  await (await token.connect(fan).approve(await commerce.getAddress(), price)).wait();
  await (
    await commerce
      .connect(fan)
      .createOrder(owner, core.AuteurToken, price, keccak256(toUtf8Bytes("poster #1")))
  ).wait();
  const orderId = await commerce.orderCount();
  const merchant = await ethers.getSigner(owner);
  await (
    await commerce.connect(merchant).markShipped(orderId, keccak256(toUtf8Bytes("tracking 42")))
  ).wait();
  await (await commerce.connect(fan).confirmReceipt(orderId)).wait();
  await (await commerce.connect(merchant).withdraw(core.AuteurToken)).wait();
  log.info(
    `Order ${orderId}: ${fmt(price)} paid into escrow, shipped, confirmed, released to the owner and withdrawn`,
  );

  // 5. a tip to the video's owner
  await (await token.connect(fan).approve(await tipJar.getAddress(), unit)).wait();
  await (
    await tipJar.connect(fan).tipWork(pov.workId, unit, keccak256(toUtf8Bytes("great film")))
  ).wait();
  log.info(`Tip: ${fmt(unit)} from viewer 1 to the owner of work ${pov.workId}`);

  ctx.state.ads = {
    adEscrow: await escrow.getAddress(),
    commerceEscrow: await commerce.getAddress(),
    tips: await tipJar.getAddress(),
    campaignId,
    deposit: deposit.toString(),
    timeline,
    orderId,
  };
}

function short(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

/** The signer holding the most AuteurToken (a genesis beneficiary) advertises. */
async function richest(ctx: DemoContext, token: { balanceOf(a: string): Promise<bigint> }) {
  let best = ctx.signers[1];
  let most = -1n;
  for (const s of ctx.signers.slice(1, 9)) {
    const balance = await token.balanceOf(s.address);
    if (balance > most) [best, most] = [s, balance];
  }
  return best;
}
