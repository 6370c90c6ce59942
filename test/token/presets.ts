import { expect } from "chai";
import {
  describeVesting,
  fmt,
  listPresets,
  loadPreset,
  MONTH_SECONDS,
  PresetValidationError,
  presetFromArgs,
  validatePreset,
  vestedAfter,
  walletSchedule,
  WEI_PER_TOKEN,
} from "../../deploy/presets.js";

const T = WEI_PER_TOKEN;

/** A small valid preset to break one field at a time. */
function base(): Record<string, unknown> {
  return {
    name: "sample",
    description: "sample preset",
    source: "tests",
    token: { name: "Sample", symbol: "SMP" },
    cap: "1000",
    allocationBase: "1000",
    shareDenominator: 3,
    dustTranche: "a",
    fixedSupply: true,
    tranches: [
      { id: "a", label: "A", share: 1 },
      { id: "b", label: "B", share: 1 },
      { id: "c", label: "C", share: 1 },
    ],
  };
}

function expectInvalid(raw: unknown, path: string, fragment: string): void {
  let error: unknown;
  try {
    validatePreset(raw, "sample");
  } catch (e) {
    error = e;
  }
  expect(error, "expected a PresetValidationError").to.be.instanceOf(PresetValidationError);
  const e = error as PresetValidationError;
  expect(e.path).to.equal(path);
  expect(e.message).to.contain(fragment);
  expect(e.message).to.contain('Preset "sample"');
}

describe("presets: shipped files", function () {
  it("lists exactly the four source designs", function () {
    expect(listPresets()).to.deep.equal(["chainflix", "imageone", "imira", "livevideo"]);
  });

  it("imageone: 21 B cap, 525 M upload-mining reserve left for the UploadMiner", function () {
    const p = loadPreset("imageone");
    expect(p.symbol).to.equal("IMG");
    expect(p.cap).to.equal(21_000_000_000n * T);
    expect(p.genesisSupply).to.equal(20_475_000_000n * T);
    expect(p.mintLater).to.equal(525_000_000n * T);
    expect(p.cap - p.genesisSupply).to.equal(525_000_000n * T);
    const byId = Object.fromEntries(p.tranches.map((t) => [t.id, t]));
    expect(byId.team.amount).to.equal(2_100_000_000n * T);
    expect(byId.team.vesting).to.deep.equal({ kind: "lock", months: 24 });
    expect(byId.cornerstone.amount).to.equal(6_300_000_000n * T);
    expect(byId.cornerstone.vesting?.kind).to.equal("step");
    expect(byId.foundation.amount).to.equal(3_150_000_000n * T);
    expect(byId.communityRewards.amount).to.equal(5_250_000_000n * T);
    expect(byId.communityRewards.genesis).to.equal(4_725_000_000n * T);
    expect(byId.communityRewards.reserveMinter).to.equal("UploadMiner");
    expect(byId.ecosystem.amount).to.equal(4_200_000_000n * T);
    expect(p.fixedSupply).to.equal(false);
  });

  it("imira: 10 B fixed, eight tranches", function () {
    const p = loadPreset("imira");
    expect(p.symbol).to.equal("MLC");
    expect(p.cap).to.equal(10_000_000_000n * T);
    expect(p.genesisSupply).to.equal(p.cap);
    expect(p.fixedSupply).to.equal(true);
    expect(p.tranches.map((t) => [t.id, t.amount / T])).to.deep.equal([
      ["infrastructure", 1_500_000_000n],
      ["privateSale", 1_000_000_000n],
      ["publicSale", 4_000_000_000n],
      ["developmentTeam", 1_000_000_000n],
      ["marketing", 1_000_000_000n],
      ["firstRegistrations", 100_000_000n],
      ["pioneerUsers", 400_000_000n],
      ["contentCreation", 1_000_000_000n],
    ]);
  });

  it("livevideo: 1 B fixed, never minted again", function () {
    const p = loadPreset("livevideo");
    expect(p.symbol).to.equal("LVO");
    expect(p.cap).to.equal(1_000_000_000n * T);
    expect(p.genesisSupply).to.equal(p.cap);
    expect(p.mintLater).to.equal(0n);
    expect(p.fixedSupply).to.equal(true);
    expect(p.tranches.map((t) => Number(t.amount / T))).to.deep.equal([
      200_000_000, 150_000_000, 200_000_000, 150_000_000, 150_000_000, 150_000_000,
    ]);
  });

  it("chainflix: 3 B pre-mine split 20/20/10/7/2/1, PoV mining up to 5,020,275,000", function () {
    const p = loadPreset("chainflix");
    expect(p.symbol).to.equal("CFX");
    expect(p.genesisSupply).to.equal(3_000_000_000n * T);
    expect(p.cap).to.equal(5_020_275_000n * T);
    expect(p.emissions).to.deep.equal([
      {
        id: "proofOfView",
        label: "Proof-of-View mining",
        amount: 2_020_275_000n * T,
        minter: "ProofOfView",
      },
    ]);
    expect(p.tranches.map((t) => [t.id, t.amount / T])).to.deep.equal([
      ["tokenSale", 1_000_000_000n],
      ["foundingTeam", 1_000_000_000n],
      ["developmentFund", 500_000_000n],
      ["mentors", 350_000_000n],
      ["bounty", 100_000_000n],
      ["bonus", 50_000_000n],
    ]);
    expect(p.notes.join(" ")).to.contain("proportions of the pre-mine");
  });
});

