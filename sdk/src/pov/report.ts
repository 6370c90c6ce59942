import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { ZeroHash, getAddress } from "ethers";
import { AuteurInputError } from "../errors.js";
import { halvingEmission, halvingRate, type HalvingSchedule } from "./curves.js";
import type {
  AcceptedPlay,
  ContentSplit,
  ContentTotals,
  EpochReport,
  ProtocolShares,
} from "./types.js";

const BPS = 10_000n;

/** The six roles of Proof-of-View. */
export type PovRole =
  "creator" | "viewer" | "enhancer" | "storageProvider" | "verifier" | "supervisor";

/** A content as the report builder needs it (read from ProofOfView and the registry). */
export interface ReportContent {
  workId: bigint;
  /** Receives the creator's amount (and the enhancers' when there are none). */
  creator: string;
  /** The split in force at the report's `fromEpoch` (`ProofOfView.splitAt(workId, fromEpoch)`). */
  split: ContentSplit;
  /** Enhancers and their weights (`ProofOfView.enhancersOf(workId)`). */
  enhancers?: { account: string; weight: bigint | number }[];
}

/** Parameters of {@link buildEpochReport}. */
export interface BuildEpochReportParameters {
  /** Accepted plays of epochs `[fromEpoch, toEpoch]`. */
  plays: AcceptedPlay[];
  fromEpoch: bigint;
  toEpoch: bigint;
  /** ProofOfView's next report nonce. */
  nonce: bigint;
  /** The emission schedule (ProofOfView's EPOCH_REWARD, HALVING_EPOCHS, MAX_HALVINGS). */
  schedule: HalvingSchedule;
  /** ProofOfView's protocol shares. */
  protocolShares: ProtocolShares;
  contents: ReportContent[];
  /** Accounts sharing the verifier amount equally (e.g. the verifiers that checked the plays). */
  verifiers: string[];
  /** Accounts sharing the supervisor amount equally. */
  supervisors: string[];
  /** Every account's cumulative total in the previous root (empty for the first report). */
  previousTotals?: ReadonlyMap<string, bigint>;
}

/** One line of "who earned what and why". */
export interface EarningLine {
  account: string;
  workId: bigint;
  role: PovRole;
  amount: bigint;
  /** Plays (viewer, storage), weight (enhancer) or share count behind the amount. */
  basis: string;
}

/** Result of {@link buildEpochReport}. */
export interface BuildEpochReportReturnType {
  report: EpochReport;
  /** The cumulative tree (leaves `[account, total]`), or `undefined` when nobody has earned yet. */
  tree: StandardMerkleTree<[string, bigint]> | undefined;
  /** Every account's cumulative total after this report. */
  totals: Map<string, bigint>;
  /** What each account earned in this report, per content and role. */
  earnings: EarningLine[];
  /** The schedule's emission for the span (`report.total` is at most this). */
  emission: bigint;
}

/**
 * The canonical role amounts of a content's amount `t` (the rounding ProofOfView checks exactly):
 * protocol shares first, then the content's split of the rest, the creator taking the dust.
 */
export function splitContentAmount(
  t: bigint,
  split: ContentSplit,
  shares: ProtocolShares,
): Omit<ContentTotals, "workId"> {
  const storageProvider = (t * BigInt(shares.storageBps)) / BPS;
  const verifier = (t * BigInt(shares.verifierBps)) / BPS;
  const supervisor = (t * BigInt(shares.supervisorBps)) / BPS;
  const rest = t - storageProvider - verifier - supervisor;
  const viewer = (rest * BigInt(split.viewerBps)) / BPS;
  const enhancer = (rest * BigInt(split.enhancerBps)) / BPS;
  return {
    creator: rest - viewer - enhancer,
    viewer,
    enhancer,
    storageProvider,
    verifier,
    supervisor,
  };
}

/**
 * Shares `amount` in proportion to `weights`, rounding down, the remainder going to the heaviest
 * account (the lowest address among equals), so the parts always sum to `amount`.
 */
export function distribute(
  amount: bigint,
  weights: ReadonlyMap<string, bigint>,
): Map<string, bigint> {
  const out = new Map<string, bigint>();
  let sum = 0n;
  for (const w of weights.values()) sum += w;
  if (amount === 0n) return out;
  if (sum === 0n) throw new AuteurInputError("POV_NO_RECIPIENTS", "an amount has nobody to go to");
  const accounts = [...weights.keys()].sort(compareAddress);
  let given = 0n;
  let heaviest = accounts[0];
  for (const a of accounts) {
    const w = weights.get(a)!;
    const part = (amount * w) / sum;
    out.set(a, part);
    given += part;
    if (w > weights.get(heaviest)!) heaviest = a;
  }
  out.set(heaviest, out.get(heaviest)! + (amount - given));
  for (const [a, v] of out) if (v === 0n) out.delete(a);
  return out;
}

/**
 * Builds an epoch report from accepted plays: each epoch's emission is shared among contents by
 * their plays in that epoch (epochs without plays allocate nothing, so their emission is never
 * minted), each content's amount is split by role, each role among its accounts; the cumulative
 * tree adds this report to `previousTotals`.
 *
 * @example
 * ```ts
 * const { report, tree } = buildEpochReport({ plays, fromEpoch: 0n, toEpoch: 99n, nonce: 0n,
 *   schedule: CHAINFLIX_HALVING, protocolShares, contents, verifiers, supervisors });
 * ```
 */
