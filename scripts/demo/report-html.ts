/**
 * The demo's static report: `renderReport(data)` turns what the demo steps measured into one
 * self-contained HTML page (inline CSS, SVG charts drawn here, images referenced as files next to
 * the page or as data URIs; no script, no network). Pure: the same data gives the same page.
 *
 * Sections (stable ids): `photo`, `versions`, `curves`, `rewards`, `campaign`, `index`. A section
 * whose data is absent renders a "not run" note instead.
 */
import {
  CHAINFLIX_HALVING,
  WAD,
  halvingCumulative,
  halvingRate,
  linearRemaining,
  powerDecay,
  type HalvingSchedule,
} from "../../sdk/src/pov/curves.js";

/** An image the page shows: `src` is a path relative to the page or a data URI. */
export interface ReportImage {
  src: string;
  alt: string;
  width: number;
  height: number;
}

/** The photo, its watermarked version and their amplified difference. */
export interface ReportPhoto {
  original: ReportImage;
  watermarked: ReportImage;
  difference: ReportImage;
  /** Factor the difference is multiplied by (around mid-grey). */
  amplification: number;
  /** PSNR of the watermarked photo against the original, in dB. */
  psnr: number;
  sha256: string;
  pHash: string;
  pdq: string;
  pdqQuality: number;
  /** The 64-bit payload embedded (16 hex digits) and what the extractor read back. */
  payload: string;
  extracted: string | null;
  confidence: number;
  manifestCid?: string;
}

/** One row of the matched-versions table. */
export interface ReportVersion {
  label: string;
  width: number;
  height: number;
  sha256: string;
  pHash: string;
  /** pHash Hamming distance to the original. */
  distance: number;
  /** Who holds it / what it did on chain. */
  note: string;
}

export interface ReportVersions {
  workId?: string;
  threshold?: number;
  rows: ReportVersion[];
  /** Free lines (owner, creator, licence, ...). */
  facts: { label: string; value: string }[];
}

/** A curve: points (x, y) in the chart's units. */
export interface ReportSeries {
  name: string;
  points: [number, number][];
}

export interface ReportChart {
  id: string;
  title: string;
  xLabel: string;
  yLabel: string;
  series: ReportSeries[];
  /** Draw as a step function (value holds until the next point). */
  step?: boolean;
  caption?: string;
}

export interface ReportRewardRow {
  who: string;
  role: string;
  /** Amount in whole tokens. */
  amount: number;
  basis?: string;
}

export interface ReportRewards {
  /** e.g. "epochs 0..4". */
  epochs?: string;
  unit: string;
  rows: ReportRewardRow[];
}

export interface ReportCampaignPoint {
  period: number;
  views: number;
  clicks: number;
  /** Whole tokens. */
  debited: number;
  remaining: number;
  prorated: boolean;
}

export interface ReportCampaign {
  campaignId?: string;
  unit: string;
  /** Whole tokens. */
  deposit: number;
  points: ReportCampaignPoint[];
}

export interface ReportIndexQuery {
  name: string;
  query?: string;
  /** The answer, as text (usually JSON). */
  answer: string;
}

export interface ReportIndex {
  queries: ReportIndexQuery[];
}

/** Everything `renderReport` shows; absent parts render a "not run" note. */
export interface ReportData {
  title?: string;
  /** Free text under the title (preset, chain, date). */
  subtitle?: string;
  photo?: ReportPhoto;
  versions?: ReportVersions;
  curves?: ReportChart[];
  rewards?: ReportRewards;
  campaign?: ReportCampaign;
  index?: ReportIndex;
  /** Why a section has no data, by section id (shown in the "not run" note). */
  missing?: Partial<Record<SectionId, string>>;
}

export const SECTION_IDS = ["photo", "versions", "curves", "rewards", "campaign", "index"] as const;
export type SectionId = (typeof SECTION_IDS)[number];

