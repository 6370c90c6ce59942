/**
 * `auteur deploy --network localhost` through the installed binary: it deploys the chainflix
 * preset (every contract) to a `hardhat node` and writes deployments/31337.json, and a later command
 * (`auteur register`, with no --deployments flag) finds the contracts through that file.
 *
 * The verb deploys with Hardhat's `localhost` network (http://127.0.0.1:8545, from
 * hardhat.config.ts) from the repository root, so this test needs port 8545 and writes the
 * repository's deployments/31337.json and ignition/deployments/auteur-chainflix/ (both ephemeral,
 * backed up and restored around the test).
 */
import { expect } from "chai";
import { type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Contract, HDNodeWallet, JsonRpcProvider, NonceManager, type InterfaceAbi } from "ethers";
import { auteurIn, startNode } from "./cli-node.js";

const ROOT = process.cwd();
const RECORD = join(ROOT, "deployments", "31337.json");
const JOURNAL = join(ROOT, "ignition", "deployments", "auteur-chainflix");
const MNEMONIC = "test test test test test test test test test test test junk";
const dev = (i: number) => HDNodeWallet.fromPhrase(MNEMONIC, undefined, `m/44'/60'/0'/0/${i}`);

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

function artifact(path: string): { abi: InterfaceAbi; bytecode: string } {
  return JSON.parse(readFileSync(join(ROOT, "artifacts", "contracts", path), "utf8"));
}

describe("auteur deploy to hardhat node", function () {
  this.timeout(300_000);
  let node: ChildProcess | undefined;
  let backup = "";

  before(async function () {
    if (!(await portFree(8545))) {
      if (process.env.CI) throw new Error("port 8545 is taken: the localhost network needs it");
      console.log("    (skipped: port 8545 is taken and `--network localhost` deploys there)");
      this.skip();
    }
    backup = mkdtempSync(join(tmpdir(), "auteur-deploy-backup-"));
    if (existsSync(RECORD)) cpSync(RECORD, join(backup, "31337.json"));
    if (existsSync(JOURNAL)) cpSync(JOURNAL, join(backup, "journal"), { recursive: true });
    rmSync(JOURNAL, { recursive: true, force: true });
    node = await startNode(8545);
  });

  after(function () {
    if (node !== undefined && node.exitCode === null) node.kill("SIGTERM");
    if (backup) {
      rmSync(JOURNAL, { recursive: true, force: true });
      rmSync(RECORD, { force: true });
      if (existsSync(join(backup, "31337.json"))) cpSync(join(backup, "31337.json"), RECORD);
      if (existsSync(join(backup, "journal")))
        cpSync(join(backup, "journal"), JOURNAL, { recursive: true });
      rmSync(backup, { recursive: true, force: true });
    }
  });

  it("deploys the whole chainflix protocol and a later command uses the written record", async function () {
    const deployed = auteurIn(ROOT, ["deploy", "--network", "localhost", "--json"]);
    expect(deployed.status, deployed.stderr).to.equal(0);
    const out = JSON.parse(deployed.stdout.trim().split("\n").at(-1)!) as {
      ok: boolean;
      next: string;
    };
    expect(out.ok).to.equal(true);
    expect(out.next).to.match(/^auteur register /);

    const record = JSON.parse(readFileSync(RECORD, "utf8")) as {
      chainId: number;
      network: string;
      preset: string;
      contracts: Record<string, { address: string; blockNumber: number; txHash: string }>;
    };
    expect(record.chainId).to.equal(31337);
    expect(record.network).to.equal("localhost");
    expect(record.preset).to.equal("chainflix");
    const provider = new JsonRpcProvider("http://127.0.0.1:8545", undefined, {
      cacheTimeout: -1,
    });
    try {
      const token = new Contract(
        record.contracts.AuteurToken!.address,
        artifact("token/AuteurToken.sol/AuteurToken.json").abi,
        provider,
      );
      expect(await token.getFunction("symbol")()).to.equal("CFX");
      // the 3,000,000,000 pre-mine of the preset exists on chain
      expect(await token.getFunction("totalSupply")()).to.equal(3_000_000_000n * 10n ** 18n);
      for (const [name, c] of Object.entries(record.contracts)) {
        expect(await provider.getCode(c.address), name).to.not.equal("0x");
        const receipt = await provider.getTransactionReceipt(c.txHash);
        expect(receipt?.blockNumber, name).to.equal(c.blockNumber);
      }

      // the whole protocol of the preset: chainflix mints through ProofOfView, not UploadMiner
      expect(Object.keys(record.contracts)).to.include.members([
        "AuthoritySet",
        "AuteurToken",
        "CopyrightRegistry",
        "LicenseMarket",
        "ProofOfView",
        "AdEscrow",
        "CommerceEscrow",
        "Tips",
      ]);
      expect(record.contracts).to.not.have.property("UploadMiner");
      const minter = await token.getFunction("MINTER_ROLE")();
      expect(
        await token.getFunction("hasRole")(minter, record.contracts.ProofOfView!.address),
      ).to.equal(true);
      const registry = new Contract(
        record.contracts.CopyrightRegistry!.address,
        artifact("registry/CopyrightRegistry.sol/CopyrightRegistry.json").abi,
        provider,
      );
      expect(await registry.getFunction("defaultAdmin")()).to.equal(dev(0).address);

      const admin = new NonceManager(dev(0).connect(provider));
      const authority = new Contract(
        record.contracts.AuthoritySet!.address,
        artifact("access/AuthoritySet.sol/AuthoritySet.json").abi,
        admin,
      );
      const attester = dev(1);
      await (
        await authority.getFunction("grantRole")(
          await authority.getFunction("ATTESTER_ROLE")(),
          attester.address,
        )
      ).wait();

      // `auteur register` without --deployments reads deployments/31337.json
      const work = mkdtempSync(join(tmpdir(), "auteur-deploy-photo-"));
      try {
        const photo = join(work, "photo.jpg");
        cpSync(join(ROOT, "fixtures", "pdq", "dih", "bridge-1-original.jpg"), photo);
        const reg = auteurIn(ROOT, [
          "register",
          photo,
          "--json",
          "--store-dir",
          join(work, "store"),
          "--rpc-url",
          "http://127.0.0.1:8545",
          "--private-key",
          dev(2).privateKey,
          "--attester-key",
          attester.privateKey,
        ]);
        expect(reg.status, reg.stderr).to.equal(0);
        const registered = JSON.parse(reg.stdout.trim()) as { workId: string; sha256: string };
        const sha = `0x${createHash("sha256").update(readFileSync(photo)).digest("hex")}`;
        expect(registered.sha256).to.equal(sha);
        expect(await registry.getFunction("creatorOf")(BigInt(registered.workId))).to.equal(
          dev(2).address,
        );
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    } finally {
      provider.destroy();
    }
  });
});
