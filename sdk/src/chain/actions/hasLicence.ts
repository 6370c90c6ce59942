import { getAddress } from "ethers";
import { readContract, type AuteurClient } from "../client.js";
import { licenceKindValue, type LicenceKindName } from "./kinds.js";

/** Parameters of {@link hasLicence}. */
export interface HasLicenceParameters {
  workId: bigint;
  account: string;
  kind: LicenceKindName;
}

/**
 * Whether `account` holds a valid licence of `kind` on `workId` (read-only; no signer needed).
 *
 * @example
 * ```ts
 * if (await client.hasLicence({ workId, account, kind: "View" })) play();
 * ```
 */
export async function hasLicence(client: AuteurClient, p: HasLicenceParameters): Promise<boolean> {
  return readContract<boolean>(client, "LicenseMarket", "hasLicence", [
    p.workId,
    getAddress(p.account),
    licenceKindValue(p.kind),
  ]);
}
