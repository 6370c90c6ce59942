/**
 * The installed `auteur` binary (node_modules/.bin/auteur) against a real `hardhat node`: the whole
 * Proof-of-View loop from the command line (a verifier serves a video's cells and issues PlayCodes,
 * players play cells, the verifier checks them and refuses a replay and a too-fast play, a 2-of-3
 * quorum settles the ended epochs, each of the six roles claims) and an ad campaign
 * (create -> fund -> settle -> claim), with every effect read back from chain.
 */
import { expect } from "chai";
import { type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  Contract,
  ContractFactory,
  HDNodeWallet,
  JsonRpcProvider,
  NonceManager,
  Wallet,
  type InterfaceAbi,
} from "ethers";
import { createAuteurClient } from "../../sdk/src/chain/index.js";
import { auteurAsync, auteurIn, freePort, rpc, startNode, type Run } from "./cli-node.js";

const ROOT = process.cwd();
const WAD = 10n ** 18n;
// Hardhat node's development mnemonic (public test accounts).
const MNEMONIC = "test test test test test test test test test test test junk";
const devKey = (i: number) =>
  HDNodeWallet.fromPhrase(MNEMONIC, undefined, `m/44'/60'/0'/0/${i}`).privateKey;

function artifact(path: string): { abi: InterfaceAbi; bytecode: string } {
  return JSON.parse(readFileSync(join(ROOT, "artifacts", "contracts", path), "utf8"));
}

async function deploy(runner: NonceManager, path: string, args: unknown[]) {
  const a = artifact(path);
  const contract = await new ContractFactory(a.abi, a.bytecode, runner).deploy(...args);
  await contract.waitForDeployment();
  const tx = contract.deploymentTransaction()!;
  const receipt = await tx.wait();
  return {
    contract: contract as Contract,
    record: {
      address: await contract.getAddress(),
      blockNumber: receipt!.blockNumber,
      txHash: tx.hash,
    },
  };
}

const json = <T>(r: Run): T => {
  expect(r.status, r.stderr).to.equal(0);
  return JSON.parse(r.stdout.trim().split("\n").at(-1)!) as T;
};

