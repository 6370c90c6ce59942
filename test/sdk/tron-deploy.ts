/**
 * deploy/tron.ts up to the network call: the plan covers every contract, each deployment carries
 * the artifact's bytecode, ABI-encoded constructor arguments and the fee limit, and is sent by
 * TronWeb to a loopback HTTP endpoint standing where the TRON full node would be (no TRON node
 * runs here). The endpoint answers like a node that refuses the deployment, so the script stops
 * with an error naming the contract.
 */
import { expect } from "chai";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { AbiCoder, Interface, Signature, recoverAddress, type InterfaceAbi } from "ethers";
import { readFileSync } from "node:fs";
import { TronWeb } from "tronweb";
import { createOptions, deployToTron, tronDeployPlan } from "../../deploy/tron.js";
import { loadPreset } from "../../deploy/presets.js";
import { toTronAddress } from "../../sdk/src/chain/tron/index.js";

const KEY = "45a915e4d060149eb4365960e6a7a45f334393093061116b197e3240065ff2d8";
const ADMIN = "0xa94f5374Fce5edBC8E2a8697C15331677e6EbF0B";

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = "";
    req.on("data", (c: Buffer) => (text += c.toString()));
    req.on("end", () => resolve(text));
  });
}

describe("deploy/tron.ts (up to the network call)", function () {
  this.timeout(60_000);
  let server: Server;
  let url = "";
  const requests: { path: string; body: Record<string, unknown> }[] = [];

  before(async function () {
    server = createServer((req, res) => {
      void body(req).then((text) => {
        requests.push({
          path: req.url ?? "",
          body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
        });
        res.setHeader("content-type", "application/json");
        if (req.url?.includes("getblock") || req.url?.includes("getnowblock")) {
          // A block header for the transaction's reference block.
          res.end(
            JSON.stringify({
              blockID: `0000000001c9c380${"ab".repeat(24)}`,
              block_header: { raw_data: { number: 30_000_000, timestamp: 1_700_000_000_000 } },
            }),
          );
          return;
        }
        res.end(
          JSON.stringify({
            Error:
              "class org.tron.core.exception.ContractValidateException : account does not exist",
          }),
        );
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  });

  after(function () {
    server.close();
  });

  it("plans every contract for a preset with emissions, in dependency order", function () {
    const steps = tronDeployPlan(loadPreset("chainflix"), ADMIN);
    const names = steps.map((s) => s.name);
    for (const n of [
      "AuthoritySet",
      "AuteurToken",
      "CopyrightRegistry",
      "LicenseMarket",
      "AdEscrow",
      "CommerceEscrow",
      "Tips",
    ]) {
      expect(names).to.include(n);
    }
    expect(names.indexOf("CopyrightRegistry")).to.be.greaterThan(names.indexOf("AuthoritySet"));
    // Every step's arguments encode against its artifact's constructor (refs resolved to addresses).
    const deployed = Object.fromEntries(
      names.map((n, i) => [n, toTronAddress(`0x${(i + 1).toString(16).padStart(40, "0")}`)]),
    );
    for (const step of steps) {
      const options = createOptions(step, deployed, 1_000_000_000);
      const ctor = new Interface(options.abi as InterfaceAbi).deploy;
      expect(
        () => AbiCoder.defaultAbiCoder().encode(ctor.inputs, options.parameters),
        step.name,
      ).not.to.throw();
      expect(options.bytecode).to.match(/^[0-9a-f]+$/);
    }
  });

  it("sends the first deployment with bytecode, arguments and fee limit, and stops on the node's refusal", async function () {
    const tronWeb = new TronWeb({ fullHost: url, privateKey: KEY });
    const steps = tronDeployPlan(loadPreset("chainflix"), ADMIN);
    const error = await deployToTron(tronWeb, steps, 1_500_000_000, () => {}).catch(
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(Error);
    expect(String(error)).to.match(/account does not exist|AuthoritySet/);
    // TronWeb builds the deployment locally (anchored to the node's latest block) and broadcasts it.
    const broadcast = requests.find((r) => r.path.includes("broadcasttransaction"));
    expect(broadcast, JSON.stringify(requests.map((r) => r.path))).not.to.equal(undefined);
    const tx = broadcast!.body as {
      txID: string;
      signature: string[];
      raw_data: {
        fee_limit: number;
        contract: {
          parameter: {
            value: { owner_address: string; new_contract: { bytecode: string; name: string } };
          };
        }[];
      };
    };
    expect(tx.raw_data.fee_limit).to.equal(1_500_000_000);
    const value = tx.raw_data.contract[0]!.parameter.value;
    expect(value.owner_address.toLowerCase()).to.equal(`41${ADMIN.slice(2).toLowerCase()}`);
    const artifact = JSON.parse(
      readFileSync("artifacts/contracts/access/AuthoritySet.sol/AuthoritySet.json", "utf8"),
    ) as { bytecode: string };
    const args = AbiCoder.defaultAbiCoder().encode(["uint48", "address"], [86_400, ADMIN]).slice(2);
    expect(value.new_contract.bytecode.toLowerCase()).to.equal(
      (artifact.bytecode.slice(2) + args).toLowerCase(),
    );
    // Signed by the deployer's key over the transaction id.
    expect(recoverAddress(`0x${tx.txID}`, Signature.from(`0x${tx.signature[0]}`))).to.equal(ADMIN);
  });
});
