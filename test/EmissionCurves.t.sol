// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {EmissionCurves} from "../contracts/mining/EmissionCurves.sol";
import {EmissionCurvesHarness} from "./harness/EmissionCurvesHarness.sol";
import {Test} from "./utils/Test.sol";

contract EmissionCurvesTest is Test {
    uint256 internal constant WAD = 1e18;
    uint256 internal constant IMAGEONE_CAP = 525_000_000e18;
    uint256 internal constant YEAR = 730_000; // epochs of 43.2 s: 730,000 * 43.2 = 31,536,000 s = 365 days
    EmissionCurvesHarness internal curves;

    function setUp() public {
        curves = new EmissionCurvesHarness();
    }

    // ------------------------------------------------------------------ constants

    function test_constants_ln2() public view {
        assertEq(curves.ln36(2e36), EmissionCurves.LN2_36, "ln36(2) is LN2_36");
        assertEq(curves.ln36(1e36), 0, "ln36(1) = 0");
        assertEq((YEAR * 432) / 10, 365 days, "a year of 43.2 s epochs");
    }

    // ------------------------------------------------------------------ Halving (chainflix)

    function test_halving_chainflixYearOneAndTwo() public view {
        assertEq(curves.halvingCumulative(135e18, YEAR, 1, YEAR), 98_550_000e18, "year 1");
        assertEq(curves.halvingEmission(135e18, YEAR, 1, YEAR, 2 * YEAR - 1), 49_275_000e18, "year 2");
        assertEq(curves.halvingRate(135e18, YEAR, 1, YEAR - 1), 135e18, "last epoch before the halving");
        assertEq(curves.halvingRate(135e18, YEAR, 1, YEAR), 67.5e18, "first epoch after the halving");
    }

    function test_halving_chainflixFortyYearsWithPremine() public view {
        uint256 total = 3_000_000_000e18 + curves.halvingCumulative(135e18, YEAR, 1, 40 * YEAR);
        assertEq(total, 5_020_275_000e18, "40-year total supply");
    }

    function test_fuzz_halving_cumulativeIsSumOfRates(uint256 epoch, uint256 r0, uint256 h, uint256 n) public view {
        r0 = bound(r0, 0, 1e30);
        h = bound(h, 1, 1e6);
        n = bound(n, 0, 64);
        epoch = bound(epoch, 0, 100 * h);
        uint256 step = curves.halvingCumulative(r0, h, n, epoch + 1) - curves.halvingCumulative(r0, h, n, epoch);
        assertEq(step, curves.halvingRate(r0, h, n, epoch), "cumulative step = rate");
        assertLe(curves.halvingCumulative(r0, h, n, epoch), r0 * epoch, "never above r0 per epoch");
    }

    function test_halving_revertsOnBadParameters() public {
        vm.expectRevert(
            abi.encodeWithSelector(EmissionCurves.EmissionCurvesInvalidParameter.selector, "halvingEpochs", 0)
        );
        curves.halvingRate(1, 0, 1, 0);
        vm.expectRevert(
            abi.encodeWithSelector(EmissionCurves.EmissionCurvesInvalidParameter.selector, "maxHalvings", 256)
        );
        curves.halvingCumulative(1, 1, 256, 0);
        vm.expectRevert(abi.encodeWithSelector(EmissionCurves.EmissionCurvesInvalidParameter.selector, "fromEpoch", 5));
        curves.halvingEmission(1, 1, 1, 5, 4);
        // 0 halvings = constant emission, any period
        assertEq(curves.halvingCumulative(7, 0, 0, 10), 70, "constant schedule");
    }

    // ------------------------------------------------------------------ PowerDecay

    /// @dev Golden values from the TypeScript twin (sdk/src/pov/curves.ts), which tests bound within one wei of
    /// a 60-decimal reference; the contract must return exactly the same integers.
    function test_powerDecay_matchesTwinAtImageonePoints() public view {
        uint256 c = 100e18;
        assertEq(curves.powerDecay(c, 5e18, IMAGEONE_CAP, 0), c, "g = 0");
        assertEq(curves.powerDecay(c, 5e18, IMAGEONE_CAP, 1), 99999999999999999999, "g = 1 wei");
        assertEq(curves.powerDecay(c, 5e18, IMAGEONE_CAP, 1_000_000e18), 99693326566819164693, "g = 1M");
        assertEq(curves.powerDecay(c, 5e18, IMAGEONE_CAP, 100_000_000e18), 68475698265392570038, "g = 100M");
        assertEq(curves.powerDecay(c, 5e18, IMAGEONE_CAP, 400_000_000e18), 579823730942156425, "g = 400M");
        assertEq(curves.powerDecay(c, 5e18, IMAGEONE_CAP, 524_000_000e18), 0, "g = 524M");
        assertEq(curves.powerDecay(c, 5e18, IMAGEONE_CAP, IMAGEONE_CAP), 0, "g = S");
        // g = S/2: exponent -1, rate = c / 5 within one wei
        uint256 half = curves.powerDecay(c, 5e18, IMAGEONE_CAP, IMAGEONE_CAP / 2);
        assertLe(20e18 - half, 1, "c / k at g = S / 2");
    }

    function test_fuzz_powerDecay_monotoneAndBounded(uint256 g1, uint256 g2, uint256 c) public view {
        c = bound(c, 0, 1e30);
        g1 = bound(g1, 0, IMAGEONE_CAP + 10);
        g2 = bound(g2, g1, IMAGEONE_CAP + 10);
        uint256 r1 = curves.powerDecay(c, 5e18, IMAGEONE_CAP, g1);
        uint256 r2 = curves.powerDecay(c, 5e18, IMAGEONE_CAP, g2);
        assertLe(r1, c, "never above c");
        assertLe(r2, r1, "never increases with g");
        // never above the linear-in-exponent bound c * e^{-ln5 * g/S} >= rate; cheap sanity: below linear at S/2
        if (g1 >= IMAGEONE_CAP / 2) assertLe(r1, c / 5 + 1, "at most c/k from S/2 on");
    }

    function test_powerDecay_revertsOnBadParameters() public {
        vm.expectRevert(abi.encodeWithSelector(EmissionCurves.EmissionCurvesInvalidParameter.selector, "k", 1e18));
        curves.powerDecay(1, 1e18, 10, 1);
        vm.expectRevert(abi.encodeWithSelector(EmissionCurves.EmissionCurvesInvalidParameter.selector, "supply", 0));
        curves.powerDecay(1, 5e18, 0, 0);
        vm.expectRevert(
            abi.encodeWithSelector(EmissionCurves.EmissionCurvesInvalidParameter.selector, "ln argument", 1e36 - 1)
        );
        curves.ln36(1e36 - 1);
    }

    function test_expNeg36_ends() public view {
        assertEq(curves.expNeg36(0), 1e36, "e^0");
        assertEq(curves.expNeg36(120 * EmissionCurves.LN2_36), 0, "below 1e-36");
        assertEq(curves.expNeg36(EmissionCurves.LN2_36), 0.5e36, "e^-ln2 = 1/2 exactly at 36 decimals");
    }

    // ------------------------------------------------------------------ LinearRemaining

    function test_fuzz_linearRemaining(uint256 c, uint256 g) public view {
        c = bound(c, 0, 1e30);
        g = bound(g, 0, IMAGEONE_CAP + 10);
        uint256 rate = curves.linearRemaining(c, IMAGEONE_CAP, g);
        uint256 expected = g >= IMAGEONE_CAP ? 0 : (c * (IMAGEONE_CAP - g)) / IMAGEONE_CAP;
        assertEq(rate, expected, "c * (S - g) / S");
    }

    function test_linearRemaining_ends() public {
        assertEq(curves.linearRemaining(100e18, IMAGEONE_CAP, 0), 100e18, "g = 0");
        assertEq(curves.linearRemaining(100e18, IMAGEONE_CAP, IMAGEONE_CAP / 2), 50e18, "g = S / 2");
        assertEq(curves.linearRemaining(100e18, IMAGEONE_CAP, IMAGEONE_CAP - 1), 0, "g = S - 1 wei");
        assertEq(curves.linearRemaining(100e18, IMAGEONE_CAP, IMAGEONE_CAP), 0, "g = S");
        vm.expectRevert(abi.encodeWithSelector(EmissionCurves.EmissionCurvesInvalidParameter.selector, "supply", 0));
        curves.linearRemaining(1, 0, 0);
    }

    // ------------------------------------------------------------------ RisingCost

    function test_risingCost_example() public view {
        // from 1000 points at p0 = 2 and slope 0.001: 10 points cost 20 + 0.001 * (2*1000*10 + 100) / 2 = 30.05
        assertEq(curves.risingCost(2e18, 1e15, 1000e18, 10e18), 30.05e18, "integral");
        assertEq(curves.risingPrice(2e18, 1e15, 1000e18), 3e18, "price after 1000 points");
    }

    function test_fuzz_risingCost_splittingNeverCheaper(uint256 m, uint256 a, uint256 b) public view {
        m = bound(m, 0, 1e27);
        a = bound(a, 0, 1e27);
        b = bound(b, 0, 1e27);
        uint256 whole = curves.risingCost(2e18, 1e15, m, a + b);
        uint256 parts = curves.risingCost(2e18, 1e15, m, a) + curves.risingCost(2e18, 1e15, m + a, b);
        assertGe(parts, whole, "rounding up never undercharges a split purchase");
        assertLe(parts - whole, 2, "at most the two extra roundings");
        assertGe(curves.risingCost(2e18, 1e15, m + 1, a), curves.risingCost(2e18, 1e15, m, a), "rises with supply");
    }
}
