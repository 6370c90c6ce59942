// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {VestingWallet} from "@openzeppelin/contracts/finance/VestingWallet.sol";
import {IVestingSchedule} from "../interfaces/IVestingSchedule.sol";

/**
 * @title AuteurStepVestingWallet
 * @notice Step vesting: nothing before the cliff, `initialBps` of the allocation at
 * `start + cliffSeconds`, then `stepBps` more at the end of every `stepSeconds` until 100 %
 * (the last step is capped). Example (cornerstone / private sale of the imageone preset): cliff
 * 6 x 30 days, initial 5,000 bps, step 1,000 bps every 30 days: 50 % at month 6, 60 % at month 7,
 * ..., 100 % at month 11.
 *
 * `duration()` is `cliffSeconds + steps * stepSeconds` with `steps = ceil((10,000 - initialBps) /
 * stepBps)`, so {end} is the moment the last step unlocks.
 */
contract AuteurStepVestingWallet is IVestingSchedule, VestingWallet {
    /// @dev 100 % in basis points.
    uint256 private constant _BPS = 10_000;

    uint64 private immutable _CLIFF_SECONDS;
    uint64 private immutable _STEP_SECONDS;
    uint16 private immutable _INITIAL_BPS;
    uint16 private immutable _STEP_BPS;

    /**
     * @dev Requirements: `initialBps_ <= 10,000`; if `initialBps_ < 10,000` then `stepBps_ > 0` and
     * `stepSeconds_ > 0` (else {AuteurStepVestingWalletInvalidSchedule}); `beneficiary` is not the
     * zero address.
     *
     * Emits `OwnershipTransferred(0, beneficiary)`, then {VestingScheduleCreated} (Step, with the
     * computed duration).
     */
    constructor(
        address beneficiary,
        uint64 startTimestamp,
        uint64 cliffSeconds,
        uint16 initialBps_,
        uint16 stepBps_,
        uint64 stepSeconds_
    )
        VestingWallet(
            beneficiary,
            startTimestamp,
            _scheduleDuration(cliffSeconds, initialBps_, stepBps_, stepSeconds_)
        )
    {
        _CLIFF_SECONDS = cliffSeconds;
        _INITIAL_BPS = initialBps_;
        _STEP_BPS = stepBps_;
        _STEP_SECONDS = stepSeconds_;
        emit VestingScheduleCreated(
            beneficiary,
            VestingKind.Step,
            startTimestamp,
            // Fits: `_scheduleDuration` returned it as a uint64 to the VestingWallet constructor.
            uint64(duration()),
            cliffSeconds,
            initialBps_,
            stepBps_,
            stepSeconds_
        );
    }

    /**
     * @inheritdoc IVestingSchedule
     * @dev Requirements: the caller is the owner. Emits {VestingVotesDelegated}.
     */
    function delegate(address token, address delegatee) external onlyOwner {
        IVotes(token).delegate(delegatee);
        emit VestingVotesDelegated(token, delegatee);
    }

    /// @notice Timestamp of the first unlock (`start + cliffSeconds`).
    function cliff() public view returns (uint256) {
        return start() + _CLIFF_SECONDS;
    }

    /// @notice Share unlocked at the cliff, in basis points.
    function initialBps() public view returns (uint256) {
        return _INITIAL_BPS;
    }

    /// @notice Share unlocked at each later step, in basis points.
    function stepBps() public view returns (uint256) {
        return _STEP_BPS;
    }

    /// @notice Seconds between two steps after the cliff.
    function stepSeconds() public view returns (uint256) {
        return _STEP_SECONDS;
    }

    /**
     * @dev Step formula: 0 before the cliff, everything from {end}, otherwise
     * `totalAllocation * (initialBps + k * stepBps) / 10,000` where `k` counts the steps completed
     * since the cliff (always below 10,000 bps before {end}).
     */
    function _vestingSchedule(
        uint256 totalAllocation,
        uint64 timestamp
    ) internal view override returns (uint256) {
        uint256 firstUnlock = cliff();
        if (timestamp < firstUnlock) return 0;
        if (timestamp >= end()) return totalAllocation;
        // Here `firstUnlock <= timestamp < end`, so a remainder exists and _STEP_SECONDS > 0.
        // `steps < ceil(remainder / stepBps)` before `end`, so `steps * stepBps < remainder` and
        // `bps < 10,000`: the last (possibly partial) step is reached only at `end`, above.
        uint256 steps = (timestamp - firstUnlock) / _STEP_SECONDS;
        uint256 bps = _INITIAL_BPS + steps * _STEP_BPS;
        return (totalAllocation * bps) / _BPS;
    }

    /// @dev Validates the parameters and returns the schedule's total duration (see the title).
    function _scheduleDuration(
        uint64 cliffSeconds,
        uint16 initialBps_,
        uint16 stepBps_,
        uint64 stepSeconds_
    ) private pure returns (uint64) {
        if (initialBps_ > _BPS || (initialBps_ < _BPS && (stepBps_ == 0 || stepSeconds_ == 0))) {
            revert AuteurStepVestingWalletInvalidSchedule(initialBps_, stepBps_, stepSeconds_);
        }
        uint256 remainder = _BPS - initialBps_;
        // Cannot divide by zero: stepBps_ > 0 whenever remainder > 0 (checked above).
        uint256 steps = remainder == 0 ? 0 : (remainder + stepBps_ - 1) / stepBps_;
        return cliffSeconds + uint64(steps) * stepSeconds_;
    }
}
