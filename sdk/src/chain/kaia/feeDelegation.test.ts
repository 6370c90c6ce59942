/**
 * Fee delegation against the published example of Kaia's documentation
 * (docs/build/transactions/fee-delegation.md, "TxTypeFeeDelegatedValueTransfer", RLP Encoding
 * Example): the sender's RLP, the complete RLP with the fee payer's signature, and the hashes;
 * then the fee payer's submission to a loopback Kaia JSON-RPC server.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect } from "chai";
import { JsonRpcProvider, keccak256 } from "ethers";
import { AuteurInputError } from "../../errors.js";
import {
  KaiaWallet,
  TxType,
  parseTransaction,
  sendAsFeePayer,
  signAsFeePayer,
  signFeeDelegatedCall,
} from "./index.js";

// The example's keys and addresses as published (the fee payer is a decoupled account).
const SENDER_KEY = "0x45a915e4d060149eb4365960e6a7a45f334393093061116b197e3240065ff2d8";
const FEE_PAYER_KEY = "0xb9d5558443585bca6f225b935950e3f6e69f9da8a5809a83f51c3365dff53936";
const FEE_PAYER = "0x5A0043070275d9f6054307Ee7348bD660849D90f";
const SENDER_TX_HASH_RLP =
  "0x09f87a8204d219830f4240947b65b75d204abed71587c9e519a89277766ee1d00a94a94f5374fce5edbc8e2a8697c15331677e6ebf0bf845f84325a09f8e49e2ad84b0732984398749956e807e4b526c786af3c5f7416b293e638956a06bf88342092f6ff9fabe31739b2ebfa1409707ce54a54693e91a6b9bb77df0e7";
const TX_HASH_RLP =
  "0x09f8d68204d219830f4240947b65b75d204abed71587c9e519a89277766ee1d00a94a94f5374fce5edbc8e2a8697c15331677e6ebf0bf845f84325a09f8e49e2ad84b0732984398749956e807e4b526c786af3c5f7416b293e638956a06bf88342092f6ff9fabe31739b2ebfa1409707ce54a54693e91a6b9bb77df0e7945a0043070275d9f6054307ee7348bd660849d90ff845f84326a0f45cf8d7f88c08e6b6ec0b3b562f34ca94283e4689021987abb6b0772ddfd80aa0298fe2c5aeabb6a518f4cbb5ff39631a5d88be505d3923374f65fdcf63c2955b";

describe("Kaia fee delegation (published test vector)", function () {
  const sender = new KaiaWallet(SENDER_KEY);
  const feePayer = new KaiaWallet(FEE_PAYER, FEE_PAYER_KEY);
  const tx = {
    type: TxType.FeeDelegatedValueTransfer,
    nonce: 1234,
    gasPrice: 0x19,
    gasLimit: 0xf4240,
    to: "0x7b65B75d204aBed71587c9E519a89277766EE1d0",
    value: 10,
    from: "0xa94f5374Fce5edBC8E2a8697C15331677e6EbF0B",
    chainId: 1,
  };

  it("derives the example's sender address from its key", function () {
    expect(sender.address).to.equal(tx.from);
  });

  it("signs the sender's half exactly as published (SenderTxHashRLP and SenderTxHash)", async function () {
    const rlp = await sender.signTransaction(tx as never);
    expect(rlp).to.equal(SENDER_TX_HASH_RLP);
    expect(keccak256(rlp)).to.equal(
      "0x40f8c94e01e07eb5353f6cd4cd3eabd5893215dd53a50ba4b8ff9a447ac51731",
    );
  });

  it("adds the fee payer's signature exactly as published (TxHashRLP and TxHash)", async function () {
    const full = await signAsFeePayer(feePayer, SENDER_TX_HASH_RLP);
    expect(full).to.equal(TX_HASH_RLP);
    expect(keccak256(full)).to.equal(
      "0xe1e07f9971153499fc8c7bafcdaf7abc20b37aa4c18fb1e53a9bfcc259e3644c",
    );
    const parsed = parseTransaction(full) as unknown as {
      feePayer: string;
      feePayerSignatures: string[][];
    };
    expect(parsed.feePayer).to.equal(FEE_PAYER);
    expect(parsed.feePayerSignatures[0]![0]).to.equal("0x26");
  });

  it("builds a fee-delegated contract call (0x31) of ProofOfView.claim offline", async function () {
    const rlp = await signFeeDelegatedCall({
      sender,
      contract: "ProofOfView",
      to: "0x7b65B75d204aBed71587c9E519a89277766EE1d0",
      method: "claim",
      args: [sender.address, 5n, []],
      nonce: 0,
      gasLimit: 200_000n,
      gasPrice: 25_000_000_000n,
      chainId: 1001n,
    });
    const parsed = parseTransaction(rlp) as unknown as { type: number; from: string; data: string };
    expect(Number(parsed.type)).to.equal(Number(TxType.FeeDelegatedSmartContractExecution));
    expect(parsed.from).to.equal(sender.address);
    expect(parsed.data.slice(0, 10)).to.equal("0x3d13f874"); // claim(address,uint256,bytes32[])
    const full = await signAsFeePayer(feePayer, rlp);
    expect((parseTransaction(full) as unknown as { feePayer: string }).feePayer).to.equal(
      FEE_PAYER,
    );
  });

  it("submits the completed RLP to the node with klay_sendRawTransaction (loopback Kaia RPC)", async function () {
    // No Kaia node runs here: a loopback JSON-RPC server answers what the fee payer's send asks
    // (chain id, klay_sendRawTransaction, then the pool lookup of the returned hash).
    const sent: string[] = [];
    const server: Server = createServer((req: IncomingMessage, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        const calls = JSON.parse(body) as
          | { id: number; method: string; params: unknown[] }[]
          | { id: number; method: string; params: unknown[] };
        const answer = (call: { id: number; method: string; params: unknown[] }) => {
          if (call.method === "eth_chainId") return { jsonrpc: "2.0", id: call.id, result: "0x1" };
          if (call.method === "klay_sendRawTransaction") {
            sent.push(call.params[0] as string);
            return { jsonrpc: "2.0", id: call.id, result: keccak256(call.params[0] as string) };
          }
          if (call.method === "eth_getTransactionByHash") {
            return {
              jsonrpc: "2.0",
              id: call.id,
              result: {
                hash: call.params[0],
                type: "0x0",
                blockHash: null,
                blockNumber: null,
                transactionIndex: null,
                from: tx.from,
                to: tx.to,
                nonce: "0x4d2",
                gas: "0xf4240",
                gasPrice: "0x19",
                value: "0xa",
                input: "0x",
                chainId: "0x1",
                v: "0x25",
                r: "0x9f8e49e2ad84b0732984398749956e807e4b526c786af3c5f7416b293e638956",
                s: "0x6bf88342092f6ff9fabe31739b2ebfa1409707ce54a54693e91a6b9bb77df0e7",
              },
            };
          }
          return {
            jsonrpc: "2.0",
            id: call.id,
            error: { code: -32601, message: `no ${call.method}` },
          };
        };
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify(Array.isArray(calls) ? calls.map(answer) : answer(calls)));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const provider = new JsonRpcProvider(url, 1, { staticNetwork: true });
    try {
      const connected = new KaiaWallet(FEE_PAYER, FEE_PAYER_KEY, provider);
      const response = await sendAsFeePayer(connected, SENDER_TX_HASH_RLP);
      expect(sent).to.deep.equal([TX_HASH_RLP]);
      expect(response.hash).to.equal(keccak256(TX_HASH_RLP));
    } finally {
      provider.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("refuses to send a transaction that is not fee-delegated, before any network call", async function () {
    const plain = await sender.signTransaction({ ...tx, type: TxType.ValueTransfer } as never);
    const error = await sendAsFeePayer(feePayer, plain).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(AuteurInputError);
    expect((error as AuteurInputError).code).to.equal("KAIA_NOT_FEE_DELEGATED");
  });

  it("refuses a transaction that is not fee-delegated, naming the fix", async function () {
    const plain = await sender.signTransaction({ ...tx, type: TxType.ValueTransfer } as never);
    const error = await signAsFeePayer(feePayer, plain).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(AuteurInputError);
    expect((error as AuteurInputError).code).to.equal("KAIA_NOT_FEE_DELEGATED");
  });
});
