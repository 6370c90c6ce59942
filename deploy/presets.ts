/**
 * Token presets: one JSON file per source design in `deploy/presets/`, validated on load.
 *
 * A preset divides an `allocationBase` (whole tokens) into tranches by integer `share`s out of
 * `shareDenominator`. Shares must add up to exactly the denominator; amounts are computed in wei
 * with integer arithmetic and the rounding dust (what floor division leaves over) goes to the
 * tranche named by `dustTranche`. A tranche may hold back a `reserve` that an emission contract
 * mints later (imageone's upload-mining reserve); `emissions` are amounts minted later on top of
 * the base (chainflix's Proof-of-View mining). The cap must equal base + emissions, so the cap
 * leaves exactly the room the later minters need.
 *
 * Everything a preset says is checked; a problem raises {@link PresetValidationError} naming the
 * preset, the JSON path and the fix.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** 10^18: every preset amount is in whole tokens of 18 decimals. */
export const WEI_PER_TOKEN = 10n ** 18n;
/** Vesting months are 30 days (2,592,000 s), the same constant the tests assert on chain. */
export const MONTH_SECONDS = 30n * 24n * 60n * 60n;
/** 100 % in basis points. */
export const BPS = 10_000n;

export const PRESETS_DIR = join(dirname(fileURLToPath(import.meta.url)), "presets");

/** A vesting schedule as written in a preset. */
export type VestingSpec =
  | { kind: "lock"; months: number }
  | { kind: "linear"; months: number; cliffMonths: number }
  | { kind: "step"; cliffMonths: number; initialBps: number; stepBps: number; stepMonths: number };

/** A reserve kept out of genesis and minted later by `minter`. */
export interface ReserveSpec {
  amount: string;
  minter: string;
  label: string;
}

export interface TrancheSpec {
  id: string;
  label: string;
  share: number;
  vesting?: VestingSpec;
  reserve?: ReserveSpec;
  note?: string;
}

export interface EmissionSpec {
  id: string;
  label: string;
  amount: string;
  minter: string;
}

export interface PresetFile {
  name: string;
  description: string;
  source: string;
  notes?: string[];
  token: { name: string; symbol: string };
  cap: string;
  allocationBase: string;
  shareDenominator: number;
  dustTranche: string;
  fixedSupply: boolean;
  tranches: TrancheSpec[];
  emissions?: EmissionSpec[];
}

/** A tranche with its amounts resolved to wei. */
export interface ResolvedTranche {
  id: string;
  label: string;
  share: number;
  /** The tranche's part of the base, dust included for the dust tranche. */
  amount: bigint;
  /** Minted at genesis (amount - reserve). */
  genesis: bigint;
  /** Held back for a later minter (0 when none). */
  reserve: bigint;
  reserveMinter?: string;
  reserveLabel?: string;
  vesting?: VestingSpec;
  /** Rounding dust added to this tranche (0 except for the dust tranche). */
  dust: bigint;
}

export interface ResolvedEmission {
  id: string;
  label: string;
  amount: bigint;
  minter: string;
}

export interface ResolvedPreset {
  name: string;
  description: string;
  source: string;
  notes: string[];
  tokenName: string;
  symbol: string;
  cap: bigint;
  allocationBase: bigint;
  shareDenominator: number;
  dustTranche: string;
  dust: bigint;
  genesisSupply: bigint;
  /** Everything minted later: reserves + emissions = cap - genesisSupply. */
  mintLater: bigint;
  fixedSupply: boolean;
  tranches: ResolvedTranche[];
  emissions: ResolvedEmission[];
}

/** A preset that cannot be used as written. `path` points into the JSON (e.g. `tranches[2].share`). */
export class PresetValidationError extends Error {
  readonly preset: string;
  readonly path: string;
  constructor(preset: string, path: string, message: string) {
    super(`Preset "${preset}"${path ? ` at ${path}` : ""}: ${message}`);
    this.name = "PresetValidationError";
    this.preset = preset;
    this.path = path;
  }
}

