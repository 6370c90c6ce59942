import { expect } from "chai";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import {
  AbiCoder,
  TypedDataEncoder,
  Wallet,
  getAddress,
  keccak256,
  recoverAddress,
  toUtf8Bytes,
} from "ethers";
import { AuteurInputError } from "../errors.js";
import { claimArguments } from "./claim.js";
import { WAD } from "./curves.js";
import {
  EPOCH_REPORT_TYPES,
  epochReportDigest,
  orderSignatures,
  povDomain,
  signEpochReport,
} from "./eip712.js";
import { buildEpochReport, distribute, splitContentAmount } from "./report.js";
import type { AcceptedPlay } from "./types.js";

const A = getAddress("0x00000000000000000000000000000000000000A1".toLowerCase());
const B = getAddress("0x00000000000000000000000000000000000000B2".toLowerCase());
const CREATOR = getAddress("0x00000000000000000000000000000000000000C0".toLowerCase());
const ENH1 = getAddress("0x00000000000000000000000000000000000000E1".toLowerCase());
const ENH2 = getAddress("0x00000000000000000000000000000000000000E2".toLowerCase());
const STORE = getAddress("0x0000000000000000000000000000000000000051".toLowerCase());
const VER = [
  "0x0000000000000000000000000000000000000071",
  "0x0000000000000000000000000000000000000072",
];
const SUP = ["0x0000000000000000000000000000000000000081"];
const shares = { storageBps: 1000, verifierBps: 500, supervisorBps: 500 };
const schedule = { r0: 135n * WAD, halvingEpochs: 730_000n, maxHalvings: 1n };

function play(account: string, workId: bigint, epoch: bigint, cellIndex = 0): AcceptedPlay {
  return {
    account,
    workId,
    cellIndex,
    epoch,
    storageProvider: STORE,
    playCode: keccak256(toUtf8Bytes(`${account}${workId}${epoch}${cellIndex}`)),
  };
}

