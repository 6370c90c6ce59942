import { AuteurInputError } from "../../errors.js";

/** Licence kinds of LicenseMarket (enum order of the contract). */
export const LicenceKind = { RoyaltyFree: 0, RightsManaged: 1, View: 2 } as const;
/** A licence kind by name. */
export type LicenceKindName = keyof typeof LicenceKind;

/** The contract's enum value of `kind`. */
export function licenceKindValue(kind: LicenceKindName): number {
  const v = LicenceKind[kind];
  if (v === undefined) {
    throw new AuteurInputError("LICENCE_KIND_INVALID", `unknown licence kind "${String(kind)}"`, {
      hints: [`use one of ${Object.keys(LicenceKind).join(", ")}`],
    });
  }
  return v;
}
