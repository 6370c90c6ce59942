/**
 * Operator configuration through the SDK: the AuthoritySet admin grants and revokes the
 * attester, verifier and supervisor roles, and anyone reads the verifier set and its quorum.
 */
import { getAddress, id, type TransactionReceipt } from "ethers";
import { AuteurInputError } from "../../errors.js";
import { readContract, type AuteurClient } from "../client.js";
import { sendOp } from "./opsHints.js";

/** The AuthoritySet roles, by the name an operator uses. */
export const AUTHORITY_ROLES = {
  attester: id("ATTESTER_ROLE"),
  verifier: id("VERIFIER_ROLE"),
  supervisor: id("SUPERVISOR_ROLE"),
} as const;
/** An AuthoritySet role name. */
export type AuthorityRoleName = keyof typeof AUTHORITY_ROLES;

/** Parameters of {@link grantAuthorityRole} and {@link revokeAuthorityRole}. */
export interface AuthorityRoleParameters {
  role: AuthorityRoleName;
  account: string;
}
/** Result of {@link grantAuthorityRole} and {@link revokeAuthorityRole}. */
export interface AuthorityRoleReturnType {
  role: AuthorityRoleName;
  account: string;
  /** False when the account already had (grant) or lacked (revoke) the role: nothing changed. */
  changed: boolean;
  /** The verifier count and effective quorum after the change (decoded `VerifierSetChanged`). */
  verifierCount?: bigint;
  threshold?: bigint;
  txHash: string;
  receipt: TransactionReceipt;
}

function roleOf(role: string): string {
  const hash = (AUTHORITY_ROLES as Record<string, string>)[role];
  if (hash === undefined) {
    throw new AuteurInputError("ROLE_UNKNOWN", `unknown AuthoritySet role "${role}"`, {
      hints: [`use one of ${Object.keys(AUTHORITY_ROLES).join(", ")}`],
    });
  }
  return hash;
}

async function changeRole(
  client: AuteurClient,
  p: AuthorityRoleParameters,
  method: "grantRole" | "revokeRole",
): Promise<AuthorityRoleReturnType> {
  const role = roleOf(p.role);
  const account = getAddress(p.account);
  const action = method === "grantRole" ? "grantAuthorityRole" : "revokeAuthorityRole";
  const sent = await sendOp(client, "AuthoritySet", method, [role, account], action);
  const changed = sent.events.some(
    (e) => e.name === (method === "grantRole" ? "RoleGranted" : "RoleRevoked"),
  );
  const set = sent.events.find((e) => e.name === "VerifierSetChanged");
  return {
    role: p.role,
    account,
    changed,
    ...(set === undefined
      ? {}
      : { verifierCount: BigInt(set.args.verifierCount), threshold: BigInt(set.args.threshold) }),
    txHash: sent.hash,
    receipt: sent.receipt,
  };
}

/**
 * Grants an AuthoritySet role (the set's admin only; others get `AccessControlUnauthorizedAccount`).
 * Attesters sign registrations, verifiers sign epoch reports and ad settlements, supervisors
 * reject roots, suspend works and rule disputes.
 *
 * @example
 * ```ts
 * await admin.grantAuthorityRole({ role: "verifier", account: "0x..." });
 * ```
 */
export function grantAuthorityRole(
  client: AuteurClient,
  p: AuthorityRoleParameters,
): Promise<AuthorityRoleReturnType> {
  return changeRole(client, p, "grantRole");
}

/**
 * Revokes an AuthoritySet role (the set's admin only).
 *
 * @example
 * ```ts
 * await admin.revokeAuthorityRole({ role: "verifier", account: "0x..." });
 * ```
 */
export function revokeAuthorityRole(
  client: AuteurClient,
  p: AuthorityRoleParameters,
): Promise<AuthorityRoleReturnType> {
  return changeRole(client, p, "revokeRole");
}

/** Result of {@link getAuthority}. */
export interface GetAuthorityReturnType {
  verifierCount: bigint;
  /** Signatures a quorum report needs now. */
  quorumThreshold: bigint;
}

/**
 * Reads the verifier set's size and the quorum a report needs.
 *
 * @example
 * ```ts
 * const { quorumThreshold } = await client.getAuthority({});
 * ```
 */
export async function getAuthority(
  client: AuteurClient,
  _p?: Record<string, never>,
): Promise<GetAuthorityReturnType> {
  return {
    verifierCount: BigInt(await readContract<bigint>(client, "AuthoritySet", "verifierCount")),
    quorumThreshold: BigInt(await readContract<bigint>(client, "AuthoritySet", "quorumThreshold")),
  };
}