const ID = /^[a-z][A-Za-z0-9]*$/;
const INTEGER = /^(0|[1-9][0-9]*)$/;

/**
 * The preset chosen on the command line or in the environment: `--preset NAME` or `--preset=NAME`
 * (works under `tsx`; `hardhat run` refuses unknown flags), else `AUTEUR_PRESET`, else chainflix.
 */
export function presetFromArgs(
  argv: readonly string[] = process.argv,
  env: Record<string, string | undefined> = process.env,
): string {
  const i = argv.indexOf("--preset");
  if (i >= 0) {
    const value = argv[i + 1];
    if (value === undefined || value.startsWith("--")) {
      throw new PresetValidationError("?", "", "--preset needs a name, e.g. --preset chainflix");
    }
    return value;
  }
  const inline = argv.find((a) => a.startsWith("--preset="));
  if (inline !== undefined) return inline.slice("--preset=".length);
  return env.AUTEUR_PRESET ?? "chainflix";
}

/** Names of the presets shipped in `deploy/presets/`. */
export function listPresets(dir: string = PRESETS_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.slice(0, -".json".length))
    .sort();
}

/** Reads and validates `deploy/presets/<name>.json`. */
export function loadPreset(name: string, dir: string = PRESETS_DIR): ResolvedPreset {
  const available = listPresets(dir);
  if (!available.includes(name)) {
    throw new PresetValidationError(
      name,
      "",
      `no such preset; choose one of ${available.join(", ")} (AUTEUR_PRESET=NAME or --preset NAME)`,
    );
  }
  const text = readFileSync(join(dir, `${name}.json`), "utf8");
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new PresetValidationError(name, "", `not valid JSON (${(error as Error).message})`);
  }
  return validatePreset(raw, name);
}

/**
 * Checks a parsed preset and resolves its amounts to wei.
 * @param raw the parsed JSON
 * @param fileName the name the preset was loaded under (must match its `name`)
 */