export function buildEpochReport(p: BuildEpochReportParameters): BuildEpochReportReturnType {
  if (p.fromEpoch < 0n || p.toEpoch < p.fromEpoch) {
    throw new AuteurInputError(
      "POV_BAD_SPAN",
      `epochs ${p.fromEpoch}..${p.toEpoch} are not a span`,
    );
  }
  const contents = new Map<bigint, ReportContent>();
  for (const c of p.contents) contents.set(c.workId, c);
  // plays per epoch per content
  const perEpoch = new Map<bigint, Map<bigint, bigint>>();
  for (const play of p.plays) {
    if (play.epoch < p.fromEpoch || play.epoch > p.toEpoch) {
      throw new AuteurInputError(
        "POV_PLAY_OUTSIDE_SPAN",
        `a play of epoch ${play.epoch} is outside ${p.fromEpoch}..${p.toEpoch}`,
      );
    }
    if (!contents.has(play.workId)) {
      throw new AuteurInputError(
        "POV_UNKNOWN_CONTENT",
        `a play of work ${play.workId}, which the report does not list`,
        {
          hints: ["pass every played content in `contents` (its creator, split and enhancers)"],
        },
      );
    }
    const m = perEpoch.get(play.epoch) ?? new Map<bigint, bigint>();
    m.set(play.workId, (m.get(play.workId) ?? 0n) + 1n);
    perEpoch.set(play.epoch, m);
  }
  const amountOf = new Map<bigint, bigint>();
  for (const [epoch, counts] of perEpoch) {
    const emission = halvingRate(p.schedule, epoch);
    let n = 0n;
    for (const c of counts.values()) n += c;
    for (const [workId, c] of counts)
      amountOf.set(workId, (amountOf.get(workId) ?? 0n) + (emission * c) / n);
  }

  const earnings: EarningLine[] = [];
  const add = (account: string, workId: bigint, role: PovRole, amount: bigint, basis: string) => {
    if (amount > 0n) earnings.push({ account: getAddress(account), workId, role, amount, basis });
  };
  const equal = (accounts: string[], role: PovRole) => {
    if (accounts.length === 0)
      throw new AuteurInputError("POV_NO_RECIPIENTS", `no ${role} accounts given`);
    return new Map(accounts.map((a) => [getAddress(a), 1n] as const));
  };
  const verifierWeights = equal(p.verifiers, "verifier");
  const supervisorWeights = equal(p.supervisors, "supervisor");

  const totalsList: ContentTotals[] = [];
  for (const workId of [...amountOf.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const content = contents.get(workId)!;
    const t = amountOf.get(workId)!;
    const roles = splitContentAmount(t, content.split, p.protocolShares);
    totalsList.push({ workId, ...roles });
    const plays = p.plays.filter((x) => x.workId === workId);
    const viewers = countBy(plays.map((x) => x.account));
    const providers = countBy(plays.map((x) => x.storageProvider));
    add(content.creator, workId, "creator", roles.creator, `creator of work ${workId}`);
    for (const [a, v] of distribute(roles.viewer, viewers))
      add(a, workId, "viewer", v, `${viewers.get(a)} of ${plays.length} plays`);
    if (content.enhancers && content.enhancers.length > 0) {
      const weights = new Map(
        content.enhancers.map((e) => [getAddress(e.account), BigInt(e.weight)] as const),
      );
      for (const [a, v] of distribute(roles.enhancer, weights))
        add(a, workId, "enhancer", v, `weight ${weights.get(a)}`);
    } else {
      add(
        content.creator,
        workId,
        "enhancer",
        roles.enhancer,
        "no enhancers registered: to the creator",
      );
    }
    for (const [a, v] of distribute(roles.storageProvider, providers)) {
      add(a, workId, "storageProvider", v, `served ${providers.get(a)} of ${plays.length} cells`);
    }
    for (const [a, v] of distribute(roles.verifier, verifierWeights))
      add(a, workId, "verifier", v, `1 of ${verifierWeights.size} verifiers`);
    for (const [a, v] of distribute(roles.supervisor, supervisorWeights)) {
      add(a, workId, "supervisor", v, `1 of ${supervisorWeights.size} supervisors`);
    }
  }

  const totals = new Map<string, bigint>();
  for (const [a, v] of p.previousTotals ?? []) totals.set(getAddress(a), v);
  let total = 0n;
  for (const e of earnings) {
    totals.set(e.account, (totals.get(e.account) ?? 0n) + e.amount);
    total += e.amount;
  }
  const leaves = [...totals.entries()]
    .filter(([, v]) => v > 0n)
    .sort(([a], [b]) => compareAddress(a, b));
  const tree =
    leaves.length > 0 ? StandardMerkleTree.of(leaves, ["address", "uint256"]) : undefined;
  const emission = halvingEmission(p.schedule, p.fromEpoch, p.toEpoch);
  return {
    report: {
      fromEpoch: p.fromEpoch,
      toEpoch: p.toEpoch,
      nonce: p.nonce,
      root: tree ? tree.root : ZeroHash,
      total,
      contents: totalsList,
    },
    tree,
    totals,
    earnings,
    emission,
  };
}

function countBy(keys: string[]): Map<string, bigint> {
  const m = new Map<string, bigint>();
  for (const k of keys) {
    const a = getAddress(k);
    m.set(a, (m.get(a) ?? 0n) + 1n);
  }
  return m;
}

function compareAddress(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