describe("pov/report: splits, earnings, cumulative tree, EIP-712", () => {
  const contents = [
    {
      workId: 1n,
      creator: CREATOR,
      split: { creatorBps: 5000, viewerBps: 4000, enhancerBps: 1000 },
      enhancers: [
        { account: ENH1, weight: 3 },
        { account: ENH2, weight: 1 },
      ],
    },
    { workId: 2n, creator: CREATOR, split: { creatorBps: 6000, viewerBps: 4000, enhancerBps: 0 } },
  ];

  it("splits a content's amount canonically and never loses a wei", () => {
    for (const t of [0n, 1n, 9999n, 10n ** 18n + 7n, 135n * WAD]) {
      const r = splitContentAmount(
        t,
        { creatorBps: 5000, viewerBps: 4000, enhancerBps: 1000 },
        shares,
      );
      expect(
        r.creator + r.viewer + r.enhancer + r.storageProvider + r.verifier + r.supervisor,
      ).to.equal(t);
      expect(r.storageProvider).to.equal((t * 1000n) / 10_000n);
    }
    const parts = distribute(
      10n,
      new Map([
        [A, 1n],
        [B, 2n],
      ]),
    );
    expect(parts.get(A)! + parts.get(B)!).to.equal(10n);
    expect(parts.get(B)).to.equal(7n); // 6 + the remainder to the heaviest
    expect(() => distribute(5n, new Map())).to.throw(AuteurInputError);
  });

  it("shares each epoch's emission by plays, pays all six roles, and sums to the report total", () => {
    const plays = [
      play(A, 1n, 3n),
      play(A, 1n, 3n, 1),
      play(B, 1n, 3n, 2),
      play(B, 2n, 3n),
      play(A, 2n, 4n),
    ];
    const { report, earnings, totals, tree, emission } = buildEpochReport({
      plays,
      fromEpoch: 0n,
      toEpoch: 9n,
      nonce: 0n,
      schedule,
      protocolShares: shares,
      contents,
      verifiers: VER,
      supervisors: SUP,
    });
    expect(emission).to.equal(1350n * WAD);
    // epoch 3: 135 shared 3:1 between works 1 and 2; epoch 4: 135 to work 2; epochs without plays: nothing
    expect(report.contents.map((c) => c.workId)).to.deep.equal([1n, 2n]);
    const t1 = (135n * WAD * 3n) / 4n;
    const t2 = (135n * WAD * 1n) / 4n + 135n * WAD;
    const sum = (c: (typeof report.contents)[number]) =>
      c.creator + c.viewer + c.enhancer + c.storageProvider + c.verifier + c.supervisor;
    expect(sum(report.contents[0])).to.equal(t1);
    expect(sum(report.contents[1])).to.equal(t2);
    expect(report.total).to.equal(t1 + t2);
    expect(report.total <= emission).to.equal(true);
    const roles = new Set(earnings.map((e) => e.role));
    expect([...roles].sort()).to.deep.equal([
      "creator",
      "enhancer",
      "storageProvider",
      "supervisor",
      "verifier",
      "viewer",
    ]);
    // enhancers 3:1; work 2 has none, its (zero) enhancer share would go to the creator
    const enh = earnings.filter((e) => e.role === "enhancer" && e.workId === 1n);
    expect(enh.find((e) => e.account === ENH1)!.amount).to.equal(
      (report.contents[0].enhancer * 3n) / 4n,
    );
    let all = 0n;
    for (const v of totals.values()) all += v;
    expect(all).to.equal(report.total);
    expect(tree!.root).to.equal(report.root);
    const { cumulativeAmount, proof } = claimArguments(tree!, A);
    expect(cumulativeAmount).to.equal(totals.get(A));
    expect(
      StandardMerkleTree.verify(tree!.root, ["address", "uint256"], [A, cumulativeAmount], proof),
    ).to.equal(true);
    // the contract's leaf: keccak256(keccak256(abi.encode(account, amount)))
    const leaf = keccak256(
      keccak256(AbiCoder.defaultAbiCoder().encode(["address", "uint256"], [A, cumulativeAmount])),
    );
    expect(tree!.leafHash([A, cumulativeAmount])).to.equal(leaf);
  });

  it("adds to the previous totals: the tree is cumulative", () => {
    const first = buildEpochReport({
      plays: [play(A, 1n, 0n)],
      fromEpoch: 0n,
      toEpoch: 0n,
      nonce: 0n,
      schedule,
      protocolShares: shares,
      contents,
      verifiers: VER,
      supervisors: SUP,
    });
    const second = buildEpochReport({
      plays: [play(B, 1n, 1n)],
      fromEpoch: 1n,
      toEpoch: 1n,
      nonce: 1n,
      schedule,
      protocolShares: shares,
      contents,
      verifiers: VER,
      supervisors: SUP,
      previousTotals: first.totals,
    });
    expect(second.totals.get(A)).to.equal(first.totals.get(A)); // A did not play again, keeps its total
    expect(second.totals.get(CREATOR)! > first.totals.get(CREATOR)!).to.equal(true);
    expect(claimArguments(second.tree!, A).cumulativeAmount).to.equal(first.totals.get(A));
    expect(() =>
      claimArguments(second.tree!, "0x00000000000000000000000000000000000000ff"),
    ).to.throw(AuteurInputError);
  });

  it("refuses plays outside the span or of unlisted contents", () => {
    const base = {
      fromEpoch: 0n,
      toEpoch: 1n,
      nonce: 0n,
      schedule,
      protocolShares: shares,
      contents,
      verifiers: VER,
      supervisors: SUP,
    };
    expect(() => buildEpochReport({ ...base, plays: [play(A, 1n, 2n)] }))
      .to.throw(AuteurInputError)
      .with.property("code", "POV_PLAY_OUTSIDE_SPAN");
    expect(() => buildEpochReport({ ...base, plays: [play(A, 9n, 0n)] }))
      .to.throw(AuteurInputError)
      .with.property("code", "POV_UNKNOWN_CONTENT");
  });

  it("EIP-712: the digest matches the type strings of the contract and signatures order by signer", async () => {
    const { report } = buildEpochReport({
      plays: [play(A, 1n, 0n)],
      fromEpoch: 0n,
      toEpoch: 0n,
      nonce: 0n,
      schedule,
      protocolShares: shares,
      contents,
      verifiers: VER,
      supervisors: SUP,
    });
    expect(TypedDataEncoder.from(EPOCH_REPORT_TYPES).encodeType("EpochReport")).to.equal(
      "EpochReport(uint64 fromEpoch,uint64 toEpoch,uint64 nonce,bytes32 root,uint256 total,ContentTotals[] contents)ContentTotals(uint256 workId,uint256 creator,uint256 viewer,uint256 enhancer,uint256 storageProvider,uint256 verifier,uint256 supervisor)",
    );
    const domain = povDomain(31337n, "0x5FbDB2315678afecb367f032d93F642f64180aa3");
    const wallets = [1, 2, 3].map((i) => new Wallet(keccak256(toUtf8Bytes(`v${i}`))));
    const sigs = await Promise.all(wallets.map((w) => signEpochReport(w, domain, report)));
    const digest = epochReportDigest(domain, report);
    for (const s of sigs) expect(recoverAddress(digest, s.signature)).to.equal(s.signer);
    const ordered = orderSignatures([...sigs, sigs[0]]);
    expect(ordered).to.have.length(3);
    const signers = ordered.map((s) => BigInt(recoverAddress(digest, s)));
    expect(signers[0] < signers[1] && signers[1] < signers[2]).to.equal(true);
  });
});
