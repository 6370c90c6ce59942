// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @title IKIP7
 * @notice Kaia's fungible token standard (KIP-7, "KCT"): the ERC-20 functions plus the
 * `safeTransfer` family, which calls {IKIP7Receiver-onKIP7Received} on a contract recipient and
 * reverts unless it answers with that function's selector. The interface id is the XOR of the ten
 * selectors below (`0x65787371`, computed and asserted in the tests).
 *
 * Events are those of ERC-20 (`Transfer`, `Approval`) and are declared by the token's ERC-20 base.
 */
interface IKIP7 {
    /// @notice Total amount of tokens in existence.
    function totalSupply() external view returns (uint256);

    /// @notice Balance of `account`.
    function balanceOf(address account) external view returns (uint256);

    /// @notice Moves `amount` from the caller to `recipient`.
    function transfer(address recipient, uint256 amount) external returns (bool);

    /// @notice Remaining amount `spender` may move on behalf of `owner`.
    function allowance(address owner, address spender) external view returns (uint256);

    /// @notice Sets the caller's allowance for `spender` to `amount`.
    function approve(address spender, uint256 amount) external returns (bool);

    /// @notice Moves `amount` from `sender` to `recipient` using the caller's allowance.
    function transferFrom(address sender, address recipient, uint256 amount) external returns (bool);

    /// @notice {transfer} that also checks a contract recipient with `onKIP7Received`.
    function safeTransfer(address recipient, uint256 amount) external;

    /// @notice {transfer} that checks a contract recipient, passing `data` to `onKIP7Received`.
    function safeTransfer(address recipient, uint256 amount, bytes calldata data) external;

    /// @notice {transferFrom} that also checks a contract recipient with `onKIP7Received`.
    function safeTransferFrom(address sender, address recipient, uint256 amount) external;

    /// @notice {transferFrom} that checks a contract recipient, passing `data` to `onKIP7Received`.
    function safeTransferFrom(
        address sender,
        address recipient,
        uint256 amount,
        bytes calldata data
    ) external;
}
