/**
 * Ignition modules for the emission contracts: UploadMiner (proof-of-data on a decay curve) and
 * ProofOfView (Halving emission per epoch, quorum settlement, cumulative claims). Each module grants
 * its contract the token's `MINTER_ROLE` (the deployer must be the token's admin).
 *
 * - `rewardsModule(preset)` (module id `AuteurRewards`) composes the registry module (and through it
 *   the core) and adds the minters the preset names: an UploadMiner whose cap is the preset's
 *   `UploadMiner` reserve (imageone: 525,000,000), a ProofOfView when the preset has a
 *   `ProofOfView` emission (chainflix: 135 per 43.2 s epoch, one halving after 730,000 epochs).
 * - `UploadMinerOnCoreModule` / `ProofOfViewOnCoreModule` (ids `AuteurUploadMinerOnCore`,
 *   `AuteurProofOfViewOnCore`) add one of them to contracts deployed earlier, named by the
 *   `authoritySet`, `token` and `registry` address parameters (the demo uses these).
 *
 * Parameters (under the module id), with their defaults:
 * - `admin` (account 0), `adminDelay` (86,400 s);
 * - UploadMiner: `uploadCurve` (1 = PowerDecay, 0 = LinearRemaining), `uploadInitialReward`
 *   (100 tokens), `uploadK` (5e18), `uploadCap` (from the preset, or 525,000,000 tokens);
 * - ProofOfView: `epochReward` (135 tokens), `halvingEpochs` (730,000), `maxHalvings` (1),
 *   `epochMillis` (43,200), `genesis` (0 = deployment time), `challengeWindow` (3,600 s),
 *   `storageBps` (1,000), `verifierBps` (500), `supervisorBps` (500), `minCreatorBps` (2,000),
 *   `minViewerBps` (1,000), `maxViewerBps` (6,000), `maxEnhancerBps` (3,000).
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { CallableContractFuture, IgnitionModuleBuilder } from "@nomicfoundation/ignition-core";
import { id } from "ethers";
import type { ResolvedPreset } from "../presets.js";
import { registryModule } from "./Registry.js";

const WAD = 10n ** 18n;
const MINTER_ROLE = id("MINTER_ROLE");

/** Defaults of the module parameters. */
export const REWARDS_DEFAULTS = {
  adminDelay: 86_400,
  uploadCurve: 1,
  uploadInitialReward: 100n * WAD,
  uploadK: 5n * WAD,
  uploadCap: 525_000_000n * WAD,
  epochReward: 135n * WAD,
  halvingEpochs: 730_000n,
  maxHalvings: 1n,
  epochMillis: 43_200n,
  challengeWindow: 3_600n,
  storageBps: 1_000,
  verifierBps: 500,
  supervisorBps: 500,
  minCreatorBps: 2_000,
  minViewerBps: 1_000,
  maxViewerBps: 6_000,
  maxEnhancerBps: 3_000,
} as const;

type Address = CallableContractFuture<string>;

function addUploadMiner(m: IgnitionModuleBuilder, token: Address, registry: Address, cap: bigint) {
  const d = REWARDS_DEFAULTS;
  const uploadMiner = m.contract("UploadMiner", [
    token,
    registry,
    m.getParameter("uploadCurve", d.uploadCurve),
    m.getParameter("uploadInitialReward", d.uploadInitialReward),
    m.getParameter("uploadK", d.uploadK),
    m.getParameter("uploadCap", cap),
    m.getParameter("adminDelay", d.adminDelay),
    m.getParameter("admin", m.getAccount(0)),
  ]);
  m.call(token, "grantRole", [MINTER_ROLE, uploadMiner], { id: "grantMinter_UploadMiner" });
  return { uploadMiner };
}

function addProofOfView(
  m: IgnitionModuleBuilder,
  authoritySet: Address,
  token: Address,
  registry: Address,
) {
  const d = REWARDS_DEFAULTS;
  const p = <T extends bigint | number>(name: keyof typeof REWARDS_DEFAULTS & string, value: T) =>
    m.getParameter(name, value);
  const proofOfView = m.contract("ProofOfView", [
    {
      token,
      authority: authoritySet,
      registry,
      epochReward: p("epochReward", d.epochReward),
      halvingEpochs: p("halvingEpochs", d.halvingEpochs),
      maxHalvings: p("maxHalvings", d.maxHalvings),
      epochMillis: p("epochMillis", d.epochMillis),
      genesis: m.getParameter("genesis", 0n),
      challengeWindow: p("challengeWindow", d.challengeWindow),
      storageBps: p("storageBps", d.storageBps),
      verifierBps: p("verifierBps", d.verifierBps),
      supervisorBps: p("supervisorBps", d.supervisorBps),
      bounds: {
        minCreatorBps: p("minCreatorBps", d.minCreatorBps),
        minViewerBps: p("minViewerBps", d.minViewerBps),
        maxViewerBps: p("maxViewerBps", d.maxViewerBps),
        maxEnhancerBps: p("maxEnhancerBps", d.maxEnhancerBps),
      },
    },
    m.getParameter("adminDelay", d.adminDelay),
    m.getParameter("admin", m.getAccount(0)),
  ]);
  m.call(token, "grantRole", [MINTER_ROLE, proofOfView], { id: "grantMinter_ProofOfView" });
  return { proofOfView };
}

/** The UploadMiner cap a preset leaves room for (its `UploadMiner` reserves and emissions), or 0. */
export function uploadMinerCap(preset: ResolvedPreset): bigint {
  let cap = 0n;
  for (const t of preset.tranches) if (t.reserveMinter === "UploadMiner") cap += t.reserve;
  for (const e of preset.emissions) if (e.minter === "UploadMiner") cap += e.amount;
  return cap;
}

/** Whether a preset mints through ProofOfView. */
export function hasProofOfView(preset: ResolvedPreset): boolean {
  return (
    preset.emissions.some((e) => e.minter === "ProofOfView") ||
    preset.tranches.some((t) => t.reserveMinter === "ProofOfView")
  );
}

/** Core + registry + the minters `preset` names. */
export function rewardsModule(preset: ResolvedPreset) {
  return buildModule("AuteurRewards", (m) => {
    const base = m.useModule(registryModule(preset));
    const cap = uploadMinerCap(preset);
    const miner = cap > 0n ? addUploadMiner(m, base.token, base.registry, cap) : {};
    const pov = hasProofOfView(preset)
      ? addProofOfView(m, base.authoritySet, base.token, base.registry)
      : {};
    return { ...base, ...miner, ...pov };
  });
}

/** UploadMiner on contracts deployed earlier (`token`, `registry` address parameters). */
export const UploadMinerOnCoreModule = buildModule("AuteurUploadMinerOnCore", (m) => {
  const token = m.contractAt("AuteurToken", m.getParameter<string>("token"));
  const registry = m.contractAt("CopyrightRegistry", m.getParameter<string>("registry"));
  return addUploadMiner(m, token, registry, REWARDS_DEFAULTS.uploadCap);
});

/** ProofOfView on contracts deployed earlier (`authoritySet`, `token`, `registry` address parameters). */
export const ProofOfViewOnCoreModule = buildModule("AuteurProofOfViewOnCore", (m) => {
  const authoritySet = m.contractAt("AuthoritySet", m.getParameter<string>("authoritySet"));
  const token = m.contractAt("AuteurToken", m.getParameter<string>("token"));
  const registry = m.contractAt("CopyrightRegistry", m.getParameter<string>("registry"));
  return addProofOfView(m, authoritySet, token, registry);
});

export default ProofOfViewOnCoreModule;
