// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @title IKIP7Receiver
 * @notice Implemented by contracts that accept KIP-7 `safeTransfer`s. The token calls it after the
 * balances moved; any answer other than `IKIP7Receiver.onKIP7Received.selector` (`0x9d188c22`)
 * reverts the transfer.
 */
interface IKIP7Receiver {
    /**
     * @notice Handles the receipt of `amount` tokens.
     * @param operator the account that called `safeTransfer` / `safeTransferFrom`
     * @param from the account the tokens came from
     * @param amount the amount received
     * @param data free-form data passed by the operator
     * @return the selector of this function to accept the tokens
     */
    function onKIP7Received(
        address operator,
        address from,
        uint256 amount,
        bytes calldata data
    ) external returns (bytes4);
}