describe("presets: validation", function () {
  it("assigns rounding dust to the named tranche", function () {
    // 1000 tokens in thirds: 333.333... each, 1 wei of dust goes to "b".
    const raw = { ...base(), dustTranche: "b" };
    const p = validatePreset(raw, "sample");
    const third = (1000n * T) / 3n;
    expect(p.dust).to.equal(1000n * T - 3n * third);
    expect(p.dust).to.equal(1n);
    expect(p.tranches.map((t) => t.amount)).to.deep.equal([third, third + 1n, third]);
    expect(p.tranches[1].dust).to.equal(1n);
    expect(p.genesisSupply).to.equal(1000n * T);
  });

  it("refuses shares that do not add up to 100 %", function () {
    const raw = base();
    (raw.tranches as { share: number }[])[2].share = 2;
    expectInvalid(raw, "tranches", "shares add up to 4 but shareDenominator is 3");
  });

  it("refuses non-integer and negative shares", function () {
    for (const bad of [1.5, -1, 0, "1"]) {
      const raw = base();
      (raw.tranches as { share: unknown }[])[0].share = bad;
      expectInvalid(raw, "tranches[0].share", "positive integer");
    }
  });

  it("refuses amounts that are not whole tokens written as digits", function () {
    for (const bad of ["1.5", "1e9", "-5", 1000, "01", ""]) {
      expectInvalid({ ...base(), cap: bad }, "cap", "whole number of tokens");
    }
  });

  it("refuses a zero cap", function () {
    expectInvalid({ ...base(), cap: "0" }, "cap", "must be above 0");
  });

  it("refuses a cap that is not base + emissions", function () {
    expectInvalid(
      { ...base(), cap: "1001", fixedSupply: false },
      "cap",
      "must equal allocationBase + emissions",
    );
  });

  it("refuses an unknown dust tranche", function () {
    expectInvalid({ ...base(), dustTranche: "zzz" }, "dustTranche", '"zzz" is not a tranche id');
  });

  it("refuses duplicate tranche ids", function () {
    const raw = base();
    (raw.tranches as { id: string }[])[1].id = "a";
    expectInvalid(raw, "tranches[1].id", 'duplicate tranche id "a"');
  });

  it("refuses a wrong fixedSupply flag either way", function () {
    expectInvalid({ ...base(), fixedSupply: false }, "fixedSupply", "genesis fills the cap");
    const withReserve = base();
    (withReserve.tranches as Record<string, unknown>[])[0].reserve = {
      amount: "10",
      minter: "UploadMiner",
      label: "r",
    };
    expectInvalid(withReserve, "fixedSupply", "leaves room below the cap");
  });

  it("refuses a reserve larger than its tranche", function () {
    const raw: Record<string, unknown> = { ...base(), fixedSupply: false };
    (raw.tranches as Record<string, unknown>[])[0].reserve = {
      amount: "334",
      minter: "UploadMiner",
      label: "r",
    };
    expectInvalid(raw, "tranches[0].reserve.amount", "is more than the tranche");
  });

  it("refuses bad vesting specs", function () {
    const cases: [unknown, string, string][] = [
      [{ kind: "cliffy" }, "tranches[0].vesting.kind", "unknown kind"],
      [{ kind: "lock", months: 0 }, "tranches[0].vesting.months", "integer number of months"],
      [
        { kind: "linear", months: 6, cliffMonths: 7 },
        "tranches[0].vesting.cliffMonths",
        "longer than the vesting",
      ],
      [
        { kind: "step", cliffMonths: 6, initialBps: 12_000, stepBps: 1000, stepMonths: 1 },
        "tranches[0].vesting.initialBps",
        "basis points",
      ],
      [
        { kind: "step", cliffMonths: 6, initialBps: 5000, stepBps: 0, stepMonths: 1 },
        "tranches[0].vesting.stepBps",
        "basis points",
      ],
    ];
    for (const [vesting, path, fragment] of cases) {
      const raw = base();
      (raw.tranches as Record<string, unknown>[])[0].vesting = vesting;
      expectInvalid(raw, path, fragment);
    }
  });

  it("refuses a name that differs from the file and a missing token symbol", function () {
    expectInvalid({ ...base(), name: "other" }, "name", "make them equal");
    expectInvalid({ ...base(), token: { name: "Sample" } }, "token.symbol", "non-empty string");
  });

  it("names the presets on an unknown preset", function () {
    expect(() => loadPreset("nope")).to.throw(
      PresetValidationError,
      /choose one of chainflix, imageone, imira, livevideo/,
    );
  });
});

