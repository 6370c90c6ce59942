/**
 * Demo step "report" (the last one): gathers what the earlier steps left in `ctx.state` and writes
 * the static page `demo-out/report.html` (see `report-html.ts`). Sections whose step did not run,
 * or ran without leaving the data the page needs, show a "not run" note.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { formatUnits } from "ethers";
import type { DemoContext } from "../demo.js";
import { REWARDS_DEFAULTS } from "../../deploy/ignition/Rewards.js";
import { INTEGRATOR_QUERIES } from "../../subgraph/harness/queries.js";
import type { MediaState } from "./media.js";
import {
  emissionCharts,
  renderReport,
  type ReportData,
  type ReportRewardRow,
  type SectionId,
} from "./report-html.js";

export const title = "Report: demo-out/report.html";

/** Where the page is written. */
export const REPORT_PATH = join("demo-out", "report.html");

const tokens = (v: unknown): number => Number(formatUnits(BigInt(String(v)), 18));
const short = (a: string) => (a.length > 12 ? `${a.slice(0, 6)}…${a.slice(-4)}` : a);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

function json(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2);
}

const ROLE_NAMES: Record<string, string> = {
  creator: "creator",
  viewer: "viewers",
  enhancer: "enhancers (subtitles)",
  storageProvider: "storage",
  verifier: "verifiers",
  supervisor: "supervisors",
};

/**
 * Turns the demo's shared state into the report's data. `reportDir` is the folder of the page
 * (image paths are made relative to it). Tolerant: anything absent or of an unexpected shape
 * becomes a "not run" section with the reason.
 */