/** The UploadMiner and ProofOfView parameters the curves are drawn for. */
export interface CurveParameters {
  /** UploadMiner first reward (base units), decay constant k (WAD) and cap (base units). */
  uploadInitialReward: bigint;
  uploadK: bigint;
  uploadCap: bigint;
  halving: HalvingSchedule;
  /** Epoch length in milliseconds (for the time axis). */
  epochMillis: number;
  /** How many years of epochs the halving charts cover. */
  years?: number;
}

export const DEFAULT_CURVE_PARAMETERS: CurveParameters = {
  uploadInitialReward: 100n * WAD,
  uploadK: 5n * WAD,
  uploadCap: 525_000_000n * WAD,
  halving: CHAINFLIX_HALVING,
  epochMillis: 43_200,
  years: 3,
};

const tokens = (v: bigint): number => Number(v / 10n ** 12n) / 1e6;

/**
 * The emission charts, computed with the TypeScript twin of the Solidity curves: reward per upload
 * against the share of the UploadMiner cap already minted (LinearRemaining and PowerDecay), then
 * the ProofOfView Halving schedule per epoch and cumulated, over `years`.
 */
export function emissionCharts(p: CurveParameters = DEFAULT_CURVE_PARAMETERS): ReportChart[] {
  const steps = 200;
  const linear: [number, number][] = [];
  const power: [number, number][] = [];
  for (let i = 0; i <= steps; i++) {
    const generated = (p.uploadCap * BigInt(i)) / BigInt(steps);
    const x = (100 * i) / steps;
    linear.push([x, tokens(linearRemaining(p.uploadInitialReward, p.uploadCap, generated))]);
    power.push([x, tokens(powerDecay(p.uploadInitialReward, p.uploadK, p.uploadCap, generated))]);
  }
  const epochsPerYear = Math.round((365 * 86_400_000) / p.epochMillis);
  const years = p.years ?? 3;
  const lastEpoch = BigInt(epochsPerYear * years);
  const rate: [number, number][] = [];
  const cumulative: [number, number][] = [];
  const samples = 240;
  for (let i = 0; i <= samples; i++) {
    const epoch = (lastEpoch * BigInt(i)) / BigInt(samples);
    const year = Number(epoch) / epochsPerYear;
    rate.push([year, tokens(halvingRate(p.halving, epoch))]);
    cumulative.push([year, tokens(halvingCumulative(p.halving, epoch)) / 1e6]);
  }
  const kText = (Number(p.uploadK / 10n ** 14n) / 1e4).toString();
  return [
    {
      id: "curve-upload",
      title: "UploadMiner: reward per upload",
      xLabel: "share of the upload-mining cap already minted (%)",
      yLabel: "tokens per upload",
      series: [
        { name: "LinearRemaining", points: linear },
        { name: `PowerDecay (k = ${kText})`, points: power },
      ],
      caption: `First reward ${tokens(p.uploadInitialReward)} tokens, cap ${fmtNumber(tokens(p.uploadCap))} tokens.`,
    },
    {
      id: "curve-halving",
      title: "ProofOfView: Halving emission per epoch",
      xLabel: "years since genesis",
      yLabel: "tokens per epoch",
      series: [{ name: "Halving", points: rate }],
      step: true,
      caption: `${tokens(p.halving.r0)} tokens per ${p.epochMillis / 1000} s epoch, halved every ${fmtNumber(Number(p.halving.halvingEpochs))} epochs, at most ${p.halving.maxHalvings} time(s).`,
    },
    {
      id: "curve-cumulative",
      title: "ProofOfView: cumulative emission",
      xLabel: "years since genesis",
      yLabel: "million tokens",
      series: [{ name: "cumulative", points: cumulative }],
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// HTML helpers

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const e = (v: unknown): string => escapeHtml(String(v));

function fmtNumber(v: number, digits = 2): string {
  return v.toLocaleString("en-US", { maximumFractionDigits: digits });
}

const COLORS = ["#1f6feb", "#d9480f", "#2b8a3e", "#862e9c", "#c2255c", "#e67700", "#0b7285"];

/** "Nice" tick values covering [min, max]. */
function ticks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) {
    out.push(Number(v.toPrecision(12)));
  }
  return out;
}

const num = (v: number): string => (Math.round(v * 100) / 100).toString();

/** A line chart as inline SVG (one `<path>` per series, axes, ticks, legend). */
export function lineChartSvg(chart: ReportChart, width = 560, height = 300): string {
  const m = { left: 64, right: 16, top: 28, bottom: 48 };
  const all = chart.series.flatMap((s) => s.points);
  const xs = all.map((p) => p[0]);
  const ys = all.map((p) => p[1]);
  const xMin = Math.min(...xs);
  const xMax = Math.max(...xs);
  const yMax = Math.max(...ys) * 1.08 || 1;
  const yMin = Math.min(0, ...ys);
  const px = (x: number) => m.left + ((x - xMin) / (xMax - xMin || 1)) * (width - m.left - m.right);
  const py = (y: number) =>
    height - m.bottom - ((y - yMin) / (yMax - yMin || 1)) * (height - m.top - m.bottom);
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" id="${e(chart.id)}" class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${e(chart.title)}">`,
    `<title>${e(chart.title)}</title>`,
    `<text x="${m.left}" y="18" class="ctitle">${e(chart.title)}</text>`,
  );
  for (const t of ticks(yMin, yMax)) {
    const y = num(py(t));
    parts.push(
      `<line x1="${m.left}" x2="${width - m.right}" y1="${y}" y2="${y}" class="grid"/>`,
      `<text x="${m.left - 6}" y="${y}" class="tick" text-anchor="end" dominant-baseline="middle">${e(fmtNumber(t))}</text>`,
    );
  }
  const integerX = xs.every((x) => Number.isInteger(x));
  for (const t of ticks(xMin, xMax).filter((v) => !integerX || Number.isInteger(v))) {
    const x = num(px(t));
    parts.push(
      `<line x1="${x}" x2="${x}" y1="${height - m.bottom}" y2="${height - m.bottom + 4}" class="axis"/>`,
      `<text x="${x}" y="${height - m.bottom + 16}" class="tick" text-anchor="middle">${e(fmtNumber(t))}</text>`,
    );
  }
  parts.push(
    `<line x1="${m.left}" x2="${width - m.right}" y1="${height - m.bottom}" y2="${height - m.bottom}" class="axis"/>`,
    `<line x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${height - m.bottom}" class="axis"/>`,
    `<text x="${(m.left + width - m.right) / 2}" y="${height - 8}" class="label" text-anchor="middle">${e(chart.xLabel)}</text>`,
    `<text transform="translate(14 ${(m.top + height - m.bottom) / 2}) rotate(-90)" class="label" text-anchor="middle">${e(chart.yLabel)}</text>`,
  );
  chart.series.forEach((s, i) => {
    let d = "";
    s.points.forEach(([x, y], j) => {
      if (j === 0) d += `M${num(px(x))},${num(py(y))}`;
      else if (chart.step) d += `H${num(px(x))}V${num(py(y))}`;
      else d += `L${num(px(x))},${num(py(y))}`;
    });
    const color = COLORS[i % COLORS.length];
    parts.push(
      `<path d="${d}" fill="none" stroke="${color}" stroke-width="2" data-series="${e(s.name)}"/>`,
    );
    const ly = m.top + 4 + i * 16;
    parts.push(
      `<line x1="${width - m.right - 190}" x2="${width - m.right - 170}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="3"/>`,
      `<text x="${width - m.right - 164}" y="${ly}" class="tick" dominant-baseline="middle">${e(s.name)}</text>`,
    );
  });
  parts.push("</svg>");
  return parts.join("");
}

