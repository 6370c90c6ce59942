/**
 * Gas of Proof-of-View (total transaction gas from receipts) against the targets:
 * settlement with 1, 10 and 100 contents (target 60,000 + 25,000 per content), and claims against
 * cumulative trees of 1,000 and 100,000 accounts (targets at 100,000: first claim 90,000, later
 * claim 58,000). Real AuteurToken (votes, cap), AuthoritySet (2-of-3 quorum) and CopyrightRegistry.
 *
 * "steady" settlements are measured after an earlier settlement, with its root past the challenge
 * window (each such settlement also activates that root); "first" is the very first settlement of
 * a fresh contract, which pays for creating its storage slots and the contract's token balance.
 * Trees of 100,000 leaves are built here with the OpenZeppelin StandardMerkleTree layout (checked
 * against the library on the 1,000-leaf tree); the library itself takes minutes at that size.
 */
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { Wallet, getBytes, hexlify, keccak256, toBeHex, toUtf8Bytes } from "ethers";
import { signBatch } from "../../../test/registry/helpers.js";
import {
  orderSignatures,
  povDomain,
  signEpochReport,
  splitContentAmount,
  type ContentTotals,
  type EpochReport,
} from "../../../sdk/src/pov/index.js";
import type { GasContext } from "./context.js";

const WAD = 10n ** 18n;
const WINDOW = 3_600;
const SHARES = { storageBps: 1000, verifierBps: 500, supervisorBps: 500 };
const SPLIT = { creatorBps: 5000, viewerBps: 4000, enhancerBps: 1000 };

/** A cumulative tree in OpenZeppelin's StandardMerkleTree layout, fast enough for 100,000 leaves. */
export function fastTree(leaves: [string, bigint][]) {
  const hash = (data: Uint8Array) => getBytes(keccak256(data));
  const less = (a: Uint8Array, b: Uint8Array) => {
    for (let i = 0; i < 32; i++) if (a[i] !== b[i]) return a[i] < b[i];
    return false;
  };
  const hashes = leaves.map(([account, amount]) => {
    const encoded = new Uint8Array(64);
    encoded.set(getBytes(account), 12);
    encoded.set(getBytes(toBeHex(amount, 32)), 32);
    return hash(hash(encoded));
  });
  const order = hashes
    .map((h, i) => ({ h, i }))
    .sort((x, y) => (less(x.h, y.h) ? -1 : less(y.h, x.h) ? 1 : 0));
  const size = 2 * order.length - 1;
  const tree: Uint8Array[] = new Array(size);
  order.forEach((o, j) => (tree[size - 1 - j] = o.h));
  const pair = new Uint8Array(64);
  for (let i = size - 1 - order.length; i >= 0; i--) {
    const a = tree[2 * i + 1];
    const b = tree[2 * i + 2];
    pair.set(less(a, b) ? a : b, 0);
    pair.set(less(a, b) ? b : a, 32);
    tree[i] = hash(pair);
  }
  const position = new Map(order.map((o, j) => [o.i, size - 1 - j]));
  return {
    root: hexlify(tree[0]),
    proof(leafIndex: number): string[] {
      const out: string[] = [];
      for (let k = position.get(leafIndex)!; k > 0; k = Math.floor((k - 1) / 2)) {
        out.push(hexlify(tree[k % 2 === 1 ? k + 1 : k - 1]));
      }
      return out;
    },
  };
}

