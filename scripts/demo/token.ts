/**
 * Demo step "token": deploys the preset's core (AuthoritySet, AuteurToken, vesting wallets)
 * through Ignition, then prints the allocation table, the vesting schedules (read from the
 * wallets on chain) and the addresses. Each tranche gets its own local account as beneficiary.
 */
import type { DemoContext } from "../demo.js";
import { deployCore } from "../../deploy/core.js";
import { vestingWalletId } from "../../deploy/ignition/AuteurCore.js";
import { describeVesting, fmt, MONTH_SECONDS, walletSchedule } from "../../deploy/presets.js";

export const title = "Token: deploy the preset, genesis allocation and vesting";

export default async function run(ctx: DemoContext): Promise<void> {
  const { preset, log, ethers } = ctx;
  const beneficiaries: Record<string, string> = {};
  preset.tranches.forEach((t, i) => {
    beneficiaries[t.id] = ctx.signers[(i % (ctx.signers.length - 1)) + 1].address;
  });
  const deployment = await deployCore(ctx.connection, preset, { beneficiaries });
  ctx.deployment = deployment;
  const token = await ethers.getContractAt("AuteurToken", deployment.addresses.AuteurToken);

  log.info(
    `${preset.tokenName} (${preset.symbol}); source design: ${preset.source}\n` +
      `cap ${fmt(preset.cap)}, genesis ${fmt(preset.genesisSupply)}, minted later ${fmt(preset.mintLater)}` +
      (preset.fixedSupply ? " (fixed supply: no minter can ever be granted)" : ""),
  );
  for (const note of preset.notes) log.info(`  - ${note}`);

  log.info("\nAllocation (balances read from the chain):");
  const rows: Record<string, string>[] = [];
  for (const row of deployment.allocation) {
    const t = preset.tranches.find((x) => x.id === row.tranche)!;
    const balance = row.amount === 0n ? 0n : await token.balanceOf(row.holder);
    rows.push({
      tranche: row.label,
      share: `${t.share}/${preset.shareDenominator}`,
      genesis: fmt(balance),
      "minted later": t.reserve > 0n ? `${fmt(t.reserve)} by ${t.reserveMinter}` : "",
      vesting: describeVesting(t.vesting),
      holder: short(row.holder),
    });
  }
  for (const e of preset.emissions) {
    rows.push({
      tranche: e.label,
      share: "",
      genesis: "0",
      "minted later": `${fmt(e.amount)} by ${e.minter}`,
      vesting: "",
      holder: "",
    });
  }
  log.table(rows, { genesis: "right", "minted later": "right" });
  log.info(
    `total supply ${fmt(await token.totalSupply())} / cap ${fmt(await token.cap())}` +
      `, room for minters ${fmt((await token.cap()) - (await token.totalSupply()))}`,
  );

  const vesting = preset.tranches.filter((t) => t.vesting !== undefined && t.genesis > 0n);
  if (vesting.length === 0) {
    log.info("\nVesting: none (every tranche is immediate).");
  } else {
    const start = deployment.vestingStart;
    log.info(`\nVesting (start ${new Date(Number(start) * 1000).toISOString()}, month = 30 days):`);
    for (const t of vesting) {
      const wallet = await ethers.getContractAt(
        "AuteurVestingWallet",
        deployment.addresses[vestingWalletId(t.id)],
      );
      const s = walletSchedule(t.vesting!);
      const lastMonth = Number(s.durationSeconds / MONTH_SECONDS);
      const firstMonth = Number(s.cliffSeconds / MONTH_SECONDS);
      const months = [
        ...new Set([
          0,
          Math.max(firstMonth - 1, 0),
          firstMonth,
          ...range(firstMonth + 1, lastMonth),
        ]),
      ];
      const schedule: Record<string, string>[] = [];
      for (const m of months) {
        const at = start + BigInt(m) * MONTH_SECONDS;
        const vested = await wallet["vestedAmount(address,uint64)"](
          deployment.addresses.AuteurToken,
          at,
        );
        schedule.push({ month: String(m), vested: fmt(vested), "%": pct(vested, t.genesis) });
      }
      log.info(
        `${t.label}: ${describeVesting(t.vesting)} (wallet ${short(await wallet.getAddress())})`,
      );
      log.table(schedule, { month: "right", vested: "right", "%": "right" });
    }
  }

  log.info("\nAddresses:");
  log.table(
    Object.entries(deployment.records).map(([name, r]) => ({
      contract: name,
      address: r.address,
      block: String(r.blockNumber),
      tx: short(r.txHash),
    })),
  );
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i <= to; i++) out.push(i);
  return out;
}

function pct(part: bigint, whole: bigint): string {
  if (whole === 0n) return "-";
  return `${(Number((part * 10_000n) / whole) / 100).toFixed(2)} %`;
}

function short(hex: string): string {
  return `${hex.slice(0, 8)}…${hex.slice(-6)}`;
}