/** A horizontal bar chart as inline SVG (one `<path>` per bar). */
export function barChartSvg(
  id: string,
  title: string,
  bars: { label: string; value: number }[],
  unit: string,
  width = 560,
): string {
  const rowH = 28;
  const m = { left: 150, right: 110, top: 30, bottom: 10 };
  const height = m.top + m.bottom + rowH * bars.length;
  const max = Math.max(...bars.map((b) => b.value), 0) || 1;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" id="${e(id)}" class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${e(title)}">`,
    `<title>${e(title)}</title>`,
    `<text x="8" y="18" class="ctitle">${e(title)}</text>`,
  ];
  bars.forEach((b, i) => {
    const y = m.top + i * rowH;
    const w = Math.max(1, (b.value / max) * (width - m.left - m.right));
    parts.push(
      `<text x="${m.left - 8}" y="${y + rowH / 2}" class="tick" text-anchor="end" dominant-baseline="middle">${e(b.label)}</text>`,
      `<path d="M${m.left},${y + 4}h${num(w)}v${rowH - 8}h${num(-w)}Z" fill="${COLORS[i % COLORS.length]}" data-bar="${e(b.label)}"/>`,
      `<text x="${num(m.left + w + 6)}" y="${y + rowH / 2}" class="tick" dominant-baseline="middle">${e(fmtNumber(b.value, 4))} ${e(unit)}</text>`,
    );
  });
  parts.push("</svg>");
  return parts.join("");
}

function table(headers: string[], rows: string[][], numeric: boolean[] = []): string {
  const th = headers.map((h, i) => `<th${numeric[i] ? ' class="num"' : ""}>${e(h)}</th>`);
  const body = rows.map(
    (r) =>
      `<tr>${r.map((c, i) => `<td${numeric[i] ? ' class="num"' : ""}>${c}</td>`).join("")}</tr>`,
  );
  return `<table><thead><tr>${th.join("")}</tr></thead><tbody>${body.join("")}</tbody></table>`;
}

const code = (v: string): string => `<code>${e(v)}</code>`;

function notRun(id: SectionId, data: ReportData, what: string): string {
  const why = data.missing?.[id];
  return `<p class="notrun">Not run: ${e(what)}${why ? ` (${e(why)})` : ""}.</p>`;
}

function section(id: SectionId, heading: string, body: string): string {
  return `<section id="${id}"><h2>${e(heading)}</h2>${body}</section>`;
}

function img(image: ReportImage, caption: string): string {
  return (
    `<figure><img src="${e(image.src)}" alt="${e(image.alt)}" width="${image.width}" height="${image.height}">` +
    `<figcaption>${caption}</figcaption></figure>`
  );
}

function photoSection(data: ReportData): string {
  const p = data.photo;
  if (p === undefined) {
    return section(
      "photo",
      "The photo and its watermark",
      notRun("photo", data, "no photo was processed by the media step"),
    );
  }
  const ok = p.extracted === p.payload;
  const body =
    `<div class="photos">` +
    img(p.original, `Original, ${p.original.width}×${p.original.height}`) +
    img(p.watermarked, `Watermarked (invisible mark), PSNR ${e(p.psnr.toFixed(2))} dB`) +
    img(
      p.difference,
      `Difference ×${p.amplification} around mid-grey (grey = unchanged, light/dark = luma raised/lowered)`,
    ) +
    `</div>` +
    table(
      ["", "value"],
      [
        ["SHA-256", code(p.sha256)],
        ["pHash (64 bits)", code(p.pHash)],
        ["PDQ (256 bits)", `${code(p.pdq)} quality ${e(p.pdqQuality)}`],
        ["watermark payload", code(p.payload)],
        [
          "extracted back",
          `${code(p.extracted ?? "none")} <span class="${ok ? "ok" : "bad"}">${ok ? "matches" : "does not match"}</span>, confidence ${e(p.confidence.toFixed(3))}`,
        ],
        ["PSNR", `${e(p.psnr.toFixed(2))} dB`],
        ...(p.manifestCid ? [["manifest CID", code(p.manifestCid)]] : []),
      ],
    );
  return section("photo", "The photo and its watermark", body);
}

function versionsSection(data: ReportData): string {
  const v = data.versions;
  if (v === undefined || v.rows.length === 0) {
    return section(
      "versions",
      "Matched versions",
      notRun("versions", data, "the registry step left no versions"),
    );
  }
  const head = v.workId
    ? `<p>Work #${e(v.workId)}${v.threshold !== undefined ? `, match threshold ${e(v.threshold)} bits of pHash distance` : ""}.</p>`
    : "";
  const rows = v.rows.map((r) => [
    e(r.label),
    `${r.width}×${r.height}`,
    code(`${r.sha256.slice(0, 16)}…`),
    code(r.pHash),
    e(r.distance),
    e(r.note),
  ]);
  const facts = v.facts.length
    ? `<dl>${v.facts.map((f) => `<dt>${e(f.label)}</dt><dd>${e(f.value)}</dd>`).join("")}</dl>`
    : "";
  return section(
    "versions",
    "Matched versions",
    head +
      table(["copy", "size", "SHA-256", "pHash", "distance", "on chain"], rows, [
        false,
        false,
        false,
        false,
        true,
        false,
      ]) +
      facts,
  );
}