export function validatePreset(raw: unknown, fileName?: string): ResolvedPreset {
  const label = fileName ?? (isRecord(raw) && typeof raw.name === "string" ? raw.name : "?");
  const fail = (path: string, message: string): never => {
    throw new PresetValidationError(label, path, message);
  };
  if (!isRecord(raw)) return fail("", "expected a JSON object");

  const name = str(raw, "name", fail);
  if (fileName !== undefined && name !== fileName) {
    fail("name", `is "${name}" but the file is ${fileName}.json; make them equal`);
  }
  const description = str(raw, "description", fail);
  const source = str(raw, "source", fail);
  const notes = raw.notes === undefined ? [] : raw.notes;
  if (!Array.isArray(notes) || notes.some((n) => typeof n !== "string")) {
    fail("notes", "expected an array of strings");
  }
  if (!isRecord(raw.token)) return fail("token", "expected { name, symbol }");
  const tokenName = str(raw.token, "name", fail, "token.");
  const symbol = str(raw.token, "symbol", fail, "token.");

  const cap = tokens(raw.cap, "cap", fail);
  if (cap === 0n) fail("cap", "must be above 0 (the token refuses a zero cap)");
  const allocationBase = tokens(raw.allocationBase, "allocationBase", fail);
  if (allocationBase === 0n) fail("allocationBase", "must be above 0");

  const denominator = raw.shareDenominator;
  if (!Number.isSafeInteger(denominator) || (denominator as number) <= 0) {
    fail("shareDenominator", `must be a positive integer, got ${JSON.stringify(denominator)}`);
  }
  const denom = BigInt(denominator as number);

  if (!Array.isArray(raw.tranches) || raw.tranches.length === 0) {
    return fail("tranches", "expected a non-empty array");
  }
  const seen = new Set<string>();
  const tranches: ResolvedTranche[] = [];
  let shareSum = 0n;
  let allocated = 0n;
  raw.tranches.forEach((t: unknown, i: number) => {
    const at = `tranches[${i}]`;
    if (!isRecord(t)) return fail(at, "expected an object");
    const id = str(t, "id", fail, `${at}.`);
    if (!ID.test(id)) fail(`${at}.id`, `"${id}" must be camelCase letters and digits`);
    if (seen.has(id)) fail(`${at}.id`, `duplicate tranche id "${id}"`);
    seen.add(id);
    const trancheLabel = str(t, "label", fail, `${at}.`);
    const share = t.share;
    if (!Number.isSafeInteger(share) || (share as number) <= 0) {
      fail(
        `${at}.share`,
        `must be a positive integer (parts of ${denom}), got ${JSON.stringify(share)}`,
      );
    }
    shareSum += BigInt(share as number);
    const amount = (allocationBase * WEI_PER_TOKEN * BigInt(share as number)) / denom;
    allocated += amount;
    let reserve = 0n;
    let reserveMinter: string | undefined;
    let reserveLabel: string | undefined;
    if (t.reserve !== undefined) {
      if (!isRecord(t.reserve)) return fail(`${at}.reserve`, "expected { amount, minter, label }");
      reserve = tokens(t.reserve.amount, `${at}.reserve.amount`, fail) * WEI_PER_TOKEN;
      reserveMinter = str(t.reserve, "minter", fail, `${at}.reserve.`);
      reserveLabel = str(t.reserve, "label", fail, `${at}.reserve.`);
      if (reserve === 0n)
        fail(`${at}.reserve.amount`, "must be above 0 (drop the reserve instead)");
      if (reserve > amount) {
        fail(`${at}.reserve.amount`, `${fmt(reserve)} is more than the tranche (${fmt(amount)})`);
      }
    }
    const vesting =
      t.vesting === undefined ? undefined : vestingSpec(t.vesting, `${at}.vesting`, fail);
    if (vesting !== undefined && reserve > 0n) {
      fail(`${at}`, "a tranche with a reserve cannot vest (split it into two tranches)");
    }
    tranches.push({
      id,
      label: trancheLabel,
      share: share as number,
      amount,
      genesis: amount - reserve,
      reserve,
      reserveMinter,
      reserveLabel,
      vesting,
      dust: 0n,
    });
  });
  if (shareSum !== denom) {
    fail(
      "tranches",
      `shares add up to ${shareSum} but shareDenominator is ${denom}; they must be equal (exactly 100 %)`,
    );
  }

  const dustTranche = str(raw, "dustTranche", fail);
  const dustTarget = tranches.find((t) => t.id === dustTranche);
  if (dustTarget === undefined) {
    return fail("dustTranche", `"${dustTranche}" is not a tranche id (${[...seen].join(", ")})`);
  }
  const dust = allocationBase * WEI_PER_TOKEN - allocated;
  dustTarget.dust = dust;
  dustTarget.amount += dust;
  dustTarget.genesis += dust;

  const emissionsRaw = raw.emissions === undefined ? [] : raw.emissions;
  if (!Array.isArray(emissionsRaw)) return fail("emissions", "expected an array");
  const emissions: ResolvedEmission[] = emissionsRaw.map((e: unknown, i: number) => {
    const at = `emissions[${i}]`;
    if (!isRecord(e)) return fail(at, "expected { id, label, amount, minter }");
    const id = str(e, "id", fail, `${at}.`);
    if (!ID.test(id)) fail(`${at}.id`, `"${id}" must be camelCase letters and digits`);
    if (seen.has(id)) fail(`${at}.id`, `duplicate id "${id}"`);
    seen.add(id);
    const amount = tokens(e.amount, `${at}.amount`, fail) * WEI_PER_TOKEN;
    if (amount === 0n) fail(`${at}.amount`, "must be above 0");
    return {
      id,
      label: str(e, "label", fail, `${at}.`),
      amount,
      minter: str(e, "minter", fail, `${at}.`),
    };
  });

  const capWei = cap * WEI_PER_TOKEN;
  const emitted = emissions.reduce((s, e) => s + e.amount, 0n);
  if (allocationBase * WEI_PER_TOKEN + emitted !== capWei) {
    fail(
      "cap",
      `${fmt(capWei)} must equal allocationBase + emissions = ${fmt(allocationBase * WEI_PER_TOKEN + emitted)}`,
    );
  }
  const genesisSupply = tranches.reduce((s, t) => s + t.genesis, 0n);
  const reserves = tranches.reduce((s, t) => s + t.reserve, 0n);
  const fixedSupply = raw.fixedSupply;
  if (typeof fixedSupply !== "boolean") fail("fixedSupply", "expected true or false");
  if (fixedSupply !== (genesisSupply === capWei)) {
    fail(
      "fixedSupply",
      fixedSupply
        ? `is true but genesis (${fmt(genesisSupply)}) leaves room below the cap; drop the reserves and emissions or set it to false`
        : `is false but genesis fills the cap, so no minter can ever be granted; set it to true`,
    );
  }

  return {
    name,
    description,
    source,
    notes: notes as string[],
    tokenName,
    symbol,
    cap: capWei,
    allocationBase: allocationBase * WEI_PER_TOKEN,
    shareDenominator: denominator as number,
    dustTranche,
    dust,
    genesisSupply,
    mintLater: reserves + emitted,
    fixedSupply: fixedSupply as boolean,
    tranches,
    emissions,
  };
}

