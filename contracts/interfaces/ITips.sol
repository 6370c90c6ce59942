// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @title ITips
 * @notice Tips in AuteurToken to a work's owner or straight to an account (a live streamer).
 * Tips to a work route the owner's donation share (set in the CopyrightRegistry) to the NGO.
 */
interface ITips {
    /// @notice A zero amount or zero recipient.
    error TipsInvalidTip(address recipient, uint256 amount);
    /// @notice The work is suspended or unknown.
    error TipsWorkNotActive(uint256 workId);

    /**
     * @notice A tip was paid. `workId` is 0 for a tip to an account.
     * @param amount what the tipper paid; `recipientAmount + donationAmount == amount`
     */
    event Tipped(
        address indexed from,
        address indexed recipient,
        uint256 indexed workId,
        uint256 amount,
        uint256 recipientAmount,
        address ngo,
        uint256 donationAmount,
        bytes32 messageHash
    );
}
