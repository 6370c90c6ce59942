/**
 * Doc test of README.md's "## SDK usage": every ```ts block of that section, in order, runs as one
 * program on Hardhat's in-process chain, from a directory that holds what the README says it
 * holds (photo.jpg, deployments/31337.json, a settled epoch's balances.json) and with the local
 * subgraph endpoint in AUTEUR_SUBGRAPH_URL. The blocks are not edited: only a marker after each
 * one records that it ran. Then their printed lines and the chain are checked.
 */
import { expect } from "chai";
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { network } from "hardhat";
import { Wallet, keccak256, toUtf8Bytes } from "ethers";
import { createAuteurClient, MediaType, type Deployments } from "../../sdk/src/chain/index.js";
import {
  CHAINFLIX_HALVING,
  buildEpochReport,
  orderSignatures,
  povDomain,
  signEpochReport,
} from "../../sdk/src/pov/index.js";
import { QueryEndpoint } from "../../subgraph/harness/index.js";
import { serve } from "../../subgraph/harness/server.js";
import { ensureSubgraphBuilt, makeIndexer } from "../subgraph/harness.js";
import type {
  AuteurToken,
  AuthoritySet,
  CopyrightRegistry,
  LicenseMarket,
  ProofOfView,
} from "../../types/ethers-contracts/index.js";

const ROOT = process.cwd();
const WAD = 10n ** 18n;
const PHOTO = join(ROOT, "fixtures", "pdq", "dih", "bridge-1-original.jpg");