export default async function measure(ctx: GasContext): Promise<Record<string, number>> {
  const { ethers, networkHelpers, signers, gasOf } = ctx;
  const [admin, attester, creator, supervisor, claimer, claimer2] = signers;
  const verifiers = [0, 1, 2]
    .map((i) => new Wallet(keccak256(toUtf8Bytes(`gas pov verifier ${i}`))))
    .sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1));
  const authority = await ethers.deployContract("AuthoritySet", [0n, admin.address]);
  await (await authority.grantRole(await authority.ATTESTER_ROLE(), attester.address)).wait();
  await (await authority.grantRole(await authority.SUPERVISOR_ROLE(), supervisor.address)).wait();
  for (const v of verifiers)
    await (await authority.grantRole(await authority.VERIFIER_ROLE(), v.address)).wait();
  const token = await ethers.deployContract("AuteurToken", [
    "Chainflix",
    "CFX",
    5_020_275_000n * WAD,
    0n,
    admin.address,
    [admin.address],
    [3_000_000_000n * WAD],
  ]);
  const registry = await ethers.deployContract("CopyrightRegistry", [
    await authority.getAddress(),
    0n,
    admin.address,
    10,
    7 * 24 * 3600,
  ]);
  const pov = await ethers.deployContract("ProofOfView", [
    {
      token: await token.getAddress(),
      authority: await authority.getAddress(),
      registry: await registry.getAddress(),
      epochReward: 135n * WAD,
      halvingEpochs: 730_000n,
      maxHalvings: 1n,
      epochMillis: 43_200n,
      genesis: 0n,
      challengeWindow: BigInt(WINDOW),
      ...SHARES,
      bounds: { minCreatorBps: 2000, minViewerBps: 1000, maxViewerBps: 6000, maxEnhancerBps: 3000 },
    },
    0n,
    admin.address,
  ]);
  await (await token.grantRole(await token.MINTER_ROLE(), await pov.getAddress())).wait();

  // 100 videos of one creator, in one attested batch, each enrolled
  const uploads = Array.from({ length: 100 }, (_, i) => ({
    contentSha256: keccak256(toUtf8Bytes(`gas video ${i}`)),
    pHash: BigInt(keccak256(toUtf8Bytes(`phash ${i}`))) & ((1n << 64n) - 1n),
    width: 1920,
    height: 1080,
    raw: false,
    manifest: keccak256(toUtf8Bytes(`manifest ${i}`)),
    mediaType: 1,
    cellCount: 10,
    durationSeconds: 600,
  }));
  const { chainId } = await ethers.provider.getNetwork();
  const deadline = BigInt(await networkHelpers.time.latest()) + 3_600n;
  const batchSig = await signBatch({
    registry,
    chainId,
    attester,
    uploads,
    uploader: creator.address,
    deadline,
  });
  await (
    await registry.connect(creator).registerBatch(uploads, creator.address, deadline, batchSig)
  ).wait();
  const first = await registry.totalWorks();
  const workIds = Array.from({ length: 100 }, (_, i) => first - 99n + BigInt(i));
  for (const id of workIds) await (await pov.connect(creator).setSplit(id, SPLIT)).wait();

  const domain = povDomain(chainId, await pov.getAddress());
  /** Settles the next span with `n` contents of `each` and `root`; returns the receipt's gas. */
  const settle = async (n: number, root: string, each: bigint): Promise<number> => {
    const [nextEpoch, nonce, , , pendingActiveAt] = await pov.settlementState();
    if (pendingActiveAt > 0n) await networkHelpers.time.increaseTo(pendingActiveAt);
    await networkHelpers.time.increase(120);
    const toEpoch = (await pov.currentEpoch()) - 1n;
    const contents: ContentTotals[] = workIds
      .slice(0, n)
      .map((workId) => ({ workId, ...splitContentAmount(each, SPLIT, SHARES) }));
    const report: EpochReport = {
      fromEpoch: nextEpoch,
      toEpoch,
      nonce,
      root,
      total: each * BigInt(n),
      contents,
    };
    const sigs = await Promise.all(
      verifiers.slice(0, 2).map((w) => signEpochReport(w, domain, report)),
    );
    return gasOf(pov.settle(report, orderSignatures(sigs)));
  };
  const out: Record<string, number> = {};
  const randomRoot = () => hexlify(ethers.randomBytes(32));

  out["settle, first settlement ever (1 content)"] = await settle(1, randomRoot(), WAD);
  // the second settlement activates the first root, writing the active root's fresh slot once
  out["settle, second settlement (first root activation, 1 content)"] = await settle(
    1,
    randomRoot(),
    WAD,
  );
  // from the third on, every settlement activates the previous root over an existing one
  for (const n of [1, 10, 100]) {
    const snap = await networkHelpers.takeSnapshot();
    out[`settle, steady (${n} content${n > 1 ? "s" : ""}; target ${60_000 + 25_000 * n})`] =
      await settle(n, randomRoot(), WAD);
    await snap.restore();
  }
  {
    const snap = await networkHelpers.takeSnapshot();
    await settle(1, randomRoot(), WAD);
    out["rejectRoot (supervisor)"] = await gasOf(
      pov
        .connect(supervisor)
        .rejectRoot((await pov.settlementState())[3], ethers.encodeBytes32String("x")),
    );
    await snap.restore();
  }

  for (const size of [1_000, 100_000]) {
    const snap = await networkHelpers.takeSnapshot();
    const leaves: [string, bigint][] = Array.from({ length: size }, (_, i) => [
      getAddressFrom(i + 1),
      BigInt(i + 1),
    ]);
    leaves[size / 2] = [claimer.address, 10n * WAD];
    leaves[size / 4] = [claimer2.address, 5n * WAD];
    let tree = fastTree(leaves);
    if (size === 1_000) {
      const reference = StandardMerkleTree.of(leaves, ["address", "uint256"]);
      if (reference.root !== tree.root) throw new Error("fastTree differs from StandardMerkleTree");
    }
    await settle(1, tree.root, 20n * WAD);
    await networkHelpers.time.increaseTo((await pov.settlementState())[4]);
    out[`activateRoot`] = await gasOf(pov.activateRoot());
    const label = size.toLocaleString("en-US");
    out[`claim, ${label}-account tree, first claim (target at 100,000: 90,000)`] = await gasOf(
      pov.claim(claimer.address, 10n * WAD, tree.proof(size / 2)),
    );
    // the second account already holds tokens: the usual case of a first claim by an active user
    await (await token.connect(admin).transfer(claimer2.address, 1n)).wait();
    out[`claim, ${label}-account tree, first claim by a token holder`] = await gasOf(
      pov.claim(claimer2.address, 5n * WAD, tree.proof(size / 4)),
    );
    leaves[size / 2] = [claimer.address, 12n * WAD];
    tree = fastTree(leaves);
    await settle(1, tree.root, 20n * WAD);
    await networkHelpers.time.increaseTo((await pov.settlementState())[4]);
    await (await pov.activateRoot()).wait();
    out[`claim, ${label}-account tree, later claim (target at 100,000: 58,000)`] = await gasOf(
      pov.claim(claimer.address, 12n * WAD, tree.proof(size / 2)),
    );
    await snap.restore();
  }
  return out;
}

function getAddressFrom(i: number): string {
  return hexlify(getBytes("0x" + (0x1000000 + i).toString(16).padStart(40, "a")));
}
