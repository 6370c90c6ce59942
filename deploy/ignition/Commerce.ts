/**
 * Ignition modules for the value flows around works: AdEscrow (campaigns paid per verified view
 * or click), CommerceEscrow (escrowed sales) and Tips. AdEscrow and CommerceEscrow accept
 * AuteurToken from the start; other ERC-20s are allowed afterwards with `setTokenAllowed`.
 *
 * - `protocolModule(preset)` (module id `AuteurProtocol`) composes the rewards module (and through
 *   it the registry and the core) and adds the three contracts: the whole protocol for a preset.
 * - `CommerceOnCoreModule` (id `AuteurCommerceOnCore`) adds them to contracts deployed earlier,
 *   named by the `authoritySet`, `token` and `registry` address parameters (the demo uses it).
 *
 * Parameters (under the module id), with their defaults:
 * - `admin` (account 0), `adminDelay` (86,400 s);
 * - AdEscrow: `platformTreasury` (account 0), split bounds `minCreatorBps` (2,000),
 *   `maxViewerBps` (5,000), `maxStorageBps` (3,000), `minPlatformBps` (0), `maxPlatformBps`
 *   (2,000), `settlementGrace` (86,400 s after a campaign's end);
 * - CommerceEscrow: `shipTimeout` (3 days), `confirmTimeout` (14 days), `rulingTimeout` (30 days).
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { ContractFuture, IgnitionModuleBuilder } from "@nomicfoundation/ignition-core";
import type { ResolvedPreset } from "../presets.js";
import { rewardsModule } from "./Rewards.js";

/** Defaults of the module parameters. */
export const COMMERCE_DEFAULTS = {
  adminDelay: 86_400,
  minCreatorBps: 2_000,
  maxViewerBps: 5_000,
  maxStorageBps: 3_000,
  minPlatformBps: 0,
  maxPlatformBps: 2_000,
  settlementGrace: 86_400,
  shipTimeout: 3 * 86_400,
  confirmTimeout: 14 * 86_400,
  rulingTimeout: 30 * 86_400,
} as const;

type Address = ContractFuture<string>;

function addCommerce(
  m: IgnitionModuleBuilder,
  authoritySet: Address,
  token: Address,
  registry: Address,
) {
  const d = COMMERCE_DEFAULTS;
  const p = (name: keyof typeof COMMERCE_DEFAULTS & string) => m.getParameter(name, d[name]);
  const admin = m.getParameter("admin", m.getAccount(0));
  const adEscrow = m.contract("AdEscrow", [
    authoritySet,
    registry,
    m.getParameter("platformTreasury", m.getAccount(0)),
    {
      minCreatorBps: p("minCreatorBps"),
      maxViewerBps: p("maxViewerBps"),
      maxStorageBps: p("maxStorageBps"),
      minPlatformBps: p("minPlatformBps"),
      maxPlatformBps: p("maxPlatformBps"),
    },
    p("settlementGrace"),
    p("adminDelay"),
    admin,
  ]);
  m.call(adEscrow, "setTokenAllowed", [token, true], { id: "allowToken_AdEscrow" });
  const commerceEscrow = m.contract("CommerceEscrow", [
    authoritySet,
    { ship: p("shipTimeout"), confirm: p("confirmTimeout"), ruling: p("rulingTimeout") },
    p("adminDelay"),
    admin,
  ]);
  m.call(commerceEscrow, "setTokenAllowed", [token, true], { id: "allowToken_CommerceEscrow" });
  const tips = m.contract("Tips", [token, registry]);
  return { adEscrow, commerceEscrow, tips };
}

/** The whole protocol for `preset`: core, registry, rewards, ads, commerce and tips. */
export function protocolModule(preset: ResolvedPreset) {
  return buildModule("AuteurProtocol", (m) => {
    const base = m.useModule(rewardsModule(preset));
    return { ...base, ...addCommerce(m, base.authoritySet, base.token, base.registry) };
  });
}

/** AdEscrow, CommerceEscrow and Tips on contracts deployed earlier. */
export const CommerceOnCoreModule = buildModule("AuteurCommerceOnCore", (m) => {
  const authoritySet = m.contractAt("AuthoritySet", m.getParameter<string>("authoritySet"));
  const token = m.contractAt("AuteurToken", m.getParameter<string>("token"));
  const registry = m.contractAt("CopyrightRegistry", m.getParameter<string>("registry"));
  return addCommerce(m, authoritySet, token, registry);
});

export default CommerceOnCoreModule;