/** The ```ts blocks of README.md's `## SDK usage` section, in order. */
export function sdkUsageBlocks(readme: string): string[] {
  const start = readme.indexOf("\n## SDK usage\n");
  if (start < 0) throw new Error('README.md has no "## SDK usage" section');
  const rest = readme.slice(start + 1);
  const end = rest.slice(3).search(/\n#{2,3} /);
  const section = end < 0 ? rest : rest.slice(0, end + 3);
  return [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

const { ethers, networkHelpers } = await network.getOrCreate();

describe("README SDK usage examples (doc test)", function () {
  this.timeout(600_000);

  it("extracts the section's examples", function () {
    const blocks = sdkUsageBlocks(readFileSync(join(ROOT, "README.md"), "utf8"));
    expect(blocks.length).to.be.at.least(5);
    const all = blocks.join("\n");
    for (const api of [
      "createAuteurClient",
      "registerWork",
      "buyLicence",
      "claimPovReward",
      "createIndexerClient",
    ]) {
      expect(all, api).to.include(api);
    }
  });

  it("runs every example for real on the in-process chain", async function () {
    ensureSubgraphBuilt();
    const blocks = sdkUsageBlocks(readFileSync(join(ROOT, "README.md"), "utf8"));
    const signers = await ethers.getSigners();
    const [admin, attester, buyer, viewer] = signers;
    const [videoCreator, supervisor, storage, treasury] = signers.slice(5, 9);
    const startBlock = await ethers.provider.getBlockNumber();

    // the deployment the README's directory describes
    const verifiers = [0, 1]
      .map((i) => new Wallet(keccak256(toUtf8Bytes(`doctest verifier ${i}`))))
      .sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1));
    const authority = (await ethers.deployContract("AuthoritySet", [
      0n,
      admin!.address,
    ])) as unknown as AuthoritySet;
    await authority.grantRole(await authority.ATTESTER_ROLE(), attester!.address);
    await authority.grantRole(await authority.SUPERVISOR_ROLE(), supervisor!.address);
    for (const v of verifiers)
      await authority.grantRole(await authority.VERIFIER_ROLE(), v.address);
    const token = (await ethers.deployContract("AuteurToken", [
      "Chainflix",
      "CFX",
      5_020_275_000n * WAD,
      0n,
      admin!.address,
      [buyer!.address],
      [1000n * WAD],
    ])) as unknown as AuteurToken;
    const registry = (await ethers.deployContract("CopyrightRegistry", [
      await authority.getAddress(),
      0n,
      admin!.address,
      10,
      7n * 24n * 3600n,
    ])) as unknown as CopyrightRegistry;
    const market = (await ethers.deployContract("LicenseMarket", [
      await registry.getAddress(),
      await token.getAddress(),
      0n,
      admin!.address,
      treasury!.address,
      100,
      100,
    ])) as unknown as LicenseMarket;
    const pov = (await ethers.deployContract("ProofOfView", [
      {
        token: await token.getAddress(),
        authority: await authority.getAddress(),
        registry: await registry.getAddress(),
        epochReward: CHAINFLIX_HALVING.r0,
        halvingEpochs: CHAINFLIX_HALVING.halvingEpochs,
        maxHalvings: CHAINFLIX_HALVING.maxHalvings,
        epochMillis: 43_200n,
        genesis: 0n,
        challengeWindow: 600n,
        storageBps: 1000,
        verifierBps: 500,
        supervisorBps: 500,
        bounds: {
          minCreatorBps: 2000,
          minViewerBps: 1000,
          maxViewerBps: 6000,
          maxEnhancerBps: 3000,
        },
      },
      0n,
      admin!.address,
    ])) as unknown as ProofOfView;
    await token.grantRole(await token.MINTER_ROLE(), await pov.getAddress());
    const chainId = (await ethers.provider.getNetwork()).chainId;
    const at = async (c: { getAddress(): Promise<string> }) => ({
      address: await c.getAddress(),
      blockNumber: startBlock,
      txHash: "0x",
    });
    const deployments: Deployments = {
      chainId: Number(chainId),
      contracts: {
        AuthoritySet: await at(authority),
        AuteurToken: await at(token),
        CopyrightRegistry: await at(registry),
        LicenseMarket: await at(market),
        ProofOfView: await at(pov),
      },
    };

    // a settled and claimable epoch: another creator's video watched by the viewer
    const cellHashes = [0, 1].map(
      (i) => `0x${createHash("sha256").update(`doctest cell ${i}`).digest("hex")}`,
    );
    const studio = await createAuteurClient({ signer: videoCreator!, deployments });
    const { workId: videoId } = await studio.registerWork({
      upload: {
        contentSha256: `0x${createHash("sha256").update("doctest video").digest("hex")}`,
        pHash: 0x5555_aaaa_5555_aaaan,
        width: 1920,
        height: 1080,
        raw: false,
        manifest: keccak256(toUtf8Bytes(cellHashes.join(""))),
        mediaType: MediaType.Video,
        cellCount: 2,
        durationSeconds: 120,
      },
      attester: attester!,
    });
    const split = { creatorBps: 6000, viewerBps: 4000, enhancerBps: 0 };
    await pov.connect(videoCreator!).setSplit(videoId, split);
    const built = buildEpochReport({
      plays: [0, 1].map((cellIndex) => ({
        account: viewer!.address,
        workId: videoId,
        cellIndex,
        epoch: 0n,
        storageProvider: storage!.address,
        playCode: keccak256(toUtf8Bytes(`doctest play ${cellIndex}`)),
      })),
      fromEpoch: 0n,
      toEpoch: 0n,
      nonce: 0n,
      schedule: CHAINFLIX_HALVING,
      protocolShares: { storageBps: 1000, verifierBps: 500, supervisorBps: 500 },
      contents: [{ workId: videoId, creator: videoCreator!.address, split }],
      verifiers: verifiers.map((v) => v.address),
      supervisors: [supervisor!.address],
    });
    const genesis = Number(await pov.GENESIS());
    if ((await networkHelpers.time.latest()) < genesis + 44)
      await networkHelpers.time.increaseTo(genesis + 44);
    const domain = povDomain(chainId, await pov.getAddress());
    const sigs = await Promise.all(verifiers.map((v) => signEpochReport(v, domain, built.report)));
    await pov.settle(built.report, orderSignatures(sigs));
    await networkHelpers.time.increase(601);
    await pov.activateRoot();
    const viewerTotal = built.totals.get(viewer!.address)!;

    // the directory the examples run in (gitignored .auteur/)
    const dir = join(ROOT, ".auteur", `doctest-${process.pid}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(join(dir, "deployments"), { recursive: true });
    writeFileSync(join(dir, "deployments", `${chainId}.json`), JSON.stringify(deployments));
    copyFileSync(PHOTO, join(dir, "photo.jpg"));
    writeFileSync(
      join(dir, "balances.json"),
      JSON.stringify(
        Object.fromEntries([...built.totals].map(([a, v]) => [a, v.toString()] as const)),
      ),
    );
    // the local subgraph endpoint, indexing the chain before each answer as graph-node would
    const indexer = makeIndexer(ethers.provider, {
      CopyrightRegistry: { address: await registry.getAddress(), blockNumber: startBlock },
      LicenseMarket: { address: await market.getAddress(), blockNumber: startBlock },
      ProofOfView: { address: await pov.getAddress(), blockNumber: startBlock },
    });
    const endpoint = new QueryEndpoint(indexer.store);
    const syncing = {
      execute: async (...args: Parameters<QueryEndpoint["execute"]>) => {
        await indexer.sync();
        return endpoint.execute(...args);
      },
    } as unknown as QueryEndpoint;
    const server = await serve(syncing, 0);

    const program = blocks
      .map((b, i) => `${b}\n(globalThis as { __docSteps?: number[] }).__docSteps?.push(${i});\n`)
      .join("\n");
    const file = join(dir, "sdk-usage.ts");
    writeFileSync(file, program);
    const steps: number[] = [];
    const printed: string[] = [];
    const log = console.log;
    const cwd = process.cwd();
    const env = process.env.AUTEUR_SUBGRAPH_URL;
    (globalThis as { __docSteps?: number[] }).__docSteps = steps;
    try {
      process.env.AUTEUR_SUBGRAPH_URL = server.url;
      process.chdir(dir);
      console.log = (...args: unknown[]) => {
        printed.push(args.map(String).join(" "));
      };
      await import(pathToFileURL(file).href);
    } catch (error) {
      throw new Error(
        `README SDK usage block ${steps.length + 1} of ${blocks.length} failed:\n${blocks[steps.length] ?? ""}\n${String(error)}`,
        { cause: error },
      );
    } finally {
      console.log = log;
      process.chdir(cwd);
      if (env === undefined) delete process.env.AUTEUR_SUBGRAPH_URL;
      else process.env.AUTEUR_SUBGRAPH_URL = env;
      delete (globalThis as { __docSteps?: number[] }).__docSteps;
      await server.close();
    }
    expect(steps).to.deep.equal(blocks.map((_, i) => i));

    // what the examples printed is what the chain and the indexer say
    const text = printed.join("\n");
    expect(text).to.include(`chain ${chainId}, registry ${await registry.getAddress()}`);
    const photoSha = `0x${createHash("sha256").update(readFileSync(PHOTO)).digest("hex")}`;
    const photoWork = (await registry.fileOf(photoSha)).workId;
    expect(photoWork).to.equal(videoId + 1n);
    expect(await registry.creatorOf(photoWork)).to.equal(admin!.address);
    expect(text).to.match(new RegExp(`work ${photoWork} registered, chunks under b[a-z2-7]+`));
    expect(text).to.include("buyer licensed: true");
    expect(await token.balanceOf(viewer!.address)).to.equal(viewerTotal);
    expect(text).to.include(`viewer claimed ${viewerTotal}, then 0`);
    expect(text).to.include(`creator owns works ${photoWork}`);
    rmSync(dir, { recursive: true, force: true });
  });
});
