/**
 * The genesis vesting wallets in the subgraph: a preset with a lock (AuteurVestingWallet) and a
 * step tranche (AuteurStepVestingWallet) deployed through deploy/core.ts, plus a linear wallet
 * with a cliff attached through the template; time travel, releases of tokens and ether, an
 * ownership transfer and a vote delegation, then every entity checked against the chain.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { deployCore } from "../../deploy/core.js";
import { vestingWalletId } from "../../deploy/ignition/AuteurCore.js";
import { loadPreset, walletSchedule, MONTH_SECONDS } from "../../deploy/presets.js";
import { QueryEndpoint } from "../../subgraph/harness/index.js";
import {
  TEMPLATES,
  VESTING_WALLETS,
  templateOf,
  type TemplateSpec,
} from "../../subgraph/scripts/dataSources.js";
import {
  PrepareError,
  prepareSubgraph,
  unionAbi,
  type AbiItem,
} from "../../subgraph/scripts/prepare.js";
import { ensureSubgraphBuilt, eventEntityId, makeIndexer } from "./harness.js";

const connection = await network.getOrCreate();
const { ethers, networkHelpers } = connection;

const preset = loadPreset("imageone");
const team = preset.tranches.find((t) => t.id === "team")!;
const cornerstone = preset.tranches.find((t) => t.id === "cornerstone")!;
const lower = (a: string) => a.toLowerCase();

describe("subgraph: vesting wallet mappings", function () {
  before(function () {
    this.timeout(600_000);
    ensureSubgraphBuilt();
  });

  async function vestingStory() {
    const [admin, teamBeneficiary, cornerBeneficiary, newOwner, advisor] =
      await ethers.getSigners();
    const latest = await ethers.provider.getBlock("latest");
    const start = BigInt(latest!.timestamp) + 3_600n;
    const core = await deployCore(connection, preset, {
      vestingStart: start,
      beneficiaries: { team: teamBeneficiary.address, cornerstone: cornerBeneficiary.address },
    });
    const token = await ethers.getContractAt("AuteurToken", core.addresses.AuteurToken);
    const lock = await ethers.getContractAt(
      "AuteurVestingWallet",
      core.addresses[vestingWalletId("team")],
    );
    const step = await ethers.getContractAt(
      "AuteurStepVestingWallet",
      core.addresses[vestingWalletId("cornerstone")],
    );
    // a wallet outside the deployment: linear over 12 months with a 3-month cliff
    const linear = await ethers.deployContract("AuteurVestingWallet", [
      advisor.address,
      start,
      12n * MONTH_SECONDS,
      3n * MONTH_SECONDS,
    ]);
    const linearReceipt = (await linear.deploymentTransaction()!.wait())!;
    const tokenAddress = await token.getAddress();
    // the foundation tranche went to the admin: fund the linear wallet from it
    await (await token.connect(admin).transfer(await linear.getAddress(), 1_200_000n)).wait();

    const delegation = await (
      await lock.connect(teamBeneficiary).delegate(tokenAddress, teamBeneficiary.address)
    ).wait();
    // before the lock's end: a release of nothing
    const emptyRelease = await (await lock["release(address)"](tokenAddress)).wait();

    // 50 % at month 6, 60 % at month 7
    await networkHelpers.time.increaseTo(start + 7n * MONTH_SECONDS);
    const stepFirst = await (await step["release(address)"](tokenAddress)).wait();
    const ownership = await (
      await step.connect(cornerBeneficiary).transferOwnership(newOwner.address)
    ).wait();
    await networkHelpers.time.increaseTo(start + 8n * MONTH_SECONDS + 10n);
    // 70 %, paid to the new owner
    const stepSecond = await (await step["release(address)"](tokenAddress)).wait();
    // ether follows the same schedule: 70 % of what the wallet ever held
    await (
      await admin.sendTransaction({ to: await step.getAddress(), value: ethers.parseEther("1") })
    ).wait();
    const etherRelease = await (await step["release()"]()).wait();
    const linearFirst = await (await linear["release(address)"](tokenAddress)).wait();

    await networkHelpers.time.increaseTo(start + 24n * MONTH_SECONDS);
    const lockRelease = await (await lock["release(address)"](tokenAddress)).wait();
    const linearLast = await (await linear["release(address)"](tokenAddress)).wait();

    const contracts = {
      AuteurToken: core.records.AuteurToken,
      [vestingWalletId("team")]: core.records[vestingWalletId("team")],
      [vestingWalletId("cornerstone")]: core.records[vestingWalletId("cornerstone")],
      Vesting_advisors: {
        address: await linear.getAddress(),
        blockNumber: linearReceipt.blockNumber,
      },
    };
    const indexer = makeIndexer(ethers.provider, contracts);
    await indexer.sync();
    return {
      core,
      token,
      tokenAddress,
      lock,
      step,
      linear,
      linearReceipt,
      indexer,
      contracts,
      start,
      admin,
      teamBeneficiary,
      cornerBeneficiary,
      newOwner,
      advisor,
      delegation,
      emptyRelease,
      stepFirst,
      ownership,
      stepSecond,
      etherRelease,
      linearFirst,
      lockRelease,
      linearLast,
    };
  }

  /** The index of the first log of `receipt` with `topic` emitted by `address`. */
  function logIndex(
    receipt: { logs: readonly { address: string; topics: readonly string[]; index: number }[] },
    address: string,
    topic: string,
  ): number {
    const log = receipt.logs.find(
      (l) => lower(l.address) === lower(address) && l.topics[0] === topic,
    );
    if (log === undefined) throw new Error(`no ${topic} from ${address}`);
    return log.index;
  }

  it("creates each deployed wallet with the schedule the chain reports", async function () {
    const { core, indexer, lock, step, start, teamBeneficiary, cornerBeneficiary, newOwner } =
      await networkHelpers.loadFixture(vestingStory);
    for (const [wallet, tranche, beneficiary, owner] of [
      [lock, team, teamBeneficiary.address, teamBeneficiary.address],
      [step, cornerstone, cornerBeneficiary.address, newOwner.address],
    ] as const) {
      const address = await wallet.getAddress();
      const record = core.records[vestingWalletId(tranche.id)];
      const block = await ethers.provider.getBlock(record.blockNumber);
      const schedule = walletSchedule(tranche.vesting!);
      const isStep = schedule.contract === "AuteurStepVestingWallet";
      const onChainStart = await wallet.start();
      const cliff = await wallet.cliff();
      expect(onChainStart).to.equal(start);
      expect(indexer.store.load("VestingWallet", address), tranche.id).to.deep.equal({
        id: lower(address),
        trancheId: tranche.id,
        // no allocation table in this deployment's context (see the label test below)
        trancheLabel: null,
        beneficiary: lower(beneficiary),
        owner: lower(owner),
        kind: isStep ? "STEP" : "LINEAR",
        start: onChainStart,
        duration: await wallet.duration(),
        end: await wallet.end(),
        cliffSeconds: cliff - onChainStart,
        cliff,
        initialBps: isStep ? Number(await step.initialBps()) : 0,
        stepBps: isStep ? Number(await step.stepBps()) : 0,
        stepSeconds: isStep ? await step.stepSeconds() : 0n,
        etherReleased: await wallet["released()"](),
        releaseCount: isStep ? 3 : 2,
        createdAtBlock: BigInt(record.blockNumber),
        createdAtTimestamp: BigInt(block!.timestamp),
        createdAtTransaction: record.txHash,
      });
      // and the preset's promise
      expect(await wallet.duration(), tranche.id).to.equal(schedule.durationSeconds);
      expect(cliff - onChainStart, tranche.id).to.equal(schedule.cliffSeconds);
      expect(await wallet.owner()).to.equal(owner);
    }
  });

  it("keeps released(token) and released() equal to the indexed totals", async function () {
    const { indexer, tokenAddress, lock, step, linear, teamBeneficiary } =
      await networkHelpers.loadFixture(vestingStory);
    for (const wallet of [lock, step, linear]) {
      const address = await wallet.getAddress();
      const id = lower(address) + lower(tokenAddress).slice(2);
      const entry = indexer.store.load("VestingWalletToken", id)!;
      expect(entry.wallet).to.equal(lower(address));
      expect(entry.token).to.equal(lower(tokenAddress));
      expect(entry.released, address).to.equal(await wallet["released(address)"](tokenAddress));
      expect(entry.released, address).to.be.greaterThan(0n);
      expect(indexer.store.load("VestingWallet", address)!.etherReleased).to.equal(
        await wallet["released()"](),
      );
    }
    expect(await step["released()"]()).to.equal((ethers.parseEther("1") * 7n) / 10n);
    // everything of the lock and the linear wallet is out; 70 % of the step tranche
    expect(await lock["released(address)"](tokenAddress)).to.equal(team.genesis);
    expect(await step["released(address)"](tokenAddress)).to.equal(
      (cornerstone.genesis * 7n) / 10n,
    );
    expect(await linear["released(address)"](tokenAddress)).to.equal(1_200_000n);
    const lockToken = indexer.store.load(
      "VestingWalletToken",
      lower(await lock.getAddress()) + lower(tokenAddress).slice(2),
    )!;
    expect(lockToken.delegatee).to.equal(lower(teamBeneficiary.address));
    expect(lockToken.releaseCount).to.equal(2);
  });

  it("records each release with the amount that reached the owner", async function () {
    const {
      indexer,
      token,
      tokenAddress,
      step,
      cornerBeneficiary,
      newOwner,
      stepFirst,
      stepSecond,
    } = await networkHelpers.loadFixture(vestingStory);
    const stepAddress = await step.getAddress();
    const released = step.interface.getEvent("ERC20Released").topicHash;
    const transfer = token.interface.getEvent("Transfer").topicHash;
    let total = 0n;
    for (const [receipt, to] of [
      [stepFirst!, cornerBeneficiary.address],
      [stepSecond!, newOwner.address],
    ] as const) {
      const index = logIndex(receipt, stepAddress, released);
      // the token's Transfer of the same release: what actually moved
      const moved = token.interface.parseLog(
        receipt.logs.find(
          (l) => lower(l.address) === lower(tokenAddress) && l.topics[0] === transfer,
        )!,
      )!;
      expect(moved.args.to).to.equal(to);
      total += moved.args.value as bigint;
      const block = await ethers.provider.getBlock(receipt.blockNumber);
      const id = eventEntityId(receipt.hash, index);
      expect(indexer.store.load("VestingRelease", id)).to.deep.equal({
        id,
        wallet: lower(stepAddress),
        token: lower(tokenAddress),
        amount: moved.args.value,
        totalReleased: total,
        to: lower(to),
        blockNumber: BigInt(receipt.blockNumber),
        timestamp: BigInt(block!.timestamp),
        transactionHash: receipt.hash,
      });
    }
    // 60 % then 10 %
    expect(total).to.equal((cornerstone.genesis * 7n) / 10n);
    expect(await token.balanceOf(cornerBeneficiary.address)).to.equal(
      (cornerstone.genesis * 6n) / 10n,
    );
  });

  it("records a release of nothing and an ether release without a token", async function () {
    const { indexer, lock, step, newOwner, emptyRelease, etherRelease, tokenAddress } =
      await networkHelpers.loadFixture(vestingStory);
    const lockAddress = await lock.getAddress();
    const empty = indexer.store.load(
      "VestingRelease",
      eventEntityId(
        emptyRelease!.hash,
        logIndex(emptyRelease!, lockAddress, lock.interface.getEvent("ERC20Released").topicHash),
      ),
    )!;
    expect(empty).to.include({ amount: 0n, totalReleased: 0n, token: lower(tokenAddress) });
    const stepAddress = await step.getAddress();
    const id = eventEntityId(
      etherRelease!.hash,
      logIndex(etherRelease!, stepAddress, step.interface.getEvent("EtherReleased").topicHash),
    );
    const ether = indexer.store.load("VestingRelease", id)!;
    // set to null by the mapping (graph-node stores null and unset alike)
    expect(ether.token).to.equal(null);
    expect(ether).to.include({
      wallet: lower(stepAddress),
      amount: ethers.parseEther("0.7"),
      totalReleased: ethers.parseEther("0.7"),
      to: lower(newOwner.address),
    });
  });

  it("records the constructor's and later ownership transfers", async function () {
    const { core, indexer, step, cornerBeneficiary, newOwner, ownership } =
      await networkHelpers.loadFixture(vestingStory);
    const stepAddress = await step.getAddress();
    const topic = step.interface.getEvent("OwnershipTransferred").topicHash;
    const record = core.records[vestingWalletId("cornerstone")];
    const creation = (await ethers.provider.getTransactionReceipt(record.txHash))!;
    const first = indexer.store.load(
      "VestingOwnershipTransfer",
      eventEntityId(creation.hash, logIndex(creation, stepAddress, topic)),
    )!;
    expect(first.previousOwner).to.equal(null);
    expect(first).to.include({
      wallet: lower(stepAddress),
      newOwner: lower(cornerBeneficiary.address),
      blockNumber: BigInt(record.blockNumber),
    });
    const second = indexer.store.load(
      "VestingOwnershipTransfer",
      eventEntityId(ownership!.hash, logIndex(ownership!, stepAddress, topic)),
    )!;
    expect(second).to.include({
      previousOwner: lower(cornerBeneficiary.address),
      newOwner: lower(newOwner.address),
    });
    expect(indexer.store.count("VestingOwnershipTransfer")).to.equal(4);
  });

  it("records the vote delegation of the locked tokens", async function () {
    const { indexer, lock, tokenAddress, teamBeneficiary, delegation, token } =
      await networkHelpers.loadFixture(vestingStory);
    const lockAddress = await lock.getAddress();
    const index = logIndex(
      delegation!,
      lockAddress,
      lock.interface.getEvent("VestingVotesDelegated").topicHash,
    );
    const block = await ethers.provider.getBlock(delegation!.blockNumber);
    const id = eventEntityId(delegation!.hash, index);
    expect(indexer.store.load("VestingVotesDelegation", id)).to.deep.equal({
      id,
      wallet: lower(lockAddress),
      token: lower(tokenAddress),
      delegatee: lower(teamBeneficiary.address),
      blockNumber: BigInt(delegation!.blockNumber),
      timestamp: BigInt(block!.timestamp),
      transactionHash: delegation!.hash,
    });
    expect(await token.delegates(lockAddress)).to.equal(teamBeneficiary.address);
  });

  it("indexes a wallet outside the deployment through the template", async function () {
    const { indexer, linear, linearReceipt, advisor, start, linearFirst, tokenAddress } =
      await networkHelpers.loadFixture(vestingStory);
    const address = await linear.getAddress();
    expect(indexer.dataSources.find((d) => d.name === "Vesting_advisors")).to.deep.equal({
      name: "Vesting_advisors",
      address: lower(address),
      startBlock: linearReceipt.blockNumber,
    });
    expect(indexer.store.load("VestingWallet", address)).to.include({
      trancheId: "advisors",
      kind: "LINEAR",
      beneficiary: lower(advisor.address),
      start,
      duration: 12n * MONTH_SECONDS,
      end: start + 12n * MONTH_SECONDS,
      cliffSeconds: 3n * MONTH_SECONDS,
      cliff: start + 3n * MONTH_SECONDS,
      releaseCount: 2,
    });
    // linear between the cliff and the end: allocation * elapsed / duration, to the wei
    const block = await ethers.provider.getBlock(linearFirst!.blockNumber);
    const expected = (1_200_000n * (BigInt(block!.timestamp) - start)) / (12n * MONTH_SECONDS);
    const id = eventEntityId(
      linearFirst!.hash,
      logIndex(linearFirst!, address, linear.interface.getEvent("ERC20Released").topicHash),
    );
    expect(indexer.store.load("VestingRelease", id)).to.include({
      amount: expected,
      token: lower(tokenAddress),
      to: lower(advisor.address),
    });
  });

  it("keeps the wallets' token balances equal to the chain's", async function () {
    const { indexer, token, lock, step, linear } = await networkHelpers.loadFixture(vestingStory);
    for (const wallet of [lock, step, linear]) {
      const address = await wallet.getAddress();
      expect(indexer.store.load("TokenHolder", address)!.balance, address).to.equal(
        await token.balanceOf(address),
      );
    }
    expect(await token.balanceOf(await lock.getAddress())).to.equal(0n);
  });

  it("answers a query over wallets, their tokens and releases", async function () {
    const { indexer, lock, tokenAddress } = await networkHelpers.loadFixture(vestingStory);
    const endpoint = new QueryEndpoint(indexer.store);
    const result = await endpoint.execute(
      `{ vestingWallets(where: { trancheId: "team" }) {
           trancheId kind owner { id }
           tokens { token released delegatee { id } }
           releases(orderBy: blockNumber) { amount } } }`,
    );
    expect(result.errors).to.equal(undefined);
    const released = await lock["released(address)"](tokenAddress);
    expect(result.data).to.deep.equal({
      vestingWallets: [
        {
          trancheId: "team",
          kind: "LINEAR",
          owner: { id: lower(await lock.owner()) },
          tokens: [
            {
              token: lower(tokenAddress),
              released: released.toString(),
              delegatee: { id: lower(await lock.owner()) },
            },
          ],
          releases: [{ amount: "0" }, { amount: released.toString() }],
        },
      ],
    });
  });

  it("takes the tranche label from the context when given", async function () {
    const { lock, contracts } = await networkHelpers.loadFixture(vestingStory);
    const name = vestingWalletId("team");
    const indexer = makeIndexer(ethers.provider, {
      [name]: { ...contracts[name], context: templateOf(name, team.label)!.context },
    });
    await indexer.sync();
    expect(indexer.store.load("VestingWallet", await lock.getAddress())).to.include({
      trancheId: "team",
      trancheLabel: "Team",
    });
    expect(indexer.store.count("VestingWallet")).to.equal(1);
  });
});

