/**
 * The registry and licence story through the SDK only: every step after the deployment goes
 * through `createAuteurClient` actions (register, duplicate revert decoded, version, RAW
 * transfer, offer, purchase, licence check, tip), never through a contract object.
 */
import { expect } from "chai";
import { network } from "hardhat";
import type { Signer } from "ethers";
import { deployRegistryArea, WINDOW } from "../registry/fixture.js";
import {
  AuteurContractError,
  createAuteurClient,
  MediaType,
  type Deployments,
  type Upload,
} from "../../sdk/src/chain/index.js";
import { sha256Hex } from "../registry/helpers.js";

const { ethers, networkHelpers } = await network.getOrCreate();

function upload(seed: string, overrides: Partial<Upload> = {}): Upload {
  return {
    contentSha256: sha256Hex(`file:${seed}`),
    pHash: 0xd1c4a3b29f8e7d6cn,
    width: 1600,
    height: 1200,
    raw: false,
    manifest: sha256Hex(`manifest:${seed}`),
    mediaType: MediaType.Image,
    cellCount: 0,
    durationSeconds: 0,
    ...overrides,
  };
}

async function fixture() {
  const area = await deployRegistryArea(ethers);
  const tips = await ethers.deployContract("Tips", [
    await area.auteur.getAddress(),
    await area.registry.getAddress(),
  ]);
  const record = async (c: { getAddress(): Promise<string>; deploymentTransaction(): unknown }) => {
    const tx = c.deploymentTransaction() as { hash: string; blockNumber: number | null } | null;
    return {
      address: await c.getAddress(),
      blockNumber: tx?.blockNumber ?? 0,
      txHash: tx?.hash ?? "0x",
    };
  };
  const deployments: Deployments = {
    chainId: Number(area.chainId),
    preset: "test",
    contracts: {
      AuthoritySet: await record(area.authority),
      AuteurToken: await record(area.auteur),
      CopyrightRegistry: await record(area.registry),
      LicenseMarket: await record(area.market),
      Tips: await record(tips),
    },
  };
  const clientOf = (signer: Signer) => createAuteurClient({ signer, deployments });
  return { ...area, deployments, clientOf };
}

describe("SDK chain client: registry and licence story", function () {
  it("registers, versions, transfers by RAW, sells and checks a licence through the SDK only", async function () {
    const { clientOf, alice, bob, carol, attester } = await networkHelpers.loadFixture(fixture);
    const aliceClient = await clientOf(alice);
    const bobClient = await clientOf(bob);
    const carolClient = await clientOf(carol);

    const photo = upload("photo");
    const registered = await aliceClient.registerWork({ upload: photo, attester });
    expect(registered.kind).to.equal("work");
    expect(registered.workId).to.equal(1n);

    // The same file again: a decoded custom error with its values and a hint, not CALL_EXCEPTION.
    const duplicate = await aliceClient.registerWork({ upload: photo, attester }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(duplicate).to.be.instanceOf(AuteurContractError);
    const err = duplicate as AuteurContractError;
    expect(err.errorName).to.equal("CopyrightRegistryDuplicateHash");
    expect(err.args.contentSha256).to.equal(photo.contentSha256);
    expect(err.args.existingWorkId).to.equal(1n);
    expect(err.hints.join(" ")).to.match(/auteur verify/);

    // A higher-resolution copy within the match threshold becomes version 1.
    const big = upload("photo-4k", { width: 3200, height: 2400, pHash: photo.pHash ^ 0b111n });
    const version = await aliceClient.addVersion({
      upload: big,
      matchedSha256: photo.contentSha256,
      attester,
    });
    expect(version).to.include({ kind: "version", workId: 1n, version: 1n });

    // Carol's RAW at least as large opens a claim that she finalises after the dispute window.
    const raw = upload("photo-raw", {
      width: 3200,
      height: 2400,
      raw: true,
      pHash: photo.pHash ^ 0b11n,
    });
    const claim = await carolClient.requestRawTransfer({
      upload: raw,
      matchedSha256: photo.contentSha256,
      attester,
    });
    expect(claim.workId).to.equal(1n);
    const early = await carolClient.finaliseRawTransfer({ workId: 1n }).catch((e: unknown) => e);
    expect(early).to.be.instanceOf(AuteurContractError);
    expect((early as AuteurContractError).errorName).to.equal("CopyrightRegistryDisputeWindowOpen");
    await networkHelpers.time.increase(WINDOW);
    const moved = await carolClient.finaliseRawTransfer({ workId: 1n });
    expect(moved.from).to.equal(alice.address);
    expect(moved.to).to.equal(carol.address);

    // Alice no longer owns the work: the market refuses her offer with a decoded error.
    const refused = await aliceClient
      .publishOffer({ workId: 1n, kind: "RoyaltyFree", price: 10n ** 18n })
      .catch((e: unknown) => e);
    expect((refused as AuteurContractError).errorName).to.equal("LicenseMarketNotWorkOwner");

    const price = 5n * 10n ** 18n;
    await carolClient.publishOffer({ workId: 1n, kind: "RoyaltyFree", price });
    expect(
      await bobClient.hasLicence({ workId: 1n, account: bob.address, kind: "RoyaltyFree" }),
    ).to.equal(false);
    const bought = await bobClient.buyLicence({ workId: 1n, kind: "RoyaltyFree" });
    expect(bought.price).to.equal(price);
    expect(
      await bobClient.hasLicence({ workId: 1n, account: bob.address, kind: "RoyaltyFree" }),
    ).to.equal(true);

    // A tip reaches the work's current owner.
    const tipped = await bobClient.tip({ workId: 1n, amount: 10n ** 18n });
    expect(tipped.recipient).to.equal(carol.address);
    expect(tipped.toRecipient + tipped.donation).to.equal(10n ** 18n);

    const works = await bobClient.getEvents({
      contract: "CopyrightRegistry",
      event: "WorkRegistered",
    });
    expect(works.map((e) => e.args.workId)).to.deep.equal([1n]);
  });

  it("reports a missing signer and an unknown contract with the fix", async function () {
    const { deployments } = await networkHelpers.loadFixture(fixture);
    const readOnly = await createAuteurClient({ provider: ethers.provider, deployments });
    const noSigner = await readOnly
      .publishOffer({ workId: 1n, kind: "View", price: 1n })
      .catch((e: unknown) => e);
    expect((noSigner as { code: string }).code).to.equal("NO_SIGNER");
    const missing = await readOnly
      .claimPovReward({
        account: deployments.contracts.Tips!.address,
        cumulativeAmount: 1n,
        proof: [],
      })
      .catch((e: unknown) => e);
    expect((missing as { code: string }).code).to.equal("CONTRACT_NOT_DEPLOYED");
    const wrongChain = await createAuteurClient({
      provider: ethers.provider,
      deployments: { ...deployments, chainId: 1 },
    }).catch((e: unknown) => e);
    expect((wrongChain as { code: string }).code).to.equal("CHAIN_MISMATCH");
  });
});