describe("auteur pov and ads rewards against hardhat node", function () {
  this.timeout(240_000);
  let node: ChildProcess | undefined;
  let url = "";
  let dir = "";
  let provider: JsonRpcProvider;
  let token: Contract;
  let pov: Contract;
  let escrow: Contract;
  let deploymentsFile = "";
  const workId = 1n;
  const admin = new Wallet(devKey(0));
  const creator = new Wallet(devKey(1));
  const attester = new Wallet(devKey(2));
  const advertiser = new Wallet(devKey(3));
  // role accounts that hold nothing before their claims
  const [enhancer, storage, supervisor, viewer1, viewer2, platform] = Array.from(
    { length: 6 },
    (_, i) => new Wallet(createHash("sha256").update(`cli-rewards role ${i}`).digest("hex")),
  );
  const verifiers = [0, 1, 2].map(
    (i) => new Wallet(createHash("sha256").update(`cli-rewards verifier ${i}`).digest("hex")),
  );
  const cells = [0, 1, 2].map((i) => Buffer.from(`VideoCell ${i} of the CLI test video`));

  const auteur = (args: string[], env: Record<string, string> = {}) =>
    auteurIn(dir, [...args, "--rpc-url", url, "--deployments", deploymentsFile], env);
  const localAuteur = (args: string[], env: Record<string, string> = {}) =>
    auteurIn(dir, args, env);
  const balanceOf = async (a: string) => (await token.getFunction("balanceOf")(a)) as bigint;
  const moveTime = async (seconds: number) => {
    await rpc(url, "evm_increaseTime", [seconds]);
    await rpc(url, "evm_mine");
  };

  before(async function () {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    node = await startNode(port);
    dir = mkdtempSync(join(tmpdir(), "auteur-cli-rewards-"));
    provider = new JsonRpcProvider(url, undefined, {
      polling: true,
      pollingInterval: 100,
      cacheTimeout: -1,
    });
    const deployer = new NonceManager(admin.connect(provider));
    const authority = await deploy(deployer, "access/AuthoritySet.sol/AuthoritySet.json", [
      0n,
      admin.address,
    ]);
    const t = await deploy(deployer, "token/AuteurToken.sol/AuteurToken.json", [
      "Chainflix",
      "CFX",
      5_020_275_000n * WAD,
      0n,
      admin.address,
      [advertiser.address],
      [1_000_000n * WAD],
    ]);
    const registry = await deploy(
      deployer,
      "registry/CopyrightRegistry.sol/CopyrightRegistry.json",
      [authority.record.address, 0n, admin.address, 10, 7 * 24 * 3600],
    );
    const p = await deploy(deployer, "pov/ProofOfView.sol/ProofOfView.json", [
      {
        token: t.record.address,
        authority: authority.record.address,
        registry: registry.record.address,
        epochReward: 135n * WAD,
        halvingEpochs: 730_000n,
        maxHalvings: 1n,
        epochMillis: 43_200n,
        genesis: 0n,
        challengeWindow: 60n,
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
      admin.address,
    ]);
    const ads = await deploy(deployer, "ads/AdEscrow.sol/AdEscrow.json", [
      authority.record.address,
      registry.record.address,
      platform!.address,
      {
        minCreatorBps: 2000,
        maxViewerBps: 5000,
        maxStorageBps: 3000,
        minPlatformBps: 0,
        maxPlatformBps: 2000,
      },
      86_400,
      0n,
      admin.address,
    ]);
    token = t.contract.connect(provider) as Contract;
    pov = p.contract;
    escrow = ads.contract;
    const send = async (c: Contract, method: string, args: unknown[]) =>
      (await c.getFunction(method)(...args)).wait();
    const auth = authority.contract;
    await send(t.contract, "grantRole", [
      await t.contract.getFunction("MINTER_ROLE")(),
      p.record.address,
    ]);
    await send(ads.contract, "setTokenAllowed", [t.record.address, true]);
    await send(auth, "grantRole", [await auth.getFunction("ATTESTER_ROLE")(), attester.address]);
    await send(auth, "grantRole", [
      await auth.getFunction("SUPERVISOR_ROLE")(),
      supervisor!.address,
    ]);
    for (const v of verifiers)
      await send(auth, "grantRole", [await auth.getFunction("VERIFIER_ROLE")(), v.address]);
    for (const w of [creator, advertiser])
      await (await deployer.sendTransaction({ to: w.address, value: 10n * WAD })).wait();

    const chainId = Number((await provider.getNetwork()).chainId);
    const record = {
      chainId,
      preset: "cli-rewards-test",
      contracts: {
        AuthoritySet: authority.record,
        AuteurToken: t.record,
        CopyrightRegistry: registry.record,
        ProofOfView: p.record,
        AdEscrow: ads.record,
      },
    };
    deploymentsFile = join(dir, `${chainId}.json`);
    writeFileSync(deploymentsFile, JSON.stringify(record));

    // the creator registers a three-cell video (attested) and enrols it with an enhancer
    const sha = (b: Uint8Array) => `0x${createHash("sha256").update(b).digest("hex")}`;
    const creatorSigner = new NonceManager(creator.connect(provider));
    const client = await createAuteurClient({
      signer: creatorSigner,
      deployments: record,
    });
    const registered = await client.registerWork({
      upload: {
        contentSha256: sha(Buffer.concat(cells)),
        pHash: 0x0f0f_1234_5678_9abcn,
        width: 1280,
        height: 720,
        raw: false,
        manifest: sha(Buffer.from(cells.map(sha).join(""))),
        mediaType: 1,
        cellCount: cells.length,
        durationSeconds: cells.length * 60,
      },
      attester,
    });
    expect(registered.workId).to.equal(workId);
    const creatorPov = p.contract.connect(creatorSigner) as Contract;
    await send(creatorPov, "setSplit", [
      workId,
      { creatorBps: 5000, viewerBps: 4000, enhancerBps: 1000 },
    ]);
    await send(creatorPov, "setEnhancers", [workId, [enhancer!.address], [1]]);
    cells.forEach((c, i) => writeFileSync(join(dir, `cell-${i}.bin`), c));
    writeFileSync(
      join(dir, "playcode.key"),
      createHash("sha256").update("verifier playcode key").digest("hex"),
    );
    verifiers.forEach((v, i) => writeFileSync(join(dir, `verifier-${i}.key`), v.privateKey));
  });

  after(function () {
    provider?.destroy();
    if (node !== undefined && node.exitCode === null) node.kill("SIGTERM");
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("plays, verifies, settles by a 2-of-3 quorum and pays all six roles", async function () {
    const key = ["--key-file", join(dir, "playcode.key")];
    const content = auteur([
      "pov",
      "verify",
      "content",
      "--state",
      "state.json",
      ...key,
      "--work",
      "1",
      ...cells.flatMap((_, i) => ["--cell-file", `cell-${i}.bin`]),
      "--cell-ms",
      "1500",
    ]);
    expect(content.status, content.stderr).to.equal(0);
    expect(content.stdout.trim().split("\n").at(-1)).to.match(/^Next: auteur pov verify issue /);

    const issue = (account: string, cell: number, out: string) =>
      localAuteur([
        "pov",
        "verify",
        "issue",
        "--state",
        "state.json",
        ...key,
        "--account",
        account,
        "--work",
        "1",
        "--cell",
        String(cell),
        "--out",
        out,
      ]);
    const play = (challenge: string, cell: number, out: string, extra: string[] = []) =>
      localAuteur([
        "pov",
        "play",
        "--challenge",
        challenge,
        "--cell",
        `cell-${cell}.bin`,
        "--storage-provider",
        storage!.address,
        "--out",
        out,
        ...extra,
      ]);
    const check = (submission: string) =>
      localAuteur([
        "pov",
        "verify",
        "check",
        "--state",
        "state.json",
        ...key,
        "--submission",
        submission,
        "--json",
      ]);

    const plays: [Wallet, number][] = [
      [viewer1!, 0],
      [viewer1!, 1],
      [viewer2!, 0],
    ];
    for (const [i, [viewer, cell]] of plays.entries()) {
      const issued = issue(viewer.address, cell, `challenge-${i}.json`);
      expect(issued.status, issued.stderr).to.equal(0);
    }
    // the players play their cells at the same time (each lasts the cell's 1.5 s)
    const played = await Promise.all(
      plays.map(([, cell], i) =>
        auteurAsync(dir, [
          "pov",
          "play",
          "--challenge",
          `challenge-${i}.json`,
          "--cell",
          `cell-${cell}.bin`,
          "--storage-provider",
          storage!.address,
          "--out",
          `play-${i}.json`,
          "--json",
        ]),
      ),
    );
    for (const [i, [viewer, cell]] of plays.entries()) {
      const p = json<{ playbackMs: number }>(played[i]!);
      expect(p.playbackMs).to.be.at.least(1500);
      const verdict = json<{ accepted: boolean; play: { account: string; cellIndex: number } }>(
        check(`play-${i}.json`),
      );
      expect(verdict.accepted).to.equal(true);
      expect(verdict.play.account).to.equal(viewer.address);
      expect(verdict.play.cellIndex).to.equal(cell);
    }
    // a repeat of an accepted play is refused and not counted
    const replay = check("play-0.json");
    expect(replay.status).to.equal(1);
    expect(JSON.parse(replay.stdout).reason).to.equal("REPLAYED_PLAY");
    // the same cell is not issued twice to an account in a cycle
    const again = issue(viewer1!.address, 0, "challenge-again.json");
    expect(again.status).to.equal(2);
    expect(again.stderr).to.match(/POV_PLAYCODE_ALREADY_ISSUED/);
    // a play that answers before the cell's play time is refused
    expect(issue(viewer2!.address, 2, "challenge-fast.json").status).to.equal(0);
    const fast = play("challenge-fast.json", 2, "play-fast.json", [
      "--playback-ms",
      "200",
      "--nonce-ms",
      "200",
    ]);
    expect(fast.status, fast.stderr).to.equal(0);
    const refused = localAuteur([
      "pov",
      "verify",
      "check",
      "--state",
      "state.json",
      ...key,
      "--submission",
      "play-fast.json",
    ]);
    expect(refused.status).to.equal(1);
    expect(refused.stderr).to.match(/POV_TOO_FAST/);
    const state = JSON.parse(readFileSync(join(dir, "state.json"), "utf8")) as {
      accepted: unknown[];
    };
    expect(state.accepted).to.have.length(3);

    // an epoch that has not ended is not settled (the running one is current; ask for a later one)
    const running = (await pov.getFunction("currentEpoch")()) as bigint;
    const early = auteur([
      "pov",
      "settle",
      "--state",
      "state.json",
      "--supervisor",
      supervisor!.address,
      "--balances",
      "balances.json",
      "--verifier-key-file",
      "verifier-0.key",
      "--verifier-key-file",
      "verifier-1.key",
      "--to-epoch",
      String(running + 5n),
      "--private-key",
      admin.privateKey,
    ]);
    expect(early.status).to.equal(2);
    expect(early.stderr).to.match(/POV_NO_ENDED_EPOCH/);
    expect((await pov.getFunction("settlementState")())[1]).to.equal(0n);

    await moveTime(100);
    // one key is short of the 2-of-3 quorum
    const short = auteur([
      "pov",
      "settle",
      "--state",
      "state.json",
      "--supervisor",
      supervisor!.address,
      "--balances",
      "balances.json",
      "--verifier-key-file",
      "verifier-0.key",
      "--private-key",
      admin.privateKey,
    ]);
    expect(short.status).to.equal(2);
    expect(short.stderr).to.match(/QUORUM_SHORT/);
    const settled = json<{
      total: string;
      plays: number;
      signers: number;
      root: string;
      next: string;
    }>(
      auteur(
        [
          "pov",
          "settle",
          "--state",
          "state.json",
          "--supervisor",
          supervisor!.address,
          "--balances",
          "balances.json",
          "--earnings",
          "earnings.json",
          "--json",
          "--private-key",
          admin.privateKey,
        ],
        {
          AUTEUR_VERIFIER_KEYS: `${verifiers[0]!.privateKey},${verifiers[2]!.privateKey}`,
        },
      ),
    );
    expect(settled.plays).to.equal(3);
    expect(settled.signers).to.equal(2);
    expect(settled.next).to.match(/auteur pov claim --balances balances.json/);
    const [, nextNonce, pendingRoot] = (await pov.getFunction("settlementState")()) as [
      bigint,
      bigint,
      string,
    ];
    expect(nextNonce).to.equal(1n);
    expect(pendingRoot).to.equal(settled.root);
    const balances = JSON.parse(readFileSync(join(dir, "balances.json"), "utf8")) as Record<
      string,
      string
    >;
    expect(JSON.parse(readFileSync(join(dir, "balances.0.json"), "utf8"))).to.deep.equal(balances);
    const sum = Object.values(balances).reduce((s, v) => s + BigInt(v), 0n);
    expect(sum).to.equal(BigInt(settled.total));
    expect(await balanceOf(await pov.getAddress())).to.equal(sum);

    // claims wait for the challenge window
    const pending = auteur([
      "pov",
      "claim",
      "--balances",
      "balances.json",
      "--account",
      viewer1!.address,
      "--private-key",
      admin.privateKey,
    ]);
    expect(pending.status).to.equal(1);
    expect(pending.stderr).to.match(/POV_ROOT_PENDING/);
    await moveTime(61);
    const roles = [
      creator,
      enhancer!,
      storage!,
      supervisor!,
      viewer1!,
      viewer2!,
      verifiers[0]!,
      verifiers[2]!,
    ];
    // the first claim activates the root; the others go in parallel, each from its own fee payer
    const claimOf = (who: Wallet, payer: number) =>
      auteurAsync(dir, [
        "pov",
        "claim",
        "--balances",
        "balances.json",
        "--account",
        who.address,
        "--json",
        "--private-key",
        devKey(payer),
        "--rpc-url",
        url,
        "--deployments",
        deploymentsFile,
      ]);
    const befores = await Promise.all(roles.map((who) => balanceOf(who.address)));
    const first = json<{ paid: string; activated: boolean }>(await claimOf(roles[0]!, 4));
    expect(first.activated).to.equal(true);
    const rest = await Promise.all(roles.slice(1).map((who, i) => claimOf(who, 5 + i)));
    const paid = [first, ...rest.map((r) => json<{ paid: string; activated: boolean }>(r))];
    for (const [i, who] of roles.entries()) {
      const earned = BigInt(balances[who.address]!);
      expect(earned > 0n, who.address).to.equal(true);
      expect(BigInt(paid[i]!.paid)).to.equal(earned);
      expect((await balanceOf(who.address)) - befores[i]!).to.equal(earned);
    }
    expect(Object.keys(balances)).to.have.length(roles.length);
    expect(await balanceOf(await pov.getAddress())).to.equal(0n);
    // the split on chain: viewer 1 played two cells, viewer 2 one; the third verifier did not sign
    expect(BigInt(balances[viewer1!.address]!)).to.equal(2n * BigInt(balances[viewer2!.address]!));
    expect(balances[verifiers[1]!.address]).to.equal(undefined);
    const earnings = JSON.parse(readFileSync(join(dir, "earnings.json"), "utf8")) as {
      role: string;
    }[];
    expect(new Set(earnings.map((e) => e.role))).to.deep.equal(
      new Set(["creator", "viewer", "enhancer", "storageProvider", "verifier", "supervisor"]),
    );
    // a second claim pays nothing
    const twice = json<{ paid: string }>(
      auteur([
        "pov",
        "claim",
        "--balances",
        "balances.json",
        "--account",
        viewer1!.address,
        "--json",
        "--private-key",
        admin.privateKey,
      ]),
    );
    expect(twice.paid).to.equal("0");
  });

  it("creates, funds, settles and claims an ad campaign", async function () {
    const key = ["--private-key", advertiser.privateKey];
    const created = json<{ campaignId: string }>(
      auteur([
        "ads",
        "create",
        "--deposit",
        "1",
        "--price-per-view",
        "0.01",
        "--price-per-click",
        "0.05",
        "--days",
        "7",
        "--split",
        "5000/3000/1000/1000",
        "--work",
        "1",
        "--json",
        ...key,
      ]),
    );
    const campaignId = created.campaignId;
    const funded = json<{ remaining: string }>(
      auteur(["ads", "fund", "--campaign", campaignId, "--amount", "0.5", "--json", ...key]),
    );
    expect(funded.remaining).to.equal(String(15n * 10n ** 17n));
    writeFileSync(
      join(dir, "activity.json"),
      JSON.stringify({
        items: [
          {
            workId: "1",
            clicks: "1",
            storageProvider: storage!.address,
            viewers: { [viewer1!.address]: "3", [viewer2!.address]: "2" },
          },
        ],
      }),
    );
    const settle = (extra: string[]) =>
      auteur([
        "ads",
        "settle",
        "--campaign",
        campaignId,
        "--activity",
        "activity.json",
        "--balances",
        "ads-balances.json",
        "--private-key",
        admin.privateKey,
        ...extra,
      ]);
    const unsigned = settle(["--verifier-key-file", "verifier-1.key"]);
    expect(unsigned.status).to.equal(2);
    expect(unsigned.stderr).to.match(/QUORUM_SHORT/);
    const settled = json<{ debited: string; remaining: string; period: string; next: string }>(
      settle([
        "--verifier-key-file",
        "verifier-1.key",
        "--verifier-key-file",
        "verifier-2.key",
        "--json",
      ]),
    );
    // 5 views at 0.01 and one click at 0.05: 0.1 debited, viewers' 30 % shared 3:2
    expect(settled.debited).to.equal(String(10n ** 17n));
    expect(settled.period).to.equal("1");
    expect(settled.next).to.match(new RegExp(`auteur ads claim --campaign ${campaignId}`));
    const c = (await escrow.getFunction("campaignOf")(BigInt(campaignId))) as {
      remaining: bigint;
      lastPeriod: bigint;
    };
    expect(c.remaining).to.equal(15n * 10n ** 17n - 10n ** 17n);
    expect(c.lastPeriod).to.equal(1n);
    const balances = JSON.parse(readFileSync(join(dir, "ads-balances.json"), "utf8")) as Record<
      string,
      string
    >;
    expect(balances).to.deep.equal({
      ...(BigInt(viewer1!.address) < BigInt(viewer2!.address)
        ? { [viewer1!.address]: "18000000000000000", [viewer2!.address]: "12000000000000000" }
        : { [viewer2!.address]: "12000000000000000", [viewer1!.address]: "18000000000000000" }),
    });
    const viewers = [viewer1!, viewer2!];
    const befores = await Promise.all(viewers.map((v) => balanceOf(v.address)));
    const claims = await Promise.all(
      viewers.map((v, i) =>
        auteurAsync(dir, [
          "ads",
          "claim",
          "--campaign",
          campaignId,
          "--balances",
          "ads-balances.json",
          "--account",
          v.address,
          "--json",
          "--private-key",
          devKey(12 + i),
          "--rpc-url",
          url,
          "--deployments",
          deploymentsFile,
        ]),
      ),
    );
    for (const [i, v] of viewers.entries()) {
      expect(json<{ amount: string }>(claims[i]!).amount).to.equal(balances[v.address]);
      expect((await balanceOf(v.address)) - befores[i]!).to.equal(BigInt(balances[v.address]!));
    }
    // a second period starts from the written balances
    const second = json<{ period: string }>(
      settle([
        "--verifier-key-file",
        "verifier-1.key",
        "--verifier-key-file",
        "verifier-2.key",
        "--json",
      ]),
    );
    expect(second.period).to.equal("2");
    const after = JSON.parse(readFileSync(join(dir, "ads-balances.json"), "utf8")) as Record<
      string,
      string
    >;
    expect(after[viewer1!.address]).to.equal("36000000000000000");
  });

  it("registers a photo and adds a higher-resolution copy as a version", async function () {
    const photo = join(ROOT, "fixtures", "pdq", "dih", "bridge-1-original.jpg");
    const big = join(dir, "bridge-2x.jpg");
    const { default: sharp } = await import("sharp");
    const meta = await sharp(photo).metadata();
    await sharp(photo)
      .resize(meta.width! * 2, meta.height! * 2)
      .jpeg({ quality: 95 })
      .toFile(big);
    const keys = ["--attester-key", attester.privateKey, "--private-key", creator.privateKey];
    const registered = json<{ workId: string; sha256: string }>(
      auteur(["register", photo, "--json", ...keys]),
    );
    const version = json<{ workId: string; version: string; kind: string; next: string }>(
      auteur(["version", big, "--of", registered.sha256, "--json", ...keys]),
    );
    expect(version.workId).to.equal(registered.workId);
    expect(version.next).to.match(/^auteur verify /);
    const bigSha = `0x${createHash("sha256").update(readFileSync(big)).digest("hex")}`;
    const registry = new Contract(
      JSON.parse(readFileSync(deploymentsFile, "utf8")).contracts.CopyrightRegistry.address,
      artifact("registry/CopyrightRegistry.sol/CopyrightRegistry.json").abi,
      provider,
    );
    const file = (await registry.getFunction("fileOf")(bigSha)) as { workId: bigint };
    expect(file.workId).to.equal(BigInt(registered.workId));
    // the same copy again is refused with the decoded custom error
    const again = auteur(["version", big, "--of", registered.sha256, ...keys]);
    expect(again.status).to.equal(1);
    expect(again.stderr).to.match(/CopyrightRegistry[A-Za-z]+/);
    expect(again.stderr).not.to.match(/CALL_EXCEPTION/);
  });
});
