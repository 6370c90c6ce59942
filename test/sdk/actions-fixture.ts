/**
 * Deploys the whole protocol for the SDK action tests and the end-to-end story with the project's
 * deploy code: the chainflix core through `deployCore` (genesis tranches to the story's actors),
 * then the registry, Proof-of-View and commerce Ignition modules on it, and a
 * `deployments/<chainId>.json` record written to a temporary directory. From there on nothing
 * touches a contract object: the operator's configuration (attester, supervisor, three verifiers,
 * an approved NGO) and every test talk to the chain through `createAuteurClient` only.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Wallet, keccak256, toUtf8Bytes, type Signer } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";
import { deployCore } from "../../deploy/core.js";
import { findCreations, recordContracts, type DeploymentRecord } from "../../deploy/deployments.js";
import { CommerceOnCoreModule } from "../../deploy/ignition/Commerce.js";
import { RegistryOnCoreModule } from "../../deploy/ignition/Registry.js";
import { ProofOfViewOnCoreModule } from "../../deploy/ignition/Rewards.js";
import { loadPreset } from "../../deploy/presets.js";
import { createAuteurClient, type AuteurClientWithActions } from "../../sdk/src/chain/index.js";

/** RAW dispute window and PoV challenge window of the story deployment (seconds). */
export const DISPUTE_WINDOW = 7n * 24n * 3600n;
export const CHALLENGE_WINDOW = 600n;

/** Options of {@link deployStory}. */
export interface DeployStoryOptions {
  /** Keep the written `deployments/<chainId>.json` (its directory is `deploymentsDir`; the caller removes it). */
  keepDeploymentsFile?: boolean;
}

export async function deployStory(connection: NetworkConnection, options: DeployStoryOptions = {}) {
  const { ethers, ignition } = connection;
  const signers = await ethers.getSigners();
  const [admin, attester, supervisor, photographer, rawHolder, buyer, ngo] = signers;
  const [creator, enhancer, storage, viewer1, viewer2, viewer3, advertiser, platform, fan] =
    signers.slice(7, 16);
  const preset = loadPreset("chainflix");
  const fromBlock = (await ethers.provider.getBlockNumber()) + 1;
  // genesis tranches (no vesting) go straight to the accounts that spend in the story
  const core = await deployCore(connection, preset, {
    beneficiaries: {
      tokenSale: buyer.address,
      developmentFund: advertiser.address,
      mentors: fan.address,
    },
    records: false,
  });
  const { AuthoritySet, AuteurToken } = core.addresses;
  const { registry, market } = await ignition.deploy(RegistryOnCoreModule, {
    parameters: {
      AuteurRegistryOnCore: {
        authoritySet: AuthoritySet,
        token: AuteurToken,
        disputeWindow: Number(DISPUTE_WINDOW),
      },
    },
    displayUi: false,
  });
  const registryAddress = await registry.getAddress();
  const { proofOfView } = await ignition.deploy(ProofOfViewOnCoreModule, {
    parameters: {
      AuteurProofOfViewOnCore: {
        authoritySet: AuthoritySet,
        token: AuteurToken,
        registry: registryAddress,
        challengeWindow: CHALLENGE_WINDOW,
      },
    },
    displayUi: false,
  });
  const { adEscrow, commerceEscrow, tips } = await ignition.deploy(CommerceOnCoreModule, {
    parameters: {
      AuteurCommerceOnCore: {
        authoritySet: AuthoritySet,
        token: AuteurToken,
        registry: registryAddress,
        platformTreasury: platform.address,
      },
    },
    displayUi: false,
  });

  // verifiers hold plain keys (they sign reports off-chain) and a little ETH to send their claims
  const verifiers = [0, 1, 2]
    .map((i) => new Wallet(keccak256(toUtf8Bytes(`auteur e2e verifier ${i}`)), ethers.provider))
    .sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1));
  for (const v of verifiers)
    await (await admin.sendTransaction({ to: v.address, value: 10n ** 18n })).wait();

  const addresses: Record<string, string> = {
    AuthoritySet,
    AuteurToken,
    CopyrightRegistry: registryAddress,
    LicenseMarket: await market.getAddress(),
    ProofOfView: await proofOfView.getAddress(),
    AdEscrow: await adEscrow.getAddress(),
    CommerceEscrow: await commerceEscrow.getAddress(),
    Tips: await tips.getAddress(),
  };
  const chainId = Number((await ethers.provider.getNetwork()).chainId);
  const deploymentsDir = mkdtempSync(join(tmpdir(), "auteur-e2e-deployments-"));
  const deployments: DeploymentRecord = recordContracts(
    {
      chainId,
      network: connection.networkName,
      preset: preset.name,
      deployer: admin.address,
    },
    await findCreations(ethers.provider, addresses, fromBlock),
    deploymentsDir,
  );

  if (options.keepDeploymentsFile !== true)
    rmSync(deploymentsDir, { recursive: true, force: true });

  const clientOf = (signer: Signer): Promise<AuteurClientWithActions> =>
    createAuteurClient({ signer, deployments });

  // operator configuration, through the admin's SDK client: who attests, verifies and
  // supervises, and which NGO sellers may donate to
  const operator = await clientOf(admin);
  await operator.grantAuthorityRole({ role: "attester", account: attester.address });
  await operator.grantAuthorityRole({ role: "supervisor", account: supervisor.address });
  for (const v of verifiers)
    await operator.grantAuthorityRole({ role: "verifier", account: v.address });
  await operator.setNgoApproval({ ngo: ngo.address, approved: true });
  return {
    deployments,
    deploymentsDir,
    chainId: BigInt(chainId),
    preset,
    verifiers,
    clientOf,
    accounts: {
      admin,
      attester,
      supervisor,
      photographer,
      rawHolder,
      buyer,
      ngo,
      creator,
      enhancer,
      storage,
      viewers: [viewer1, viewer2, viewer3],
      advertiser,
      platform,
      fan,
    },
  };
}

export type StoryDeployment = Awaited<ReturnType<typeof deployStory>>;
