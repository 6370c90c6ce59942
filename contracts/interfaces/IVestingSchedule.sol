// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @title IVestingSchedule
 * @notice What Auteur's vesting wallets add to OpenZeppelin's `VestingWallet`: the constructor
 * announces the schedule in {VestingScheduleCreated} (so an indexer knows it without reading the
 * contract), the beneficiary can vote with tokens that are still locked (by delegating the
 * wallet's votes), and the step schedule validates its parameters with typed errors.
 */
interface IVestingSchedule {
    /// @notice The shape of a schedule.
    enum VestingKind {
        /// Linear from `start` to `start + duration`, nothing before the cliff (a lock is a
        /// cliff as long as the duration): `AuteurVestingWallet`.
        Linear,
        /// `initialBps` at the cliff, then `stepBps` every `stepSeconds`: `AuteurStepVestingWallet`.
        Step
    }

    /**
     * @notice A step schedule whose parameters cannot reach 100 %: `initialBps` above 10,000, or a
     * remainder with a zero `stepBps` or a zero `stepSeconds`.
     */
    error AuteurStepVestingWalletInvalidSchedule(
        uint256 initialBps,
        uint256 stepBps,
        uint256 stepSeconds
    );

    /**
     * @notice Emitted once, by the constructor: the wallet's beneficiary and schedule. The fields a
     * kind does not use are 0 (`initialBps`, `stepBps` and `stepSeconds` of a Linear schedule).
     * @param beneficiary the first owner, who receives every release
     * @param kind Linear or Step
     * @param start unix seconds when the schedule starts (`start()`)
     * @param duration seconds from `start` to the last unlock (`duration()`, `end() - start()`)
     * @param cliffSeconds seconds from `start` to the first unlock (`cliff() - start()`)
     * @param initialBps Step: share unlocked at the cliff, in basis points
     * @param stepBps Step: share unlocked at the end of each later step, in basis points
     * @param stepSeconds Step: seconds between two steps
     */
    event VestingScheduleCreated(
        address indexed beneficiary,
        VestingKind kind,
        uint64 start,
        uint64 duration,
        uint64 cliffSeconds,
        uint16 initialBps,
        uint16 stepBps,
        uint64 stepSeconds
    );

    /**
     * @notice The wallet delegated the votes of its `token` balance.
     * @param token the ERC-5805 token (normally AuteurToken)
     * @param delegatee the account that now votes with the wallet's balance
     */
    event VestingVotesDelegated(address indexed token, address indexed delegatee);

    /**
     * @notice Delegates the votes of the wallet's `token` balance to `delegatee`. Only the
     * beneficiary (owner).
     */
    function delegate(address token, address delegatee) external;
}
