/**
 * SDK commerce escrow and pull-payment operations on the in-process chain: an order is paid,
 * shipped, confirmed and withdrawn; another is disputed; the registry's donation setting and the
 * licence market's withdrawal; with decoded reverts for a stranger shipping, a second withdrawal
 * and an NGO the admin never approved.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { keccak256, toUtf8Bytes } from "ethers";
import { AuteurContractError, MediaType } from "../../sdk/src/chain/index.js";
import { AuteurInputError } from "../../sdk/src/errors.js";
import { sha256Hex } from "../registry/helpers.js";
import { deployStory } from "./actions-fixture.js";

const connection = await network.getOrCreate();
const { networkHelpers } = connection;
const UNIT = 10n ** 18n;

async function fixture() {
  return deployStory(connection);
}

describe("SDK actions: commerce escrow and withdrawals", function () {
  it("pays, ships, confirms and withdraws an order; another is disputed and ruled; timeouts release and refund", async function () {
    const s = await networkHelpers.loadFixture(fixture);
    const { fan, creator, viewers } = s.accounts;
    const buyer = await s.clientOf(fan);
    const merchant = await s.clientOf(creator);

    const { orderId } = await buyer.createOrder({ merchant: creator.address, amount: 3n * UNIT });
    expect(await buyer.getOrder({ orderId })).to.deep.include({
      state: "Paid",
      buyer: fan.address,
      merchant: creator.address,
      amount: 3n * UNIT,
    });

    const stranger = await s.clientOf(viewers[0]);
    const refused = await stranger.markShipped({ orderId }).catch((e: unknown) => e);
    expect(refused).to.be.instanceOf(AuteurContractError);
    expect((refused as AuteurContractError).errorName).to.equal("CommerceEscrowNotParty");
    expect((refused as AuteurContractError).args.caller).to.equal(viewers[0].address);
    expect((refused as AuteurContractError).hints[0]).to.match(/merchant ships/);
    expect((refused as AuteurContractError).message).to.match(/^markShipped: /);

    const notShipped = await buyer.confirmReceipt({ orderId }).catch((e: unknown) => e);
    expect((notShipped as AuteurContractError).errorName).to.equal("CommerceEscrowWrongState");
    expect((notShipped as AuteurContractError).args.orderId).to.equal(orderId);

    const shipped = await merchant.markShipped({
      orderId,
      trackingRef: keccak256(toUtf8Bytes("tracking 42")),
    });
    expect(shipped.releaseAt).to.equal((await buyer.getOrder({ orderId })).deadline);
    const released = await buyer.confirmReceipt({ orderId });
    expect(released).to.deep.include({ merchant: creator.address, amount: 3n * UNIT });
    expect((await buyer.getOrder({ orderId })).state).to.equal("Completed");

    expect(await merchant.getCredit({ contract: "CommerceEscrow" })).to.equal(3n * UNIT);
    const before = await merchant.getTokenBalance({});
    const withdrawn = await merchant.withdrawCredit({ contract: "CommerceEscrow" });
    expect(withdrawn.amount).to.equal(3n * UNIT);
    expect((await merchant.getTokenBalance({})) - before).to.equal(3n * UNIT);
    const twice = await merchant
      .withdrawCredit({ contract: "CommerceEscrow" })
      .catch((e: unknown) => e);
    expect((twice as AuteurContractError).errorName).to.equal("EscrowVaultNothingToWithdraw");

    const second = await buyer.createOrder({ merchant: creator.address, amount: UNIT });
    const outsider = await stranger
      .openDispute({ orderId: second.orderId })
      .catch((e: unknown) => e);
    expect((outsider as AuteurContractError).errorName).to.equal("CommerceEscrowNotParty");
    const disputed = await buyer.openDispute({ orderId: second.orderId });
    const order = await buyer.getOrder({ orderId: second.orderId });
    expect(order.state).to.equal("Disputed");
    expect(order.deadline).to.equal(disputed.rulingDeadline);
    // a supervisor rules: half back to the buyer
    const ruling = await stranger
      .resolveDispute({ orderId: second.orderId, buyerAmount: UNIT / 2n })
      .catch((e: unknown) => e);
    expect((ruling as AuteurContractError).errorName).to.equal("CommerceEscrowNotSupervisor");
    const supervisor = await s.clientOf(s.accounts.supervisor);
    const resolved = await supervisor.resolveDispute({
      orderId: second.orderId,
      buyerAmount: UNIT / 2n,
    });
    expect(resolved).to.deep.include({ buyerAmount: UNIT / 2n, merchantAmount: UNIT / 2n });
    expect(await buyer.getCredit({ contract: "CommerceEscrow" })).to.equal(UNIT / 2n);

    // timeouts: a silent buyer's shipped order is released, an unshipped one refunded (by anyone)
    const shippedLate = await buyer.createOrder({ merchant: creator.address, amount: 2n * UNIT });
    const neverShipped = await buyer.createOrder({ merchant: creator.address, amount: UNIT });
    const { releaseAt } = await merchant.markShipped({ orderId: shippedLate.orderId });
    const tooEarly = await stranger
      .refundUnshippedOrder({ orderId: neverShipped.orderId })
      .catch((e: unknown) => e);
    expect((tooEarly as AuteurContractError).errorName).to.equal("CommerceEscrowTooEarly");
    await networkHelpers.time.increaseTo(releaseAt + 1n);
    const releasedLate = await stranger.releaseOrder({ orderId: shippedLate.orderId });
    expect(releasedLate).to.deep.include({ account: creator.address, amount: 2n * UNIT });
    const refundedLate = await stranger.refundUnshippedOrder({ orderId: neverShipped.orderId });
    expect(refundedLate).to.deep.include({ account: fan.address, amount: UNIT });
    expect(await buyer.getCredit({ contract: "CommerceEscrow" })).to.equal(UNIT / 2n + UNIT);

    const unknown = await buyer.getOrder({ orderId: 99n }).catch((e: unknown) => e);
    expect((unknown as AuteurInputError).code).to.equal("ORDER_UNKNOWN");
  });

  it("routes a donation to an approved NGO only, and withdraws licence proceeds", async function () {
    const s = await networkHelpers.loadFixture(fixture);
    const { photographer, attester, ngo, buyer: buyerAccount, viewers } = s.accounts;
    const owner = await s.clientOf(photographer);
    const buyer = await s.clientOf(buyerAccount);

    const bad = await owner
      .setDonation({ ngo: viewers[2].address, bps: 1000 })
      .catch((e: unknown) => e);
    expect(bad).to.be.instanceOf(AuteurContractError);
    expect((bad as AuteurContractError).errorName).to.equal("CopyrightRegistryNgoNotApproved");
    expect((bad as AuteurContractError).args.ngo).to.equal(viewers[2].address);
    const set = await owner.setDonation({ ngo: ngo.address, bps: 1000 });
    expect(set).to.deep.include({ creator: photographer.address, ngo: ngo.address, bps: 1000 });

    const { workId } = await owner.registerWork({
      upload: {
        contentSha256: sha256Hex("commerce action photo"),
        pHash: 0x0f0f_0f0f_0f0f_0f0fn,
        width: 800,
        height: 600,
        raw: false,
        manifest: sha256Hex("commerce action manifest"),
        mediaType: MediaType.Image,
        cellCount: 0,
        durationSeconds: 0,
      },
      attester,
    });
    const missing = await owner.getWork({ workId: workId + 1n }).catch((e: unknown) => e);
    expect(missing).to.be.instanceOf(AuteurContractError);
    expect((missing as AuteurContractError).errorName).to.match(/^CopyrightRegistry|^ERC721/);
    const work = await owner.getWork({ workId });
    expect(work).to.deep.include({
      owner: photographer.address,
      versionCount: 0,
      creator: photographer.address,
    });
    await owner.publishOffer({ workId, kind: "RoyaltyFree", price: 100n * UNIT });
    const supply = await buyer.getTokenSupply({});
    await buyer.buyLicence({ workId, kind: "RoyaltyFree" });
    const burned = (await buyer.getTokenSupply({})).totalBurned - supply.totalBurned;
    expect(burned).to.equal(UNIT); // the 1 % fuel fee of the market's default
    const ngoCredit = await owner.getCredit({ contract: "LicenseMarket", account: ngo.address });
    const ownerCredit = await owner.getCredit({ contract: "LicenseMarket" });
    expect(ngoCredit).to.equal((99n * UNIT) / 10n);
    expect(ownerCredit + ngoCredit + burned).to.equal(100n * UNIT);
    const out = await owner.withdrawCredit({ contract: "LicenseMarket" });
    expect(out.amount).to.equal(ownerCredit);
    expect(await owner.getTokenBalance({})).to.equal(ownerCredit);
  });
});
