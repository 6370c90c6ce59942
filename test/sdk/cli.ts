/**
 * The installed `auteur` binary against a real `hardhat node` on a free loopback port: register a
 * photo, find it again with `verify` (exact and perceptual), publish and buy a licence, check it,
 * and the errors that name the fix (duplicate registration, missing key, unreachable node).
 */
import { expect } from "chai";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ContractFactory, JsonRpcProvider, NonceManager, Wallet, type InterfaceAbi } from "ethers";

const ROOT = process.cwd();
const NODE = join(ROOT, "node_modules", ".bin", "node");
const BIN = join(ROOT, "sdk", "bin", "auteur.js");
const PHOTO = join(ROOT, "fixtures", "pdq", "dih", "bridge-1-original.jpg");
const ROTATED = join(ROOT, "fixtures", "pdq", "dih", "bridge-3-rotate-180.jpg");
// Hardhat node's well-known development accounts 0..2 (public test keys).
const KEYS = [
  "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
  "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3faf9a8928f8ab6a",
];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

async function waitForNode(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`hardhat node exited with ${child.exitCode}`);
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`hardhat node did not answer at ${url} within ${timeoutMs} ms`);
}

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
    contract,
    record: {
      address: await contract.getAddress(),
      blockNumber: receipt!.blockNumber,
      txHash: tx.hash,
    },
  };
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

