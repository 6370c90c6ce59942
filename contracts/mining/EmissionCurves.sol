// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/**
 * @title EmissionCurves
 * @notice Pure emission curves of the protocol, in 18-decimal fixed point (WAD = 1e18):
 *
 * - `LinearRemaining`: rate(g) = c * (S - g) / S, 0 from g >= S.
 * - `PowerDecay`:      rate(g) = c * k^(-g / (S - g)), 0 from g >= S (k > 1, 5 by default).
 *   Same value as the equivalent form c * (1/k)^(S / (S - g)) * k.
 * - `Halving`:         R0 per epoch, halved every H epochs, at most N times, then constant.
 * - `RisingCost`:      the price of one point is p0 + slope * minted; the cost of `a` points from
 *   `m` already minted is the integral p0 * a + slope * (2 * m * a + a^2) / 2, rounded up.
 *
 * `c`, `S`, `g`, `R0`, amounts and prices are token base units (wei); `k`, `p0` and `slope` are WAD.
 *
 * Precision of `PowerDecay`: the exponent y = ln(k) * g / (S - g) and e^(-y) are computed at
 * 36 decimals (1e36 scale): ln(k) by range reduction to [1, 2) and the atanh series
 * (error < 1e-34), e^(-y) by reduction modulo ln 2 and the Taylor series of e^r on [0, ln 2)
 * (relative error < 1e-33). For `c <= 1e30` (a trillion tokens) the returned rate differs from the
 * exact real value by less than 1 wei plus 1e-30 relative, i.e. it is the exact value rounded down
 * or one wei below it; for rates of at least 1e12 wei that is a relative error below 1e-12.
 * The TypeScript twin (sdk/src/pov/curves.ts) runs the same integer algorithm and gives
 * identical results; tests compare both with a 60-decimal reference.
 */
