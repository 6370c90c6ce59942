// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ICopyrightRegistry} from "../interfaces/ICopyrightRegistry.sol";
import {ITips} from "../interfaces/ITips.sol";

/**
 * @title Tips
 * @notice Tips in AuteurToken, from the tipper's wallet straight to the recipient (and NGO):
 * the contract never holds funds, so there is nothing to withdraw and nothing to pause.
 * @dev The recipient of a work tip is its current owner (the rights holder after any RAW
 * transfer); the donation share is the owner's own setting in the registry.
 */
contract Tips is ITips {
    using SafeERC20 for IERC20;

    uint256 private constant BPS = 10_000;

    /// @notice The token tips are paid in.
    IERC20 public immutable token;
    /// @notice The registry that knows owners, status and donation settings.
    ICopyrightRegistry public immutable registry;

    constructor(IERC20 token_, ICopyrightRegistry registry_) {
        token = token_;
        registry = registry_;
    }

    /**
     * @notice Tips the owner of `workId`, routing the owner's donation share to its NGO.
     * @dev Requirements: work active; amount non-zero; allowance. Emits {Tipped}.
     */
    function tipWork(uint256 workId, uint256 amount, bytes32 messageHash) external {
        if (!registry.isActive(workId)) revert TipsWorkNotActive(workId);
        address owner = IERC721(address(registry)).ownerOf(workId);
        if (amount == 0) revert TipsInvalidTip(owner, amount);
        (address ngo, uint16 bps) = registry.donationOf(owner);
        uint256 donation = ngo == address(0) ? 0 : (amount * bps) / BPS;
        uint256 toOwner = amount - donation;
        emit Tipped(msg.sender, owner, workId, amount, toOwner, ngo, donation, messageHash);
        token.safeTransferFrom(msg.sender, owner, toOwner);
        if (donation != 0) token.safeTransferFrom(msg.sender, ngo, donation);
    }

    /**
     * @notice Tips an account directly (e.g. a live streamer).
     * @dev Requirements: recipient and amount non-zero; allowance. Emits {Tipped} with workId 0.
     */
    function tipAccount(address recipient, uint256 amount, bytes32 messageHash) external {
        if (recipient == address(0) || amount == 0) revert TipsInvalidTip(recipient, amount);
        emit Tipped(msg.sender, recipient, 0, amount, amount, address(0), 0, messageHash);
        token.safeTransferFrom(msg.sender, recipient, amount);
    }
}