describe("auteur CLI against hardhat node", function () {
  this.timeout(120_000);
  let node: ChildProcess | undefined;
  let url = "";
  let dir = "";
  let deploymentsFile = "";
  let adsRecord: { address: string; blockNumber: number; txHash: string } | undefined;

  const auteur = (args: string[], env: Record<string, string> = {}, extra?: string[]): Run => {
    const all = extra === undefined ? args : [...args, ...chainFlags(), ...extra];
    const r = spawnSync(NODE, [BIN, ...all], {
      cwd: dir,
      encoding: "utf8",
      timeout: 60_000,
      env: { ...process.env, AUTEUR_RPC_URL: url, ...env },
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const chainFlags = () => ["--rpc-url", url, "--deployments", deploymentsFile];

  before(async function () {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    node = spawn(
      join(ROOT, "node_modules", ".bin", "hardhat"),
      ["node", "--port", String(port), "--hostname", "127.0.0.1"],
      {
        cwd: ROOT,
        stdio: "ignore",
        env: {
          ...process.env,
          PATH: `${join(ROOT, "node_modules", ".bin")}:${process.env.PATH ?? ""}`,
        },
      },
    );
    await waitForNode(url, node, 60_000);
    dir = mkdtempSync(join(tmpdir(), "auteur-cli-"));
    const provider = new JsonRpcProvider(url, undefined, { polling: true, pollingInterval: 100 });
    const admin = new NonceManager(new Wallet(KEYS[0]!, provider));
    const adminAddress = await admin.getAddress();
    const attester = new Wallet(KEYS[1]!).address;
    const buyer = new Wallet(KEYS[2]!).address;
    const authority = await deploy(admin, "access/AuthoritySet.sol/AuthoritySet.json", [
      0n,
      adminAddress,
    ]);
    const supply = 10n ** 24n;
    const token = await deploy(admin, "token/AuteurToken.sol/AuteurToken.json", [
      "Auteur",
      "AUT",
      10n * supply,
      0n,
      adminAddress,
      [buyer],
      [supply],
    ]);
    const registry = await deploy(admin, "registry/CopyrightRegistry.sol/CopyrightRegistry.json", [
      authority.record.address,
      0n,
      adminAddress,
      10,
      7 * 24 * 3600,
    ]);
    const market = await deploy(admin, "market/LicenseMarket.sol/LicenseMarket.json", [
      registry.record.address,
      token.record.address,
      0n,
      adminAddress,
      adminAddress,
      100,
      100,
    ]);
    const ads = await deploy(admin, "ads/AdEscrow.sol/AdEscrow.json", [
      authority.record.address,
      registry.record.address,
      adminAddress,
      {
        minCreatorBps: 2000,
        maxViewerBps: 5000,
        maxStorageBps: 3000,
        minPlatformBps: 0,
        maxPlatformBps: 2000,
      },
      86_400,
      0n,
      adminAddress,
    ]);
    const allow = ads.contract as unknown as {
      setTokenAllowed(t: string, a: boolean): Promise<{ wait(): Promise<unknown> }>;
    };
    await (await allow.setTokenAllowed(token.record.address, true)).wait();
    adsRecord = ads.record;
    await (await admin.sendTransaction({ to: buyer, value: 10n ** 18n })).wait();
    const auth = authority.contract as unknown as {
      ATTESTER_ROLE(): Promise<string>;
      grantRole(r: string, a: string): Promise<{ wait(): Promise<unknown> }>;
    };
    await (await auth.grantRole(await auth.ATTESTER_ROLE(), attester)).wait();
    const chainId = Number((await provider.getNetwork()).chainId);
    deploymentsFile = join(dir, `${chainId}.json`);
    writeFileSync(
      deploymentsFile,
      JSON.stringify({
        chainId,
        preset: "cli-test",
        contracts: {
          AuthoritySet: authority.record,
          AuteurToken: token.record,
          CopyrightRegistry: registry.record,
          LicenseMarket: market.record,
          AdEscrow: adsRecord,
        },
      }),
    );
    provider.destroy();
  });

  after(function () {
    if (node !== undefined && node.exitCode === null) node.kill("SIGTERM");
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("registers, verifies, offers, buys and checks a licence", function () {
    const reg = auteur([
      "register",
      PHOTO,
      "--json",
      ...chainFlags(),
      "--private-key",
      KEYS[0]!,
      "--attester-key",
      KEYS[1]!,
    ]);
    expect(reg.status, reg.stderr).to.equal(0);
    const registered = JSON.parse(reg.stdout.trim()) as {
      workId: string;
      sha256: string;
      manifestCid: string;
      next: string;
    };
    expect(registered.workId).to.equal("1");
    expect(registered.sha256).to.equal(
      `0x${spawnSync("sha256sum", [PHOTO], { encoding: "utf8" }).stdout.slice(0, 64)}`,
    );
    expect(registered.manifestCid).to.match(/^b/);
    expect(registered.next).to.match(/auteur licence offer --work 1/);

    // The same file again: exit 1 with the decoded custom error and a hint naming the fix.
    const again = auteur([
      "register",
      PHOTO,
      ...chainFlags(),
      "--private-key",
      KEYS[0]!,
      "--attester-key",
      KEYS[1]!,
    ]);
    expect(again.status).to.equal(1);
    expect(again.stderr).to.match(/CopyrightRegistryDuplicateHash/);
    expect(again.stderr).to.match(/hint: .*auteur verify/);
    expect(again.stderr).not.to.match(/CALL_EXCEPTION/);

    const exact = auteur(["verify", PHOTO, "--json", ...chainFlags()]);
    expect(exact.status, exact.stderr).to.equal(0);
    const found = JSON.parse(exact.stdout) as {
      registered: boolean;
      works: { workId: string; creator: string; matches: { by: string }[] }[];
    };
    expect(found.registered).to.equal(true);
    expect(found.works[0]!.workId).to.equal("1");
    expect(found.works[0]!.creator).to.equal(new Wallet(KEYS[0]!).address);
    expect(found.works[0]!.matches.map((m) => m.by)).to.include.members(["sha256", "pHash"]);

    // A rotated copy is not registered and (pHash is not rotation-invariant) does not match.
    const other = auteur(["verify", ROTATED, ...chainFlags()]);
    expect(other.status, other.stderr).to.equal(0);
    expect(other.stdout).to.match(/Not registered/);
    expect(other.stdout.trim().split("\n").at(-1)).to.match(/^Next: auteur register /);

    const offer = auteur([
      "licence",
      "offer",
      "--work",
      "1",
      "--kind",
      "RoyaltyFree",
      "--price",
      "2.5",
      ...chainFlags(),
      "--private-key",
      KEYS[0]!,
    ]);
    expect(offer.status, offer.stderr).to.equal(0);
    const buyer = new Wallet(KEYS[2]!).address;
    const before = auteur([
      "licence",
      "check",
      "--work",
      "1",
      "--kind",
      "RoyaltyFree",
      "--account",
      buyer,
      ...chainFlags(),
    ]);
    expect(before.status).to.equal(1);
    const buy = auteur(
      ["licence", "buy", "--work", "1", "--kind", "RoyaltyFree", "--json", ...chainFlags()],
      { AUTEUR_PRIVATE_KEY: KEYS[2]! },
    );
    expect(buy.status, buy.stderr).to.equal(0);
    expect((JSON.parse(buy.stdout) as { price: string }).price).to.equal(String(25n * 10n ** 17n));
    const after = auteur([
      "licence",
      "check",
      "--work",
      "1",
      "--kind",
      "RoyaltyFree",
      "--account",
      buyer,
      "--json",
      ...chainFlags(),
    ]);
    expect(after.status, after.stderr).to.equal(0);
    expect((JSON.parse(after.stdout) as { valid: boolean }).valid).to.equal(true);
  });

  it("opens and tops up an ad campaign; pov claim names its missing flag", function () {
    const create = auteur(
      ["ads", "create", "--deposit", "2", "--price-per-view", "0.01", "--days", "7"],
      {},
      ["--split", "5000/3000/1000/1000", "--work", "1", "--json", "--private-key", KEYS[2]!],
    );
    expect(create.status, create.stderr).to.equal(0);
    const created = JSON.parse(create.stdout) as { campaignId: string; next: string };
    expect(created.campaignId).to.equal("1");
    expect(created.next).to.match(/auteur ads fund --campaign 1/);
    const fund = auteur(["ads", "fund", "--campaign", "1", "--amount", "0.5", "--json"], {}, [
      "--private-key",
      KEYS[2]!,
    ]);
    expect(fund.status, fund.stderr).to.equal(0);
    expect((JSON.parse(fund.stdout) as { remaining: string }).remaining).to.equal(
      String(25n * 10n ** 17n),
    );
    const claim = auteur(["pov", "claim"], {}, ["--private-key", KEYS[2]!]);
    expect(claim.status).to.equal(2);
    expect(claim.stderr).to.match(/--balances/);
  });

  it("names the fix for a missing key, a bad flag and an unreachable node", function () {
    const noKey = auteur(
      ["licence", "buy", "--work", "1", "--kind", "RoyaltyFree", ...chainFlags()],
      { AUTEUR_PRIVATE_KEY: "" },
    );
    expect(noKey.status).to.equal(2);
    expect(noKey.stderr).to.match(/--private-key/);
    const badKind = auteur([
      "licence",
      "check",
      "--work",
      "1",
      "--kind",
      "Forever",
      "--account",
      new Wallet(KEYS[2]!).address,
    ]);
    expect(badKind.status).to.equal(2);
    expect(badKind.stderr).to.match(/RoyaltyFree/);
    const badNetwork = auteur(["deploy", "--network", "moon"]);
    expect(badNetwork.status).to.equal(2);
    expect(badNetwork.stderr).to.match(/localhost.*nile/);
    const down = auteur([
      "verify",
      PHOTO,
      "--rpc-url",
      "http://127.0.0.1:9",
      "--deployments",
      deploymentsFile,
    ]);
    expect(down.status).to.equal(2);
    expect(down.stderr).to.match(/npx hardhat node|--rpc-url/);
  });
});
