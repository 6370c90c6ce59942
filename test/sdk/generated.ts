/** The committed ABIs in sdk/src/chain/generated match the compiled artifacts. */
import { expect } from "chai";
import { staleChainFiles } from "../../sdk/scripts/gen-chain.js";

describe("SDK generated ABIs", function () {
  it("are up to date with the Hardhat artifacts (else run `npm -w sdk run generate`)", function () {
    expect(staleChainFiles()).to.deep.equal([]);
  });
});
