/**
 * Ignition modules for the copyright registry and the licence market.
 *
 * - `registryModule(preset)` (module id `AuteurRegistry`) composes the core (`m.useModule` of
 *   `AuteurCore`: AuthoritySet and AuteurToken) and adds CopyrightRegistry and LicenseMarket: the
 *   module for a full deployment of a preset.
 * - `RegistryOnCoreModule` (module id `AuteurRegistryOnCore`) adds the same two contracts to a core
 *   deployed earlier, named by the `authoritySet` and `token` parameters (the demo uses it after
 *   its token step; so can an operator adding the registry to a live core).
 *
 * Parameters (under the module id):
 * - `admin` (address, default account 0): default admin of both contracts;
 * - `adminDelay` (seconds, default 86,400): two-step admin transfer delay;
 * - `matchThreshold` (bits of 64, default 10): perceptual match threshold;
 * - `disputeWindow` (seconds, default 604,800 = 7 days): RAW ownership dispute window;
 * - `treasury` (address, default account 0): receives payment fees and non-AuteurToken fuel fees;
 * - `fuelFeeBps` (default 100 = 1 %): fuel fee share of every sale;
 * - `nativeFeeBps` (default 100 = 1 %, the source design's native-token path fee).
 *
 * Other payment tokens are allowed afterwards with `LicenseMarket.configureToken(token, true,
 * feeBps)` (the source design charges 300 = 3 %), and NGOs with
 * `CopyrightRegistry.setNgoApproval(ngo, true)`.
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { ContractFuture, IgnitionModuleBuilder } from "@nomicfoundation/ignition-core";
import type { ResolvedPreset } from "../presets.js";
import { auteurCoreModule } from "./AuteurCore.js";

/** Defaults of the module parameters. */
export const REGISTRY_DEFAULTS = {
  adminDelay: 86_400,
  matchThreshold: 10,
  disputeWindow: 7 * 24 * 3600,
  fuelFeeBps: 100,
  nativeFeeBps: 100,
} as const;

function addRegistry(
  m: IgnitionModuleBuilder,
  authoritySet: ContractFuture<string>,
  token: ContractFuture<string>,
) {
  const admin = m.getParameter("admin", m.getAccount(0));
  const adminDelay = m.getParameter("adminDelay", REGISTRY_DEFAULTS.adminDelay);
  const registry = m.contract("CopyrightRegistry", [
    authoritySet,
    adminDelay,
    admin,
    m.getParameter("matchThreshold", REGISTRY_DEFAULTS.matchThreshold),
    m.getParameter("disputeWindow", REGISTRY_DEFAULTS.disputeWindow),
  ]);
  const market = m.contract("LicenseMarket", [
    registry,
    token,
    adminDelay,
    admin,
    m.getParameter("treasury", m.getAccount(0)),
    m.getParameter("fuelFeeBps", REGISTRY_DEFAULTS.fuelFeeBps),
    m.getParameter("nativeFeeBps", REGISTRY_DEFAULTS.nativeFeeBps),
  ]);
  return { registry, market };
}

/** Core + registry + market for `preset`. */
export function registryModule(preset: ResolvedPreset) {
  return buildModule("AuteurRegistry", (m) => {
    const core = m.useModule(auteurCoreModule(preset));
    return { ...core, ...addRegistry(m, core.authoritySet, core.token) };
  });
}

/** Registry + market on an existing core (`authoritySet` and `token` address parameters). */
export const RegistryOnCoreModule = buildModule("AuteurRegistryOnCore", (m) => {
  const authoritySet = m.contractAt("AuthoritySet", m.getParameter<string>("authoritySet"));
  const token = m.contractAt("AuteurToken", m.getParameter<string>("token"));
  return addRegistry(m, authoritySet, token);
});

export default RegistryOnCoreModule;