describe("subgraph: vesting wallet data sources", function () {
  const artifacts = `${import.meta.dirname}/../../artifacts/contracts`;
  const schema = "type VestingWallet @entity(immutable: false) { id: Bytes! }";

  it("makes every Vesting_* contract of the deployment a data source of the template", function () {
    const deployment = {
      chainId: 31337,
      contracts: {
        AuteurToken: { address: "0x00000000000000000000000000000000000000a1", blockNumber: 9 },
        Vesting_team: { address: "0x00000000000000000000000000000000000000b1", blockNumber: 7 },
        Vesting_cornerstone: {
          address: "0x00000000000000000000000000000000000000b2",
          blockNumber: 8,
        },
      },
      allocation: [
        { tranche: "team", label: "Team" },
        { tranche: "cornerstone", label: "Cornerstone / private" },
      ],
    };
    const { manifest, abis } = prepareSubgraph("hardhat", deployment, artifacts, schema);
    const dataSources = manifest.dataSources as {
      name: string;
      context?: unknown;
      source: { address: string; abi: string; startBlock: number };
      mapping: { file: string; eventHandlers: { event: string }[] };
    }[];
    const vesting = dataSources.filter((d) => d.name.startsWith("Vesting_"));
    expect(vesting.map((d) => d.name)).to.deep.equal(["Vesting_cornerstone", "Vesting_team"]);
    expect(vesting[1].source).to.deep.equal({
      address: deployment.contracts.Vesting_team.address,
      abi: "VestingWallet",
      startBlock: 7,
    });
    expect(vesting[0].context).to.deep.equal({
      trancheId: { type: "String", data: "cornerstone" },
      trancheLabel: { type: "String", data: "Cornerstone / private" },
    });
    expect(vesting[1].mapping.file).to.equal("./src/VestingWallet.ts");
    expect(vesting[1].mapping.eventHandlers.map((h) => h.event)).to.include(
      "VestingScheduleCreated(indexed address,uint8,uint64,uint64,uint64,uint16,uint16,uint64)",
    );
    const templates = manifest.templates as { name: string; source: unknown }[];
    expect(templates.map((t) => t.name)).to.deep.equal(TEMPLATES.map((t) => t.name));
    expect(templates[0].source).to.deep.equal({ abi: "VestingWallet" });
    // the union ABI: the step wallet's getters and both wallets' events, no constructor
    const names = abis.VestingWallet.map((item) => `${item.type} ${item.name ?? ""}`);
    expect(names).to.include.members([
      "function initialBps",
      "function cliff",
      "event ERC20Released",
      "event VestingScheduleCreated",
    ]);
    expect(names.filter((n) => n.startsWith("constructor"))).to.deep.equal([]);
    expect(new Set(names.filter((n) => n === "function cliff")).size).to.equal(1);
  });

  it("writes only the template without a deployment", function () {
    const { manifest } = prepareSubgraph("hardhat", undefined, artifacts, schema);
    const names = (manifest.dataSources as { name: string }[]).map((d) => d.name);
    expect(names.filter((n) => n.startsWith("Vesting_"))).to.deep.equal([]);
    expect((manifest.templates as { name: string }[]).map((t) => t.name)).to.deep.equal([
      "VestingWallet",
    ]);
  });

  it("refuses contracts whose handled events differ", function () {
    const event = (inputs: string[]): AbiItem => ({
      type: "event",
      name: "ERC20Released",
      inputs: inputs.map((type) => ({ type })),
    });
    expect(() =>
      unionAbi(
        "VestingWallet",
        [[event(["address", "uint256"])], [event(["uint256"])]],
        ["ERC20Released"],
      ),
    ).to.throw(PrepareError, "ERC20Released(address,uint256) vs ERC20Released(uint256)");
    expect(() => unionAbi("VestingWallet", [[], [event(["uint256"])]], ["ERC20Released"])).to.throw(
      PrepareError,
      "0 events named ERC20Released",
    );
  });

  it("names a template member only by its prefix", function () {
    const spec: TemplateSpec = VESTING_WALLETS;
    expect(templateOf("Vesting_team")).to.deep.equal({
      template: spec,
      id: "team",
      context: { trancheId: { type: "String", data: "team" } },
    });
    expect(templateOf("Vesting_")).to.equal(undefined);
    expect(templateOf("AuteurToken")).to.equal(undefined);
  });
});
