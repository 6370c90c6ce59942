/**
 * `auteur ads settle`: one campaign period settled by the verifier quorum. The activity file lists
 * the verified views (per viewer) and clicks per work; `buildAdSettlement` computes the payouts
 * exactly as AdEscrow will, the verifier keys sign the EIP-712 `AdSettlement`, the report is sent,
 * and the campaign's cumulative viewer balances are written for `auteur ads claim`.
 *
 * Activity file (`--activity`), amounts as decimal strings:
 * ```json
 * { "items": [ { "workId": "1", "clicks": "4", "storageProvider": "0x...",
 *                "viewers": { "0xViewer": "40", "0xOther": "25" } } ] }
 * ```
 * A work's views are the sum of its viewers' views (an explicit `"views"` must equal it).
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { getAddress } from "ethers";
import { AuteurInputError } from "../../errors.js";
import {
  AD_SETTLEMENT_TYPES,
  adEscrowDomain,
  buildAdSettlement,
  type AdActivity,
} from "../../ads/buildAdSettlement.js";
import { readContract } from "../../chain/client.js";
import { settleAdPeriod } from "../../chain/actions/adsOps.js";
import { readBalancesTree } from "../../chain/node/balances.js";
import { connect, disconnect, report, type ChainFlags } from "../../chain/node/cli.js";
import { progress } from "../progress.js";
import { readVerifierKeys } from "../secrets.js";
import { writeBalances } from "./pov-files.js";

interface Campaign {
  status: bigint;
  minViewsPerWork: bigint;
  lastPeriod: bigint;
  split: { creatorBps: bigint; viewerBps: bigint; storageBps: bigint; platformBps: bigint };
  pricePerView: bigint;
  pricePerClick: bigint;
  remaining: bigint;
  viewerPool: bigint;
  viewerRoot: string;
}

const ZERO = `0x${"0".repeat(64)}`;

function whole(v: unknown, where: string): bigint {
  if (typeof v === "string" && /^[0-9]+$/.test(v)) return BigInt(v);
  if (typeof v === "number" && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
  throw new AuteurInputError("ACTIVITY_INVALID", `${where} is not a whole number`, {
    hints: ['write counts as decimal strings, e.g. "40"'],
  });
}

/** Reads and checks an activity file. */
export async function readActivity(path: string): Promise<AdActivity[]> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, "utf8"));
  } catch (cause) {
    throw new AuteurInputError("ACTIVITY_UNREADABLE", `cannot read activity JSON ${path}`, {
      hints: ['write {"items": [{"workId": "1", "clicks": "0", "viewers": {"0x...": "3"}}]}'],
      cause,
    });
  }
  const items = (json as { items?: unknown } | null)?.items;
  if (!Array.isArray(items) || items.length === 0) {
    throw new AuteurInputError("ACTIVITY_INVALID", `${path} has no items`, {
      hints: ["list one item per work with its verified viewers and clicks"],
    });
  }
  return items.map((raw, i) => {
    const it = (raw ?? {}) as Record<string, unknown>;
    const where = `${path} items[${i}]`;
    const viewersRaw = it.viewers;
    if (viewersRaw === null || typeof viewersRaw !== "object" || Array.isArray(viewersRaw)) {
      throw new AuteurInputError("ACTIVITY_INVALID", `${where}.viewers is not an object`, {
        hints: ['write "viewers": {"0xViewer": "views"}'],
      });
    }
    const viewers = new Map<string, bigint>();
    for (const [a, v] of Object.entries(viewersRaw as Record<string, unknown>)) {
      let account: string;
      try {
        account = getAddress(a);
      } catch (cause) {
        throw new AuteurInputError("ACTIVITY_INVALID", `${where}.viewers: ${a} is not an address`, {
          cause,
        });
      }
      viewers.set(account, (viewers.get(account) ?? 0n) + whole(v, `${where}.viewers.${a}`));
    }
    const sum = [...viewers.values()].reduce((s, v) => s + v, 0n);
    const views = it.views === undefined ? sum : whole(it.views, `${where}.views`);
    if (views !== sum) {
      throw new AuteurInputError(
        "ACTIVITY_INVALID",
        `${where}: views ${views} but the viewers add up to ${sum}`,
        { hints: ["list every verified viewer of the work, or drop the views field"] },
      );
    }
    let storageProvider: string | undefined;
    if (it.storageProvider !== undefined) {
      try {
        storageProvider = getAddress(String(it.storageProvider));
      } catch (cause) {
        throw new AuteurInputError(
          "ACTIVITY_INVALID",
          `${where}.storageProvider is not an address`,
          {
            cause,
          },
        );
      }
    }
    return {
      workId: whole(it.workId, `${where}.workId`),
      views,
      clicks: it.clicks === undefined ? 0n : whole(it.clicks, `${where}.clicks`),
      viewers,
      ...(storageProvider ? { storageProvider } : {}),
    };
  });
}

