/**
 * SDK operator actions on the in-process chain: the AuthoritySet admin grants and revokes roles
 * (the quorum follows the verifier count), the registry admin approves NGOs; strangers get the
 * decoded OpenZeppelin access error with their address.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { AuteurContractError } from "../../sdk/src/chain/index.js";
import { AuteurInputError } from "../../sdk/src/errors.js";
import { deployStory } from "./actions-fixture.js";

const connection = await network.getOrCreate();
const { networkHelpers } = connection;

async function fixture() {
  return deployStory(connection);
}

describe("SDK actions: operator configuration", function () {
  it("grants and revokes roles, the quorum follows; approves an NGO", async function () {
    const s = await networkHelpers.loadFixture(fixture);
    const admin = await s.clientOf(s.accounts.admin);
    const newcomer = s.accounts.viewers[2].address;
    expect(await admin.getAuthority({})).to.deep.equal({ verifierCount: 3n, quorumThreshold: 2n });

    const granted = await admin.grantAuthorityRole({ role: "verifier", account: newcomer });
    expect(granted).to.deep.include({ changed: true, verifierCount: 4n, threshold: 3n });
    const again = await admin.grantAuthorityRole({ role: "verifier", account: newcomer });
    expect(again.changed).to.equal(false);
    expect(await admin.getAuthority({})).to.deep.equal({ verifierCount: 4n, quorumThreshold: 3n });
    const revoked = await admin.revokeAuthorityRole({ role: "verifier", account: newcomer });
    expect(revoked).to.deep.include({ changed: true, verifierCount: 3n, threshold: 2n });

    const ngo = s.accounts.viewers[1].address;
    expect(await admin.setNgoApproval({ ngo, approved: true })).to.deep.include({
      ngo,
      approved: true,
    });
    const seller = await s.clientOf(s.accounts.photographer);
    expect((await seller.setDonation({ ngo, bps: 500 })).ngo).to.equal(ngo);
  });

  it("refuses a stranger's grant and approval with the decoded access error", async function () {
    const s = await networkHelpers.loadFixture(fixture);
    const stranger = await s.clientOf(s.accounts.fan);
    const grant = await stranger
      .grantAuthorityRole({ role: "attester", account: s.accounts.fan.address })
      .catch((e: unknown) => e);
    expect(grant).to.be.instanceOf(AuteurContractError);
    expect((grant as AuteurContractError).errorName).to.equal("AccessControlUnauthorizedAccount");
    expect((grant as AuteurContractError).args.account).to.equal(s.accounts.fan.address);
    const approve = await stranger
      .setNgoApproval({ ngo: s.accounts.fan.address, approved: true })
      .catch((e: unknown) => e);
    expect((approve as AuteurContractError).errorName).to.equal("AccessControlUnauthorizedAccount");
    const unknown = await stranger
      .grantAuthorityRole({ role: "owner" as "verifier", account: s.accounts.fan.address })
      .catch((e: unknown) => e);
    expect((unknown as AuteurInputError).code).to.equal("ROLE_UNKNOWN");
  });
});