/** Vesting schedule parameters in seconds, as the wallets take them. */
export interface WalletSchedule {
  contract: "AuteurVestingWallet" | "AuteurStepVestingWallet";
  /** Seconds from the vesting start to the last unlock. */
  durationSeconds: bigint;
  cliffSeconds: bigint;
  initialBps?: number;
  stepBps?: number;
  stepSeconds?: bigint;
}

/** Maps a preset's vesting spec to the wallet contract and its constructor parameters. */
export function walletSchedule(vesting: VestingSpec): WalletSchedule {
  switch (vesting.kind) {
    case "lock": {
      const d = BigInt(vesting.months) * MONTH_SECONDS;
      return { contract: "AuteurVestingWallet", durationSeconds: d, cliffSeconds: d };
    }
    case "linear":
      return {
        contract: "AuteurVestingWallet",
        durationSeconds: BigInt(vesting.months) * MONTH_SECONDS,
        cliffSeconds: BigInt(vesting.cliffMonths) * MONTH_SECONDS,
      };
    case "step": {
      const steps =
        (BPS - BigInt(vesting.initialBps) + BigInt(vesting.stepBps) - 1n) / BigInt(vesting.stepBps);
      const stepSeconds = BigInt(vesting.stepMonths) * MONTH_SECONDS;
      const cliffSeconds = BigInt(vesting.cliffMonths) * MONTH_SECONDS;
      return {
        contract: "AuteurStepVestingWallet",
        durationSeconds: cliffSeconds + (vesting.initialBps === 10_000 ? 0n : steps * stepSeconds),
        cliffSeconds,
        initialBps: vesting.initialBps,
        stepBps: vesting.stepBps,
        stepSeconds,
      };
    }
  }
}

/**
 * What the preset promises is vested `elapsed` seconds after the vesting start, in wei: the
 * specification the deployed wallets are tested against.
 */
export function vestedAfter(
  amount: bigint,
  vesting: VestingSpec | undefined,
  elapsed: bigint,
): bigint {
  if (vesting === undefined) return amount;
  const s = walletSchedule(vesting);
  if (elapsed < s.cliffSeconds) return 0n;
  if (elapsed >= s.durationSeconds) return amount;
  if (s.contract === "AuteurVestingWallet") return (amount * elapsed) / s.durationSeconds;
  const steps = (elapsed - s.cliffSeconds) / (s.stepSeconds as bigint);
  let bps = BigInt(s.initialBps as number) + steps * BigInt(s.stepBps as number);
  if (bps > BPS) bps = BPS;
  return (amount * bps) / BPS;
}