function curvesSection(data: ReportData): string {
  const charts = data.curves;
  if (charts === undefined || charts.length === 0) {
    return section("curves", "Emission curves", notRun("curves", data, "no curves computed"));
  }
  const body = charts
    .map(
      (c) =>
        `<figure class="chart">${lineChartSvg(c)}${c.caption ? `<figcaption>${e(c.caption)}</figcaption>` : ""}</figure>`,
    )
    .join("");
  return section("curves", "Emission curves", `<div class="figs">${body}</div>`);
}

function rewardsSection(data: ReportData): string {
  const r = data.rewards;
  if (r === undefined || r.rows.length === 0) {
    return section(
      "rewards",
      "Reward split of the settled epochs",
      notRun("rewards", data, "the Proof-of-View step left no settled split"),
    );
  }
  const byRole = new Map<string, number>();
  for (const row of r.rows) byRole.set(row.role, (byRole.get(row.role) ?? 0) + row.amount);
  const total = r.rows.reduce((a, b) => a + b.amount, 0);
  const bars = [...byRole].map(([label, value]) => ({ label, value }));
  const body =
    (r.epochs ? `<p>${e(r.epochs)}: ${e(fmtNumber(total, 4))} ${e(r.unit)} minted.</p>` : "") +
    barChartSvg("rewards-by-role", "Per role", bars, r.unit) +
    table(
      ["who", "role", `earned (${r.unit})`, "share", "why"],
      r.rows.map((row) => [
        e(row.who),
        e(row.role),
        e(fmtNumber(row.amount, 4)),
        e(`${total > 0 ? ((100 * row.amount) / total).toFixed(2) : "0"} %`),
        e(row.basis ?? ""),
      ]),
      [false, false, true, true, false],
    );
  return section("rewards", "Reward split of the settled epochs", body);
}