describe("presets: schedules and arguments", function () {
  it("maps vesting specs to wallet parameters", function () {
    expect(walletSchedule({ kind: "lock", months: 24 })).to.deep.equal({
      contract: "AuteurVestingWallet",
      durationSeconds: 24n * MONTH_SECONDS,
      cliffSeconds: 24n * MONTH_SECONDS,
    });
    const step = walletSchedule({
      kind: "step",
      cliffMonths: 6,
      initialBps: 5000,
      stepBps: 1000,
      stepMonths: 1,
    });
    expect(step.durationSeconds).to.equal(11n * MONTH_SECONDS);
    expect(MONTH_SECONDS).to.equal(2_592_000n);
  });

  it("computes the promised vested amounts", function () {
    const spec = {
      kind: "step",
      cliffMonths: 6,
      initialBps: 5000,
      stepBps: 1000,
      stepMonths: 1,
    } as const;
    expect(vestedAfter(1000n, spec, 6n * MONTH_SECONDS - 1n)).to.equal(0n);
    expect(vestedAfter(1000n, spec, 6n * MONTH_SECONDS)).to.equal(500n);
    expect(vestedAfter(1000n, spec, 8n * MONTH_SECONDS + 5n)).to.equal(700n);
    expect(vestedAfter(1000n, spec, 11n * MONTH_SECONDS)).to.equal(1000n);
    expect(
      vestedAfter(1000n, { kind: "linear", months: 10, cliffMonths: 0 }, 5n * MONTH_SECONDS),
    ).to.equal(500n);
    expect(vestedAfter(1000n, undefined, 0n)).to.equal(1000n);
    expect(describeVesting(spec)).to.equal(
      "50 % at month 6, then 10 % every month (100 % at month 11)",
    );
  });

  it("reads the preset from --preset, --preset= or AUTEUR_PRESET", function () {
    expect(presetFromArgs(["node", "demo.ts", "--preset", "imira"], {})).to.equal("imira");
    expect(presetFromArgs(["node", "demo.ts", "--preset=livevideo"], {})).to.equal("livevideo");
    expect(presetFromArgs(["node", "demo.ts"], { AUTEUR_PRESET: "imageone" })).to.equal("imageone");
    expect(presetFromArgs(["node", "demo.ts"], {})).to.equal("chainflix");
    expect(() => presetFromArgs(["node", "demo.ts", "--preset"], {})).to.throw(/needs a name/);
  });

  it("formats wei as tokens", function () {
    expect(fmt(5_020_275_000n * T)).to.equal("5,020,275,000");
    expect(fmt(T / 4n + 7n * T)).to.equal("7.25");
  });
});
