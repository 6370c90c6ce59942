// Constants shared by every mapping.
import { Address, BigInt, Bytes, crypto, ByteArray } from "@graphprotocol/graph-ts";

export const ZERO_ADDRESS = Address.fromString("0x0000000000000000000000000000000000000000");
export const ZERO = BigInt.zero();
export const ONE = BigInt.fromI32(1);
export const SECONDS_PER_DAY: i32 = 86400;

/** The protocol's AccessControl roles by name; `roleName` maps a role hash back to its name. */
export const DEFAULT_ADMIN_ROLE = Bytes.fromHexString(
  "0x0000000000000000000000000000000000000000000000000000000000000000",
);
const ROLE_NAMES: string[] = [
  "MINTER_ROLE",
  "VERIFIER_ROLE",
  "ATTESTER_ROLE",
  "SUPERVISOR_ROLE",
  "PAUSER_ROLE",
  "OPERATOR_ROLE",
  "ARBITER_ROLE",
];

/** The name of a known role hash (`keccak256("<NAME>")` or the zero admin role), else null. */
export function roleName(role: Bytes): string | null {
  if (role.equals(DEFAULT_ADMIN_ROLE)) return "DEFAULT_ADMIN_ROLE";
  for (let i = 0; i < ROLE_NAMES.length; i++) {
    const name = ROLE_NAMES[i];
    const hash = crypto.keccak256(ByteArray.fromUTF8(name));
    if (Bytes.fromByteArray(hash).equals(role)) return name;
  }
  return null;
}

/** LicenceKind (ILicenseMarket) by its uint8 value. */
export function licenceKindName(kind: i32): string {
  if (kind == 0) return "ROYALTY_FREE";
  if (kind == 1) return "RIGHTS_MANAGED";
  if (kind == 2) return "VIEW";
  return "UNKNOWN_" + kind.toString();
}

/** ICommerceEscrow.ReleaseReason.ConfirmTimeout */
export const RELEASE_CONFIRM_TIMEOUT: i32 = 1;

/** IAdEscrow.CampaignStatus by its uint8 value. */
export function campaignStatusName(status: i32): string {
  if (status == 1) return "ACTIVE";
  if (status == 2) return "PAUSED";
  if (status == 3) return "EXHAUSTED";
  if (status == 4) return "CANCELLED";
  return "NONE";
}

/**
 * Declared context keys of the vesting wallet data sources (`idContextKey` / `labelContextKey` of
 * VESTING_WALLETS in scripts/dataSources.ts).
 */
export const VESTING_TRANCHE_CONTEXT_KEY = "trancheId";
export const VESTING_LABEL_CONTEXT_KEY = "trancheLabel";

/** IVestingSchedule.VestingKind by its uint8 value, as the schema's VestingKind enum. */
export function vestingKindName(kind: i32): string {
  if (kind == 0) return "LINEAR";
  if (kind == 1) return "STEP";
  return "UNKNOWN_" + kind.toString();
}
