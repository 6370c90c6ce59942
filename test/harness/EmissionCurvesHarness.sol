// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {EmissionCurves} from "../../contracts/mining/EmissionCurves.sol";

/// @dev Exposes the internal library functions for tests and gas measurement.
contract EmissionCurvesHarness {
    function linearRemaining(uint256 c, uint256 supply, uint256 generated) external pure returns (uint256) {
        return EmissionCurves.linearRemaining(c, supply, generated);
    }

    function powerDecay(uint256 c, uint256 kWad, uint256 supply, uint256 generated) external pure returns (uint256) {
        return EmissionCurves.powerDecay(c, kWad, supply, generated);
    }

    function ln36(uint256 x36) external pure returns (uint256) {
        return EmissionCurves.ln36(x36);
    }

    function expNeg36(uint256 y36) external pure returns (uint256) {
        return EmissionCurves.expNeg36(y36);
    }

    function halvingRate(uint256 r0, uint256 h, uint256 n, uint256 epoch) external pure returns (uint256) {
        return EmissionCurves.halvingRate(r0, h, n, epoch);
    }

    function halvingCumulative(uint256 r0, uint256 h, uint256 n, uint256 epochs) external pure returns (uint256) {
        return EmissionCurves.halvingCumulative(r0, h, n, epochs);
    }

    function halvingEmission(
        uint256 r0,
        uint256 h,
        uint256 n,
        uint256 fromEpoch,
        uint256 toEpoch
    ) external pure returns (uint256) {
        return EmissionCurves.halvingEmission(r0, h, n, fromEpoch, toEpoch);
    }

    function risingPrice(uint256 p0, uint256 slope, uint256 minted) external pure returns (uint256) {
        return EmissionCurves.risingPrice(p0, slope, minted);
    }

    function risingCost(uint256 p0, uint256 slope, uint256 minted, uint256 amount) external pure returns (uint256) {
        return EmissionCurves.risingCost(p0, slope, minted, amount);
    }

    /// @dev Gas of one PowerDecay evaluation, for the benchmark.
    function powerDecayGas(uint256 c, uint256 kWad, uint256 supply, uint256 generated) external view returns (uint256) {
        uint256 before = gasleft();
        EmissionCurves.powerDecay(c, kWad, supply, generated);
        return before - gasleft();
    }
}
