/**
 * Registry reads and the owner's sale settings: a work's record (owner, creator, versions,
 * media) and the NGO donation share of an account's sales.
 */
import { ZeroAddress, getAddress, type TransactionReceipt } from "ethers";
import { AuteurInputError } from "../../errors.js";
import { readContract, requireEvent, type AuteurClient } from "../client.js";
import { sendOp } from "./opsHints.js";

/** Parameters of {@link getWork}. */
export interface GetWorkParameters {
  workId: bigint;
}
/** Result of {@link getWork}: the registry's `WorkView`. */
export interface GetWorkReturnType {
  workId: bigint;
  owner: string;
  creator: string;
  registeredAt: bigint;
  /** Width x height of the largest registered version. */
  highestPixels: bigint;
  versionCount: number;
  mediaType: number;
  raw: boolean;
  suspended: boolean;
  /** SHA-256 digest of the content manifest's CID. */
  manifest: string;
  cellCount: number;
  durationSeconds: number;
}

/**
 * Reads a work (an unknown id reverts with the registry's decoded error).
 *
 * @example
 * ```ts
 * const { owner, versionCount } = await client.getWork({ workId: 1n });
 * ```
 */
export async function getWork(
  client: AuteurClient,
  p: GetWorkParameters,
): Promise<GetWorkReturnType> {
  const w = await readContract<Record<string, unknown>>(client, "CopyrightRegistry", "workOf", [
    p.workId,
  ]);
  return {
    workId: p.workId,
    owner: getAddress(String(w.owner)),
    creator: getAddress(String(w.creator)),
    registeredAt: BigInt(w.registeredAt as bigint),
    highestPixels: BigInt(w.highestPixels as bigint),
    versionCount: Number(w.versionCount),
    mediaType: Number(w.mediaType),
    raw: Boolean(w.raw),
    suspended: Boolean(w.suspended),
    manifest: String(w.manifest),
    cellCount: Number(w.cellCount),
    durationSeconds: Number(w.durationSeconds),
  };
}

/** Parameters of {@link setDonation}. */
export interface SetDonationParameters {
  /** An NGO the registry's admin approved; `undefined` with `bps: 0` clears the choice. */
  ngo?: string;
  /** Share of the signer's sale proceeds (licences, tips) routed to the NGO, in basis points. */
  bps: number;
}
/** Result of {@link setDonation}. */
export interface SetDonationReturnType {
  creator: string;
  ngo: string;
  bps: number;
  txHash: string;
  receipt: TransactionReceipt;
}

/**
 * Routes a share of the signer's sales to an approved NGO (or clears it). An NGO the admin has
 * not approved reverts with `CopyrightRegistryNgoNotApproved`.
 *
 * @example
 * ```ts
 * await owner.setDonation({ ngo: "0x...", bps: 1000 }); // 10 % of every sale
 * ```
 */
export async function setDonation(
  client: AuteurClient,
  p: SetDonationParameters,
): Promise<SetDonationReturnType> {
  if (!Number.isInteger(p.bps) || p.bps < 0 || p.bps > 10_000) {
    throw new AuteurInputError("DONATION_BPS_INVALID", `bps must be 0..10000, got ${p.bps}`, {
      hints: ["1000 donates 10 % of every sale"],
    });
  }
  const ngo = p.ngo === undefined ? ZeroAddress : getAddress(p.ngo);
  const sent = await sendOp(
    client,
    "CopyrightRegistry",
    "setDonation",
    [ngo, p.bps],
    "setDonation",
  );
  const e = requireEvent(sent.events, "DonationSet", "setDonation");
  return {
    creator: String(e.args.creator),
    ngo: String(e.args.ngo),
    bps: Number(e.args.bps),
    txHash: sent.hash,
    receipt: sent.receipt,
  };
}

/** Parameters of {@link setNgoApproval}. */
export interface SetNgoApprovalParameters {
  ngo: string;
  approved: boolean;
}
/** Result of {@link setNgoApproval}. */
export interface SetNgoApprovalReturnType {
  ngo: string;
  approved: boolean;
  txHash: string;
  receipt: TransactionReceipt;
}

/**
 * Approves an NGO sellers may donate to, or removes it (the registry's admin only). Removal stops
 * donations to it at once.
 *
 * @example
 * ```ts
 * await admin.setNgoApproval({ ngo: "0x...", approved: true });
 * ```
 */
export async function setNgoApproval(
  client: AuteurClient,
  p: SetNgoApprovalParameters,
): Promise<SetNgoApprovalReturnType> {
  const ngo = getAddress(p.ngo);
  const sent = await sendOp(
    client,
    "CopyrightRegistry",
    "setNgoApproval",
    [ngo, p.approved],
    "setNgoApproval",
  );
  const e = requireEvent(sent.events, "NgoApprovalChanged", "setNgoApproval");
  return {
    ngo: String(e.args.ngo),
    approved: Boolean(e.args.approved),
    txHash: sent.hash,
    receipt: sent.receipt,
  };
}
