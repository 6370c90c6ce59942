// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {VestingWallet} from "@openzeppelin/contracts/finance/VestingWallet.sol";
import {VestingWalletCliff} from "@openzeppelin/contracts/finance/VestingWalletCliff.sol";
import {IVestingSchedule} from "../interfaces/IVestingSchedule.sol";

/**
 * @title AuteurVestingWallet
 * @notice Linear vesting with an optional cliff, for genesis tranches: nothing before
 * `start + cliffSeconds`, then linear from `start` to `start + durationSeconds` (the part accrued
 * during the cliff unlocks at the cliff). A lock ("team: 2-year lock") is `cliffSeconds ==
 * durationSeconds`: everything unlocks at once at the end.
 */
contract AuteurVestingWallet is IVestingSchedule, VestingWalletCliff {
    /**
     * @dev Requirements: `cliffSeconds <= durationSeconds` (else `InvalidCliffDuration`),
     * `beneficiary` is not the zero address (else `OwnableInvalidOwner`).
     *
     * Emits `OwnershipTransferred(0, beneficiary)`, then {VestingScheduleCreated} (Linear, no
     * step fields).
     */
    constructor(
        address beneficiary,
        uint64 startTimestamp,
        uint64 durationSeconds,
        uint64 cliffSeconds
    ) VestingWallet(beneficiary, startTimestamp, durationSeconds) VestingWalletCliff(cliffSeconds) {
        emit VestingScheduleCreated(
            beneficiary,
            VestingKind.Linear,
            startTimestamp,
            durationSeconds,
            cliffSeconds,
            0,
            0,
            0
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
}
