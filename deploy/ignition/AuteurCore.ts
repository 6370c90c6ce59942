/**
 * Ignition module `AuteurCore`: AuthoritySet + AuteurToken + one vesting wallet per vesting
 * tranche, with the genesis allocation of a preset minted by the token's constructor.
 *
 * The module is built from a resolved preset (`auteurCoreModule(loadPreset("chainflix"))`), so
 * deploy it with a deployment id per preset (`auteur-<preset>`). Later modules compose it:
 *
 * ```ts
 * const { token, authoritySet } = m.useModule(auteurCoreModule(preset));
 * m.call(token, "grantRole", [MINTER_ROLE, proofOfView]);
 * ```
 *
 * Parameters (module id `AuteurCore`; see also the `AuthoritySet` module):
 * - `admin` (address, default account 0): the token's default admin (grants `MINTER_ROLE`);
 * - `adminDelay` (seconds, default 86,400): delay of the two-step admin transfer;
 * - `vestingStart` (unix seconds, required): when every vesting schedule starts;
 * - `<trancheId>Beneficiary` (address, default account 0): who receives the tranche (directly,
 *   or as the owner of its vesting wallet).
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { NamedArtifactContractDeploymentFuture } from "@nomicfoundation/ignition-core";
import type { ResolvedPreset } from "../presets.js";
import { walletSchedule } from "../presets.js";
import AuthoritySetModule from "./AuthoritySet.js";

/** Future id of the vesting wallet of tranche `id` (also its key in deployments/<chainId>.json). */
export function vestingWalletId(trancheId: string): string {
  return `Vesting_${trancheId}`;
}

/** Name of the Ignition parameter holding the beneficiary of tranche `id`. */
export function beneficiaryParameter(trancheId: string): string {
  return `${trancheId}Beneficiary`;
}

export function auteurCoreModule(preset: ResolvedPreset) {
  return buildModule("AuteurCore", (m) => {
    const { authoritySet } = m.useModule(AuthoritySetModule);
    const admin = m.getParameter("admin", m.getAccount(0));
    const adminDelay = m.getParameter("adminDelay", 86_400);
    const vestingStart = m.getParameter<bigint>("vestingStart");

    const recipients = [];
    const amounts: bigint[] = [];
    const wallets: Record<string, NamedArtifactContractDeploymentFuture<string>> = {};
    for (const tranche of preset.tranches) {
      // A tranche held back entirely for a later minter has nothing to mint at genesis.
      if (tranche.genesis === 0n) continue;
      const beneficiary = m.getParameter(beneficiaryParameter(tranche.id), m.getAccount(0));
      if (tranche.vesting === undefined) {
        recipients.push(beneficiary);
      } else {
        const s = walletSchedule(tranche.vesting);
        const id = vestingWalletId(tranche.id);
        const wallet: NamedArtifactContractDeploymentFuture<string> =
          s.contract === "AuteurVestingWallet"
            ? m.contract(
                "AuteurVestingWallet",
                [beneficiary, vestingStart, s.durationSeconds, s.cliffSeconds],
                { id },
              )
            : m.contract(
                "AuteurStepVestingWallet",
                [
                  beneficiary,
                  vestingStart,
                  s.cliffSeconds,
                  s.initialBps as number,
                  s.stepBps as number,
                  s.stepSeconds as bigint,
                ],
                { id },
              );
        wallets[id] = wallet;
        recipients.push(wallet);
      }
      amounts.push(tranche.genesis);
    }

    const token = m.contract("AuteurToken", [
      preset.tokenName,
      preset.symbol,
      preset.cap,
      adminDelay,
      admin,
      recipients,
      amounts,
    ]);
    return { authoritySet, token, ...wallets };
  });
}