export function reportDataFromState(
  state: Record<string, unknown>,
  options: { reportDir: string; subtitle?: string; unit?: string },
): ReportData {
  const unit = options.unit ?? "tokens";
  const missing: Partial<Record<SectionId, string>> = {};
  const data: ReportData = { subtitle: options.subtitle, missing };
  const src = (path: string) => relative(options.reportDir, resolve(path)).split("\\").join("/");

  const media = state.media as MediaState | undefined;
  if (media?.photo !== undefined && media.watermark !== undefined) {
    const { photo, watermark: wm } = media;
    const image = (path: string, alt: string) => ({
      src: src(path),
      alt,
      width: photo.width,
      height: photo.height,
    });
    data.photo = {
      original: image(photo.path, "the original photo"),
      watermarked: image(wm.path, "the watermarked photo"),
      difference: image(wm.differencePath, `difference x${wm.gain}`),
      amplification: wm.gain,
      psnr: wm.psnr,
      sha256: photo.sha256,
      pHash: photo.pHash,
      pdq: photo.pdq,
      pdqQuality: photo.pdqQuality,
      payload: wm.payload,
      extracted: wm.extracted,
      confidence: wm.confidence,
      manifestCid: photo.manifestCid,
    };
  } else missing.photo = "the media step did not run";

  const registry = state.registry as
    | { workId?: bigint; owner?: string; buyer?: string; registry?: string; market?: string }
    | undefined;
  if (media?.photo !== undefined) {
    const workId = registry?.workId?.toString();
    const facts: { label: string; value: string }[] = [];
    if (registry !== undefined) {
      if (registry.registry) facts.push({ label: "CopyrightRegistry", value: registry.registry });
      if (registry.owner)
        facts.push({ label: "owner after the RAW transfer", value: registry.owner });
      if (registry.buyer)
        facts.push({ label: "royalty-free licence bought by", value: registry.buyer });
    } else facts.push({ label: "registry step", value: "not run: hashes only, nothing on chain" });
    const on = (text: string) => (registry === undefined ? "not registered" : text);
    data.versions = {
      workId,
      threshold: undefined,
      rows: [
        { ...media.photo, label: "original", note: on(`registered as work #${workId}`) },
        {
          ...media.hd,
          label: "higher resolution",
          note: on("matched: a version of the work, owner unchanged"),
        },
        {
          ...media.raw,
          label: '"RAW" (lossless)',
          note: on(
            `matched RAW: ownership moved to ${short(registry?.owner ?? "?")} after the dispute window`,
          ),
        },
      ],
      facts,
    };
  } else missing.versions = "the media step did not run";

  data.curves = emissionCharts({
    uploadInitialReward: REWARDS_DEFAULTS.uploadInitialReward,
    uploadK: REWARDS_DEFAULTS.uploadK,
    uploadCap: REWARDS_DEFAULTS.uploadCap,
    halving: {
      r0: REWARDS_DEFAULTS.epochReward,
      halvingEpochs: REWARDS_DEFAULTS.halvingEpochs,
      maxHalvings: REWARDS_DEFAULTS.maxHalvings,
    },
    epochMillis: Number(REWARDS_DEFAULTS.epochMillis),
    years: 3,
  });

  const pov = state.pov;
  if (!isObject(pov)) missing.rewards = "the pov step did not run";
  else if (!Array.isArray(pov.earnings)) {
    missing.rewards = "the pov step left no `earnings` in ctx.state.pov";
  } else {
    const names: Record<string, string> =
      pov.names instanceof Map
        ? Object.fromEntries(pov.names as Map<string, string>)
        : isObject(pov.names)
          ? (pov.names as Record<string, string>)
          : {};
    const merged = new Map<string, ReportRewardRow>();
    for (const line of pov.earnings as {
      account: string;
      role: string;
      amount: bigint;
      basis?: string;
    }[]) {
      const k = `${line.account}|${line.role}`;
      const row = merged.get(k) ?? {
        who: names[line.account] ?? short(line.account),
        role: ROLE_NAMES[line.role] ?? line.role,
        amount: 0,
        basis: "",
      };
      row.amount += tokens(line.amount);
      row.basis = [row.basis, line.basis].filter(Boolean).join("; ");
      merged.set(k, row);
    }
    data.rewards = {
      unit,
      epochs: typeof pov.epochs === "string" ? pov.epochs : "Settled epochs",
      rows: [...merged.values()],
    };
  }

  const ads = state.ads;
  if (!isObject(ads)) missing.campaign = "the ads step did not run";
  else if (!Array.isArray(ads.timeline)) missing.campaign = "the ads step left no timeline";
  else {
    data.campaign = {
      campaignId: ads.campaignId === undefined ? undefined : String(ads.campaignId),
      unit,
      deposit: ads.deposit === undefined ? 0 : tokens(ads.deposit),
      points: (ads.timeline as Record<string, unknown>[]).map((p) => ({
        period: Number(p.period),
        views: Number(p.views),
        clicks: Number(p.clicks),
        debited: tokens(p.debited),
        remaining: tokens(p.remaining),
        prorated: Boolean(p.prorated),
      })),
    };
  }

  const index = state.index ?? state.indexing ?? state.subgraph;
  if (!isObject(index)) missing.index = "the indexing step did not run";
  else if (Array.isArray(index.queries)) {
    data.index = {
      queries: (index.queries as Record<string, unknown>[]).map((q, i) => ({
        name: String(q.name ?? `query ${i + 1}`),
        query: typeof q.query === "string" ? q.query : undefined,
        answer: typeof q.answer === "string" ? q.answer : json(q.answer ?? q.result ?? q.data ?? q),
      })),
    };
  } else if (isObject(index.answers)) {
    const { answers, ...summary } = index;
    const known = INTEGRATOR_QUERIES as Record<string, string>;
    data.index = {
      queries: [
        ...(Object.keys(summary).length > 0
          ? [{ name: "indexed (events, blocks, entities)", answer: json(summary) }]
          : []),
        ...Object.entries(answers as Record<string, unknown>).map(([name, answer]) => ({
          name,
          query: known[name],
          answer: json(answer),
        })),
      ],
    };
  } else data.index = { queries: [{ name: "indexing step state", answer: json(index) }] };
  return data;
}

export default async function run(ctx: DemoContext): Promise<void> {
  const chainId = (await ctx.ethers.provider.getNetwork()).chainId;
  const data = reportDataFromState(ctx.state, {
    reportDir: resolve(dirname(REPORT_PATH)),
    subtitle: `Preset ${ctx.presetName}, chain ${chainId} (${ctx.connection.networkName}), ${new Date().toISOString()}`,
    unit: ctx.preset.symbol,
  });
  const registry = ctx.state.registry as { registry?: string } | undefined;
  if (data.versions !== undefined && registry?.registry !== undefined) {
    const reg = await ctx.ethers.getContractAt("CopyrightRegistry", registry.registry);
    data.versions.threshold = Number(await reg.matchThreshold());
  }
  await mkdir(dirname(REPORT_PATH), { recursive: true });
  await writeFile(REPORT_PATH, renderReport(data));
  ctx.log.info(`Wrote ${REPORT_PATH}: open it in a browser (file://${resolve(REPORT_PATH)})`);
  for (const [id, why] of Object.entries(data.missing ?? {})) {
    ctx.log.info(`  section "${id}" not run: ${why}`);
  }
}
