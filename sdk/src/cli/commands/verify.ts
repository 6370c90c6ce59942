/**
 * `auteur verify <file>`: is this file registered, by whom, under which licences — by exact
 * SHA-256, by perceptual match (pHash within the registry's threshold) and by watermark.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { AuteurInputError } from "../../errors.js";
import { CHAIN_HELP, CHAIN_OPTIONS, connect, disconnect, report } from "../../chain/node/cli.js";
import type { AuteurClientWithActions } from "../../chain/index.js";
import { LicenceKind } from "../../chain/actions/kinds.js";
import { readContract } from "../../chain/client.js";
import { computePHash, hammingDistance64, formatPHashHex } from "../../media/phash/index.js";

const HELP = `Usage: auteur verify <file> [options]

Looks the file up on chain: its exact SHA-256, registered files whose pHash is within the
registry's match threshold (or --distance), and, with --watermark-key, the work whose SHA-256
starts with the embedded payload. Prints the work, its creator and owner, and its licence offers.

  --distance N           Hamming distance for perceptual matches (default: the registry's threshold)
  --watermark-key KEY    80-bit watermark key (20 hex digits) to read the embedded payload
${CHAIN_HELP}`;

interface Match {
  workId: bigint;
  by: "sha256" | "pHash" | "watermark";
  sha256: string;
  distance?: number;
}

interface WorkInfo {
  workId: bigint;
  creator: string;
  owner: string;
  suspended: boolean;
  versions: number;
  offers: { kind: string; tier: number; token: string; price: bigint; term: bigint }[];
  matches: Match[];
}

async function registeredFiles(client: AuteurClientWithActions) {
  const works = await client.getEvents({ contract: "CopyrightRegistry", event: "WorkRegistered" });
  const versions = await client.getEvents({ contract: "CopyrightRegistry", event: "VersionAdded" });
  return [...works, ...versions].map((e) => ({
    workId: e.args.workId as bigint,
    sha256: String(e.args.contentSha256),
    pHash: BigInt((e.args.upload as { pHash: bigint }).pHash),
  }));
}

async function describeWork(
  client: AuteurClientWithActions,
  workId: bigint,
  matches: Match[],
): Promise<WorkInfo> {
  const work = await readContract<{
    owner: string;
    creator: string;
    suspended: boolean;
    versionCount: bigint;
  }>(client, "CopyrightRegistry", "workOf", [workId]);
  const offers: WorkInfo["offers"] = [];
  if (client.deployments.contracts.LicenseMarket !== undefined) {
    const set = await client.getEvents({
      contract: "LicenseMarket",
      event: "OfferSet",
      args: [workId],
    });
    const seen = new Set<string>();
    for (const e of set) {
      const kind = Number(e.args.kind);
      const tier = Number(e.args.tier);
      const key = `${kind}/${tier}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const offer = await readContract<[string, bigint, bigint]>(
        client,
        "LicenseMarket",
        "offerOf",
        [workId, kind, tier],
      );
      if (offer[1] === 0n) continue;
      const name = Object.entries(LicenceKind).find(([, v]) => v === kind)?.[0] ?? String(kind);
      offers.push({ kind: name, tier, token: offer[0], price: offer[1], term: offer[2] });
    }
  }
  return {
    workId,
    creator: work.creator,
    owner: work.owner,
    suspended: work.suspended,
    versions: Number(work.versionCount),
    offers,
    matches,
  };
}

export async function run(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...CHAIN_OPTIONS,
      distance: { type: "string" },
      "watermark-key": { type: "string" },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const file = positionals[0];
  if (file === undefined) {
    throw new AuteurInputError("FILE_MISSING", "verify needs a file", {
      hints: ["auteur verify photo.jpg"],
    });
  }
  const bytes = new Uint8Array(
    await readFile(file).catch((cause: unknown) => {
      throw new AuteurInputError("FILE_UNREADABLE", `cannot read ${file}`, {
        hints: ["check the path"],
        cause,
      });
    }),
  );
  const sha256 = `0x${createHash("sha256").update(bytes).digest("hex")}`;
  const pHash = await computePHash(bytes);
  let payload: string | null = null;
  if (values["watermark-key"] !== undefined) {
    const { extractWatermark } = await import("../../media/watermark/index.js");
    payload = (await extractWatermark(bytes, { key: values["watermark-key"] })).payload;
  }
  const client = await connect(values);
  try {
    const threshold =
      values.distance !== undefined
        ? Number(values.distance)
        : Number(await readContract<bigint>(client, "CopyrightRegistry", "matchThreshold"));
    const files = await registeredFiles(client);
    const matches: Match[] = [];
    for (const f of files) {
      if (f.sha256.toLowerCase() === sha256)
        matches.push({ workId: f.workId, by: "sha256", sha256: f.sha256 });
      const d = hammingDistance64(f.pHash, pHash.hash);
      if (d <= threshold)
        matches.push({ workId: f.workId, by: "pHash", sha256: f.sha256, distance: d });
      if (payload !== null && f.sha256.toLowerCase().startsWith(`0x${payload}`)) {
        matches.push({ workId: f.workId, by: "watermark", sha256: f.sha256 });
      }
    }
    const ids = [...new Set(matches.map((m) => m.workId))].sort((a, b) => (a < b ? -1 : 1));
    const works = await Promise.all(
      ids.map((id) =>
        describeWork(
          client,
          id,
          matches.filter((m) => m.workId === id),
        ),
      ),
    );
    const exact = matches.some((m) => m.by === "sha256");
    const lines = [`File ${file}`, `  sha256 ${sha256}`, `  pHash  ${formatPHashHex(pHash.hash)}`];
    if (payload !== null) lines.push(`  watermark payload ${payload}`);
    if (works.length === 0) lines.push("Not registered: no exact, perceptual or watermark match.");
    for (const w of works) {
      lines.push(
        `Work ${w.workId}: creator ${w.creator}, owner ${w.owner}${w.suspended ? " (SUSPENDED)" : ""}`,
      );
      for (const m of w.matches) {
        lines.push(
          `  match by ${m.by}${m.distance !== undefined ? ` (distance ${m.distance})` : ""}: ${m.sha256}`,
        );
      }
      for (const o of w.offers)
        lines.push(`  offer ${o.kind} tier ${o.tier}: ${o.price} of ${o.token}`);
      if (w.offers.length === 0) lines.push("  no licence offers");
    }
    report(
      values.json,
      { file, sha256, pHash: pHash.hex, watermark: payload, registered: exact, works },
      lines,
      works.length === 0
        ? `auteur register ${file}`
        : `auteur licence buy --work ${works[0]?.workId} --kind RoyaltyFree`,
    );
  } finally {
    disconnect(client);
  }
}