library EmissionCurves {
    /// @notice A curve parameter is outside its domain (`which` names it, `value` is the given value).
    error EmissionCurvesInvalidParameter(string which, uint256 value);

    /// @dev 1.0 in the 18-decimal fixed point of the public interface.
    uint256 internal constant WAD = 1e18;
    /// @dev 1.0 in the internal 36-decimal fixed point.
    uint256 internal constant ONE36 = 1e36;
    /// @dev ln(2) * 1e36, truncated: 0.693147180559945309417232121458176568|0755... (asserted in tests).
    uint256 internal constant LN2_36 = 693147180559945309417232121458176568;
    /// @dev Most halvings a schedule may declare (a right shift of 255 already yields 0 for any R0 < 2^255).
    uint256 internal constant MAX_HALVINGS = 255;

    // ------------------------------------------------------------------ LinearRemaining

    /**
     * @notice rate = c * (S - g) / S, rounded down; 0 once `generated >= supply`.
     * @dev Requirements: `supply > 0`.
     */
    function linearRemaining(uint256 c, uint256 supply, uint256 generated) internal pure returns (uint256) {
        if (supply == 0) revert EmissionCurvesInvalidParameter("supply", supply);
        if (generated >= supply) return 0;
        // cannot underflow: generated < supply
        unchecked {
            return Math.mulDiv(c, supply - generated, supply);
        }
    }

    // ------------------------------------------------------------------ PowerDecay

    /**
     * @notice rate = c * k^(-g / (S - g)), rounded down (see the precision note above); `c` at g = 0,
     * 0 once `generated >= supply`.
     * @dev Requirements: `supply > 0`, `kWad > 1e18` (k > 1).
     */
    function powerDecay(uint256 c, uint256 kWad, uint256 supply, uint256 generated) internal pure returns (uint256) {
        if (supply == 0) revert EmissionCurvesInvalidParameter("supply", supply);
        if (kWad <= WAD) revert EmissionCurvesInvalidParameter("k", kWad);
        if (generated >= supply) return 0;
        if (generated == 0) return c;
        uint256 lnK = ln36(kWad * 1e18);
        // y = ln(k) * g / (S - g) at 1e36; cannot underflow: generated < supply
        uint256 y;
        unchecked {
            y = Math.mulDiv(lnK, generated, supply - generated);
        }
        return Math.mulDiv(c, expNeg36(y), ONE36);
    }

    /**
     * @notice Natural logarithm at 36 decimals: ln(x / 1e36) * 1e36, rounded down within 1e-34.
     * @dev Requirements: `x36 >= 1e36` (results are non-negative). Range reduction x = 2^n * m with
     * m in [1, 2), then ln(m) = 2 * atanh(z), z = (m - 1) / (m + 1) <= 1/3, summing
     * z^(2i+1) / (2i+1) until the term vanishes at 1e-36 (at most 38 terms).
     */
    function ln36(uint256 x36) internal pure returns (uint256) {
        if (x36 < ONE36) revert EmissionCurvesInvalidParameter("ln argument", x36);
        uint256 n = Math.log2(x36 / ONE36);
        uint256 m = x36 >> n;
        // cannot overflow: m < 2e36, so every product below stays under 4e72 < 2^256;
        // n <= 136 so n * LN2_36 < 1e39
        unchecked {
            uint256 z = ((m - ONE36) * ONE36) / (m + ONE36);
            uint256 z2 = (z * z) / ONE36;
            uint256 term = z;
            uint256 sum = z;
            for (uint256 i = 3; term != 0; i += 2) {
                term = (term * z2) / ONE36;
                sum += term / i;
            }
            return n * LN2_36 + 2 * sum;
        }
    }

    /**
     * @notice e^(-y) at 36 decimals for `y36 = y * 1e36`, rounded down within 1e-33 relative.
     * @dev y = n * ln 2 + r with r in [0, ln 2); e^(-y) = 2^-n / e^r, e^r summed by its Taylor
     * series until the term vanishes at 1e-36 (at most 33 terms). 0 from n >= 120 (below 1e-36).
     */
    function expNeg36(uint256 y36) internal pure returns (uint256) {
        uint256 n = y36 / LN2_36;
        if (n >= 120) return 0;
        // cannot overflow: r < ln 2 < 1e36, term <= 1e36, so term * r < 1e72 < 2^256
        unchecked {
            uint256 r = y36 - n * LN2_36;
            uint256 term = ONE36;
            uint256 sum = ONE36;
            for (uint256 i = 1; term != 0; ++i) {
                term = (term * r) / (ONE36 * i);
                sum += term;
            }
            return ((ONE36 * ONE36) / sum) >> n;
        }
    }

    // ------------------------------------------------------------------ Halving

    /**
     * @notice Emission of epoch `epoch`: `r0 >> min(epoch / halvingEpochs, maxHalvings)`.
     * @dev Requirements: `halvingEpochs > 0` unless `maxHalvings == 0`; `maxHalvings <= 255`.
     */
    function halvingRate(
        uint256 r0,
        uint256 halvingEpochs,
        uint256 maxHalvings,
        uint256 epoch
    ) internal pure returns (uint256) {
        _checkHalving(halvingEpochs, maxHalvings);
        if (maxHalvings == 0) return r0;
        uint256 halvings = epoch / halvingEpochs;
        return r0 >> (halvings < maxHalvings ? halvings : maxHalvings);
    }

    /**
     * @notice Total emission of epochs `[0, epochs)`.
     * @dev One term per halving period (at most 256), then the constant tail. Reverts on overflow.
     */
    function halvingCumulative(
        uint256 r0,
        uint256 halvingEpochs,
        uint256 maxHalvings,
        uint256 epochs
    ) internal pure returns (uint256 total) {
        _checkHalving(halvingEpochs, maxHalvings);
        uint256 start;
        for (uint256 i; i < maxHalvings; ++i) {
            if (epochs <= start) return total;
            uint256 span = epochs - start;
            if (span > halvingEpochs) span = halvingEpochs;
            total += span * (r0 >> i);
            start += halvingEpochs;
        }
        if (epochs > start) total += (epochs - start) * (r0 >> maxHalvings);
    }

    /**
     * @notice Total emission of epochs `[fromEpoch, toEpoch]` (both included).
     * @dev Requirements: `fromEpoch <= toEpoch`.
     */
    function halvingEmission(
        uint256 r0,
        uint256 halvingEpochs,
        uint256 maxHalvings,
        uint256 fromEpoch,
        uint256 toEpoch
    ) internal pure returns (uint256) {
        if (fromEpoch > toEpoch) revert EmissionCurvesInvalidParameter("fromEpoch", fromEpoch);
        return
            halvingCumulative(r0, halvingEpochs, maxHalvings, toEpoch + 1) -
            halvingCumulative(r0, halvingEpochs, maxHalvings, fromEpoch);
    }

    // ------------------------------------------------------------------ RisingCost

    /**
     * @notice Price of the next point (WAD = one whole point) after `minted` points:
     * p0 + slope * minted, rounded up.
     */
    function risingPrice(uint256 p0Wad, uint256 slopeWad, uint256 minted) internal pure returns (uint256) {
        return p0Wad + Math.mulDiv(slopeWad, minted, WAD, Math.Rounding.Ceil);
    }

    /**
     * @notice Cost, in payment base units, of minting `amount` points when `minted` exist:
     * the integral of the price from `minted` to `minted + amount`, rounded up (never undercharges):
     * p0 * a / 1e18 + slope * (2 * m * a + a^2) / (2 * 1e36).
     */
    function risingCost(
        uint256 p0Wad,
        uint256 slopeWad,
        uint256 minted,
        uint256 amount
    ) internal pure returns (uint256) {
        uint256 area = amount * (2 * minted + amount);
        return
            Math.mulDiv(p0Wad, amount, WAD, Math.Rounding.Ceil) +
            Math.mulDiv(slopeWad, area, 2 * WAD * WAD, Math.Rounding.Ceil);
    }

    // ------------------------------------------------------------------ private

    function _checkHalving(uint256 halvingEpochs, uint256 maxHalvings) private pure {
        if (maxHalvings > MAX_HALVINGS) revert EmissionCurvesInvalidParameter("maxHalvings", maxHalvings);
        if (maxHalvings != 0 && halvingEpochs == 0) {
            revert EmissionCurvesInvalidParameter("halvingEpochs", halvingEpochs);
        }
    }
}