/** A human description of a schedule, e.g. "50 % at month 6, then 10 % every month (100 % at month 11)". */
export function describeVesting(vesting: VestingSpec | undefined): string {
  if (vesting === undefined) return "immediate";
  switch (vesting.kind) {
    case "lock":
      return `locked ${vesting.months} months, then all at once`;
    case "linear":
      return vesting.cliffMonths > 0
        ? `linear over ${vesting.months} months, ${vesting.cliffMonths}-month cliff`
        : `linear over ${vesting.months} months`;
    case "step": {
      const end = walletSchedule(vesting).durationSeconds / MONTH_SECONDS;
      return (
        `${vesting.initialBps / 100} % at month ${vesting.cliffMonths}, then ${vesting.stepBps / 100} % ` +
        `every ${vesting.stepMonths === 1 ? "month" : `${vesting.stepMonths} months`} (100 % at month ${end})`
      );
    }
  }
}

/** Formats wei as whole tokens with thousands separators (and decimals when there are any). */
export function fmt(wei: bigint): string {
  const whole = wei / WEI_PER_TOKEN;
  const frac = wei % WEI_PER_TOKEN;
  const head = whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  if (frac === 0n) return head;
  return `${head}.${frac.toString().padStart(18, "0").replace(/0+$/, "")}`;
}

function vestingSpec(v: unknown, at: string, fail: (p: string, m: string) => never): VestingSpec {
  if (!isRecord(v)) return fail(at, "expected an object with a kind: lock | linear | step");
  const months = (key: string, min: number): number => {
    const n = v[key];
    if (!Number.isSafeInteger(n) || (n as number) < min || (n as number) > 1200) {
      fail(
        `${at}.${key}`,
        `must be an integer number of months from ${min} to 1200, got ${JSON.stringify(n)}`,
      );
    }
    return n as number;
  };
  switch (v.kind) {
    case "lock":
      return { kind: "lock", months: months("months", 1) };
    case "linear": {
      const total = months("months", 1);
      const cliff = months("cliffMonths", 0);
      if (cliff > total)
        fail(`${at}.cliffMonths`, `${cliff} is longer than the vesting (${total} months)`);
      return { kind: "linear", months: total, cliffMonths: cliff };
    }
    case "step": {
      const bps = (key: string, min: number): number => {
        const n = v[key];
        if (!Number.isSafeInteger(n) || (n as number) < min || (n as number) > 10_000) {
          fail(
            `${at}.${key}`,
            `must be an integer from ${min} to 10000 basis points, got ${JSON.stringify(n)}`,
          );
        }
        return n as number;
      };
      return {
        kind: "step",
        cliffMonths: months("cliffMonths", 0),
        initialBps: bps("initialBps", 0),
        stepBps: bps("stepBps", 1),
        stepMonths: months("stepMonths", 1),
      };
    }
    default:
      return fail(`${at}.kind`, `unknown kind ${JSON.stringify(v.kind)}; use lock, linear or step`);
  }
}

function tokens(value: unknown, path: string, fail: (p: string, m: string) => never): bigint {
  if (typeof value !== "string" || !INTEGER.test(value)) {
    return fail(
      path,
      `must be a whole number of tokens written as a string of digits (e.g. "525000000"), got ${JSON.stringify(value)}`,
    );
  }
  return BigInt(value);
}

function str(
  obj: Record<string, unknown>,
  key: string,
  fail: (p: string, m: string) => never,
  prefix = "",
): string {
  const v = obj[key];
  if (typeof v !== "string" || v.trim() === "")
    return fail(`${prefix}${key}`, "expected a non-empty string");
  return v;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
