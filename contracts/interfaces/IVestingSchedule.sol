// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @title IVestingSchedule
 * @notice What Auteur's vesting wallets add to OpenZeppelin's `VestingWallet`: the beneficiary can
 * vote with tokens that are still locked (by delegating the wallet's votes), and the step schedule
 * validates its parameters with typed errors.
 */
interface IVestingSchedule {
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