function campaignSection(data: ReportData): string {
  const c = data.campaign;
  if (c === undefined || c.points.length === 0) {
    return section(
      "campaign",
      "Campaign budget over time",
      notRun("campaign", data, "the ads step left no campaign timeline"),
    );
  }
  const chart: ReportChart = {
    id: "campaign-budget",
    title: `Campaign${c.campaignId ? ` #${c.campaignId}` : ""}: remaining budget per settled period`,
    xLabel: "settlement period",
    yLabel: c.unit,
    step: true,
    series: [{ name: "remaining", points: c.points.map((p) => [p.period, p.remaining]) }],
  };
  const body =
    `<p>Deposit ${e(fmtNumber(c.deposit, 4))} ${e(c.unit)}.</p>` +
    `<figure class="chart">${lineChartSvg(chart)}</figure>` +
    table(
      ["period", "views", "clicks", `debited (${c.unit})`, `remaining (${c.unit})`, ""],
      c.points.map((p) => [
        e(p.period),
        e(p.views),
        e(p.clicks),
        e(fmtNumber(p.debited, 4)),
        e(fmtNumber(p.remaining, 4)),
        p.prorated ? "last payment prorated" : "",
      ]),
      [true, true, true, true, true, false],
    );
  return section("campaign", "Campaign budget over time", body);
}