export async function runAdsSettle(
  campaignId: bigint,
  values: ChainFlags & {
    activity?: string;
    balances?: string;
    "verifier-key-file"?: string[];
    "deadline-minutes"?: string;
  },
): Promise<void> {
  if (values.activity === undefined) {
    throw new AuteurInputError("FLAG_MISSING", "--activity is required", {
      hints: ["pass the period's verified views and clicks (see `auteur ads --help`)"],
    });
  }
  if (values.balances === undefined) {
    throw new AuteurInputError("FLAG_MISSING", "--balances is required", {
      hints: ["pass --balances campaign-<id>-balances.json: the viewers' claims read it"],
    });
  }
  const minutes = values["deadline-minutes"] ?? "60";
  if (!/^[0-9]+$/.test(minutes) || Number(minutes) === 0) {
    throw new AuteurInputError(
      "FLAG_INVALID",
      "--deadline-minutes must be a positive whole number",
      {
        hints: ["pass --deadline-minutes 60"],
      },
    );
  }
  const activity = await readActivity(values.activity);
  const keys = await readVerifierKeys(values["verifier-key-file"]);
  const client = await connect(values, { needsSigner: true });
  try {
    const c = await readContract<Campaign>(client, "AdEscrow", "campaignOf", [campaignId]);
    if (c.status !== 1n) {
      throw new AuteurInputError(
        "CAMPAIGN_NOT_ACTIVE",
        `campaign ${campaignId} is not active (status ${c.status})`,
        { hints: ["open one with `auteur ads create`; a spent or ended campaign settles no more"] },
      );
    }
    let previous: ReadonlyMap<string, bigint> | undefined;
    if (c.viewerRoot !== ZERO) {
      if (!existsSync(values.balances)) {
        throw new AuteurInputError("BALANCES_MISSING", `no balances file ${values.balances}`, {
          hints: ["pass the balances file the campaign's previous settlement wrote"],
        });
      }
      const tree = await readBalancesTree(values.balances);
      if (tree.root !== c.viewerRoot) {
        throw new AuteurInputError(
          "BALANCES_STALE",
          `${values.balances} is not campaign ${campaignId}'s newest viewer balances`,
          {
            details: { fileRoot: tree.root, chainRoot: c.viewerRoot },
            hints: ["pass the balances file written by this campaign's last `auteur ads settle`"],
          },
        );
      }
      previous = tree.balances;
    } else if (existsSync(values.balances)) {
      throw new AuteurInputError(
        "BALANCES_STALE",
        `${values.balances} exists but campaign ${campaignId} was never settled`,
        { hints: ["pass a new path for the campaign's first balances"] },
      );
    }
    for (const a of activity) {
      if (c.minViewsPerWork !== 0n) {
        a.priorViews = await readContract<bigint>(client, "AdEscrow", "workViews", [
          campaignId,
          a.workId,
        ]);
      }
    }
    const threshold = await readContract<bigint>(client, "AuthoritySet", "quorumThreshold");
    for (const w of keys) {
      if (!(await readContract<boolean>(client, "AuthoritySet", "isVerifier", [w.address]))) {
        throw new AuteurInputError("NOT_A_VERIFIER", `${w.address} is not a verifier`, {
          hints: ["pass the key files of accounts holding VERIFIER_ROLE in the AuthoritySet"],
        });
      }
    }
    if (BigInt(keys.length) < threshold) {
      throw new AuteurInputError(
        "QUORUM_SHORT",
        `${keys.length} verifier key(s) given, the quorum is ${threshold}`,
        { hints: [`pass at least ${threshold} --verifier-key-file`] },
      );
    }
    const block = await client.provider.getBlock("latest");
    const period = c.lastPeriod + 1n;
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
      deadline: BigInt(block?.timestamp ?? Math.floor(Date.now() / 1000)) + BigInt(minutes) * 60n,
      activity,
      ...(previous ? { previousViewerBalances: previous } : {}),
    });
    const bar = progress("settle", keys.length + 1, { json: values.json });
    const domain = adEscrowDomain(client.chainId, client.address("AdEscrow"));
    const signed: { signer: string; signature: string }[] = [];
    for (const w of keys) {
      signed.push({
        signer: w.address,
        signature: await w.signTypedData(domain, AD_SETTLEMENT_TYPES, s.report),
      });
      bar.tick();
    }
    let settled;
    try {
      settled = await settleAdPeriod(client, {
        report: s.report,
        items: s.items,
        signatures: signed,
      });
    } finally {
      bar.done();
    }
    await writeBalances(values.balances, s.viewerTree.balances);
    report(
      values.json,
      {
        campaignId,
        period,
        debited: s.debited,
        prorated: s.prorated,
        remaining: settled.remaining,
        viewerCumulative: s.report.viewerCumulative,
        viewerRoot: s.report.viewerRoot,
        balances: values.balances,
        txHash: settled.txHash,
      },
      [
        `Settled period ${period} of campaign ${campaignId}: paid ${s.debited}${s.prorated ? " (budget spent: prorated)" : ""}, ${settled.remaining} left (tx ${settled.txHash})`,
        `Viewer balances (${s.viewerTree.balances.size} viewers, ${s.report.viewerCumulative} in all) written to ${values.balances}`,
      ],
      `auteur ads claim --campaign ${campaignId} --balances ${values.balances} --account <viewer>`,
    );
  } finally {
    disconnect(client);
  }
}
