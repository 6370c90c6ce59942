/**
 * TRON offline: address forms (cross-checked between TronWeb and ethers from one private key),
 * ABI encoding with base58 arguments, an offline TriggerSmartContract whose id is the SHA-256 of
 * its raw data and whose signature recovers to the owner, a client whose send goes through
 * TronWeb to a loopback full node (the broadcast transaction is our call, signed by the owner), and
 * an unreachable full node giving a typed error naming the fix.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect } from "chai";
import {
  Interface,
  Signature,
  Wallet,
  id,
  recoverAddress,
  sha256,
  type InterfaceAbi,
} from "ethers";
import { TronWeb, utils as tronUtils } from "tronweb";
import { AuteurError, AuteurInputError } from "../../errors.js";
import { abis } from "../generated/index.js";
import {
  buildTriggerTransaction,
  createTronClient,
  encodeTronCall,
  signTronTransaction,
  toEvmAddress,
  toTronAddress,
  toTronHex,
} from "./index.js";

const KEY = "0x45a915e4d060149eb4365960e6a7a45f334393093061116b197e3240065ff2d8";
const evm = new Wallet(KEY).address; // 0xa94f5374Fce5edBC8E2a8697C15331677e6EbF0B

describe("TRON adapter (offline)", function () {
  it("converts between base58, 41-hex and 0x forms, agreeing with TronWeb's key derivation", function () {
    const base58 = TronWeb.address.fromPrivateKey(KEY.slice(2)) as string;
    expect(base58).to.match(/^T/);
    expect(toTronAddress(evm)).to.equal(base58);
    expect(toEvmAddress(base58)).to.equal(evm);
    expect(toTronHex(base58)).to.equal(`41${evm.slice(2).toLowerCase()}`);
    expect(toEvmAddress(toTronHex(evm))).to.equal(evm);
  });

  it("rejects a base58 address with a bad checksum and garbage, naming the forms", function () {
    const base58 = toTronAddress(evm);
    const broken = base58.slice(0, -1) + (base58.endsWith("A") ? "B" : "A");
    for (const bad of [broken, "0x1234", "hello"]) {
      const error = (() => {
        try {
          toTronHex(bad);
        } catch (e) {
          return e;
        }
      })();
      expect(error, bad).to.be.instanceOf(AuteurInputError);
      expect((error as AuteurInputError).hints[0]).to.match(/base58/);
    }
  });

  it("ABI-encodes calls with base58 address arguments exactly as ethers does with 0x", function () {
    const iface = new Interface(abis.LicenseMarket as unknown as InterfaceAbi);
    expect(encodeTronCall("LicenseMarket", "hasLicence", [7n, toTronAddress(evm), 2])).to.equal(
      iface.encodeFunctionData("hasLicence", [7n, evm, 2]),
    );
  });

  it("builds and signs a TriggerSmartContract offline: txID = sha256(raw_data), signature recovers to the owner", function () {
    const contractAddress = toTronAddress("0x7b65B75d204aBed71587c9E519a89277766EE1d0");
    const tx = buildTriggerTransaction({
      owner: toTronAddress(evm),
      contractAddress,
      contract: "ProofOfView",
      method: "claim",
      args: [toTronAddress(evm), 5n, []],
      feeLimitSun: 100_000_000,
      refBlock: {
        number: 0x1234abcd,
        id: `00000000${"12".repeat(28)}`,
        timestamp: 1_700_000_000_000,
      },
    });
    expect(`0x${tx.txID}`).to.equal(sha256(`0x${tx.raw_data_hex}`));
    expect(tx.raw_data.fee_limit).to.equal(100_000_000);
    expect(tx.raw_data.ref_block_bytes).to.equal("abcd");
    expect(tx.raw_data_hex).to.include(
      encodeTronCall("ProofOfView", "claim", [evm, 5n, []]).slice(2),
    );
    const signed = signTronTransaction(tx, KEY);
    expect(signed.signature).to.have.length(1);
    const sig = signed.signature![0]!;
    const recovered = recoverAddress(`0x${tx.txID}`, Signature.from(`0x${sig}`));
    expect(recovered).to.equal(evm);
    // A different fee limit is a different transaction.
    const other = buildTriggerTransaction({
      owner: evm,
      contractAddress,
      contract: "ProofOfView",
      method: "claim",
      args: [evm, 5n, []],
      feeLimitSun: 100_000_001,
      refBlock: {
        number: 0x1234abcd,
        id: `00000000${"12".repeat(28)}`,
        timestamp: 1_700_000_000_000,
      },
    });
    expect(other.txID).not.to.equal(tx.txID);
  });

  it("sends through TronWeb to a full node: the broadcast transaction is our call, signed by the owner (loopback node)", async function () {
    this.timeout(30_000);
    // No TRON node runs here: a loopback server answers the two HTTP calls of a contract send,
    // building the transaction it is asked for the way a full node does.
    const paths: string[] = [];
    let broadcast: { txID: string; raw_data_hex: string; signature: string[] } | undefined;
    let trigger: Record<string, unknown> = {};
    const server: Server = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        paths.push(req.url ?? "");
        const request = JSON.parse(body || "{}") as Record<string, unknown>;
        let answer: unknown = { Error: `unexpected ${req.url}` };
        if (req.url === "/wallet/triggersmartcontract") {
          trigger = request;
          const selector = id(String(request.function_selector)).slice(2, 10);
          const raw_data = {
            contract: [
              {
                parameter: {
                  value: {
                    data: selector + String(request.parameter),
                    owner_address: request.owner_address,
                    contract_address: request.contract_address,
                    ...(request.call_value ? { call_value: request.call_value } : {}),
                  },
                  type_url: "type.googleapis.com/protocol.TriggerSmartContract",
                },
                type: "TriggerSmartContract",
              },
            ],
            ref_block_bytes: "abcd",
            ref_block_hash: "1212121212121212",
            expiration: 1_700_000_060_000,
            timestamp: 1_700_000_000_000,
            fee_limit: request.fee_limit,
          };
          const pb = tronUtils.transaction.txJsonToPb({ raw_data, visible: false } as never);
          answer = {
            result: { result: true },
            transaction: {
              visible: false,
              raw_data,
              raw_data_hex: tronUtils.transaction.txPbToRawDataHex(pb).toLowerCase(),
              txID: tronUtils.transaction.txPbToTxID(pb).replace(/^0x/, "").toLowerCase(),
            },
          };
        } else if (req.url === "/wallet/broadcasttransaction") {
          broadcast = request as typeof broadcast;
          answer = { result: true, txid: request.txID };
        }
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify(answer));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const host = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const tronWeb = new TronWeb({ fullHost: host, privateKey: KEY.slice(2) });
      const pov = "0x7b65B75d204aBed71587c9E519a89277766EE1d0";
      const client = createTronClient({ tronWeb, addresses: { ProofOfView: pov } });
      const txId = await client.send("ProofOfView", "claim", [evm, 5n, []], {
        feeLimitSun: 90_000_000,
      });
      expect(trigger.fee_limit).to.equal(90_000_000);
      expect(trigger.function_selector).to.equal("claim(address,uint256,bytes32[])");
      expect(String(trigger.contract_address).toLowerCase()).to.equal(toTronHex(pov).toLowerCase());
      expect(String(trigger.owner_address).toLowerCase()).to.equal(toTronHex(evm).toLowerCase());
      expect(paths).to.include("/wallet/broadcasttransaction");
      expect(broadcast, "a transaction was broadcast").to.not.equal(undefined);
      expect(txId).to.equal(broadcast!.txID);
      expect(`0x${broadcast!.txID}`).to.equal(sha256(`0x${broadcast!.raw_data_hex}`));
      expect(broadcast!.raw_data_hex).to.include(
        encodeTronCall("ProofOfView", "claim", [evm, 5n, []]).slice(2),
      );
      const signer = recoverAddress(
        `0x${broadcast!.txID}`,
        Signature.from(`0x${broadcast!.signature[0]}`),
      );
      expect(signer).to.equal(evm);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("calls through TronWeb up to the network: an unreachable full node is a typed error", async function () {
    this.timeout(30_000);
    const tronWeb = new TronWeb({ fullHost: "http://127.0.0.1:9", privateKey: KEY.slice(2) });
    const client = createTronClient({
      tronWeb,
      addresses: { LicenseMarket: "0x7b65B75d204aBed71587c9E519a89277766EE1d0" },
    });
    expect(client.address("LicenseMarket")).to.equal(
      toTronAddress("0x7b65B75d204aBed71587c9E519a89277766EE1d0"),
    );
    const error = await client
      .call("LicenseMarket", "hasLicence", [1n, evm, 0])
      .catch((e: unknown) => e);
    expect(error).to.be.instanceOf(AuteurError);
    expect((error as AuteurError).hints.join(" ")).to.match(/fullHost/);
    const missing = await client.call("Tips", "token", []).catch((e: unknown) => e);
    expect((missing as AuteurError).code).to.equal("CONTRACT_NOT_DEPLOYED");
  });
});