function indexSection(data: ReportData): string {
  const x = data.index;
  if (x === undefined || x.queries.length === 0) {
    return section(
      "index",
      "What the subgraph answered",
      notRun("index", data, "the indexing step left no query answers"),
    );
  }
  const body = x.queries
    .map(
      (q) =>
        `<details open><summary>${e(q.name)}</summary>` +
        (q.query ? `<pre class="query">${e(q.query)}</pre>` : "") +
        `<pre>${e(q.answer)}</pre></details>`,
    )
    .join("");
  return section("index", "What the subgraph answered", body);
}

const CSS = `
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1b1f24;background:#f6f7f9}
header{background:#1b1f24;color:#fff;padding:20px 32px}header h1{margin:0;font-size:24px}header p{margin:4px 0 0;color:#c9d1d9}
nav{padding:8px 32px;background:#e9ecef}nav a{margin-right:16px;color:#1f6feb;text-decoration:none}
main{padding:8px 32px 32px;max-width:1800px}
section{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:12px 20px;margin:16px 0}
h2{margin:4px 0 12px;font-size:19px}
.figs{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}
.photos{display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:16px}.photos figure{max-width:none}
figure{margin:0;max-width:560px}figure img{width:100%;height:auto;display:block;border:1px solid #d0d7de}
figcaption{font-size:13px;color:#57606a;margin-top:4px}
table{border-collapse:collapse;margin:12px 0;font-size:14px}th,td{border-bottom:1px solid #d8dee4;padding:4px 10px;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
code,pre{font:12.5px ui-monospace,Menlo,Consolas,monospace;word-break:break-all}
pre{background:#f6f8fa;padding:8px;border-radius:6px;white-space:pre-wrap;max-height:340px;overflow:auto}
pre.query{background:#eef4ff}
dl{display:grid;grid-template-columns:max-content auto;gap:2px 12px;font-size:14px}dt{color:#57606a}dd{margin:0}
.notrun{color:#9a6700;background:#fff8c5;border:1px solid #d4a72c;padding:8px 12px;border-radius:6px}
.ok{color:#1a7f37;font-weight:600}.bad{color:#cf222e;font-weight:600}
svg.chart{background:#fff;max-width:100%;height:auto}
svg .grid{stroke:#eaeef2}svg .axis{stroke:#57606a}svg .tick{font-size:11px;fill:#57606a}
svg .label{font-size:12px;fill:#1b1f24}svg .ctitle{font-size:13px;font-weight:600;fill:#1b1f24}
`;

/** Renders the whole report as one HTML document. */
export function renderReport(data: ReportData): string {
  const title = data.title ?? "Auteur demo report";
  const nav = SECTION_IDS.map((id) => `<a href="#${id}">${id}</a>`).join("");
  return [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(title)}</title><style>${CSS}</style></head><body>`,
    `<header><h1>${e(title)}</h1>${data.subtitle ? `<p>${e(data.subtitle)}</p>` : ""}</header>`,
    `<nav>${nav}</nav><main>`,
    photoSection(data),
    versionsSection(data),
    curvesSection(data),
    rewardsSection(data),
    campaignSection(data),
    indexSection(data),
    "</main></body></html>",
    "",
  ].join("\n");
}
