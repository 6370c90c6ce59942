// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @title IEscrowVault
 * @notice What AdEscrow and CommerceEscrow share: admin-allowed payment tokens and credited
 * balances withdrawn by their owners (pull payments).
 */
interface IEscrowVault {
    /// @notice The payment token is not allowed by the admin.
    error EscrowVaultTokenNotAllowed(address token);
    /// @notice `account` has nothing credited in `token`.
    error EscrowVaultNothingToWithdraw(address account, address token);

    /// @notice An account withdrew its credited balance.
    event Withdrawn(address indexed account, address indexed token, uint256 amount);
    /// @notice The admin allowed or disallowed a payment token.
    event TokenAllowed(address indexed token, bool allowed);

    /// @notice Withdraws everything credited to the caller in `token`.
    function withdraw(address token) external;

    /// @notice What `account` can withdraw in `token`.
    function creditOf(address account, address token) external view returns (uint256);

    /// @notice Whether `token` is accepted.
    function isTokenAllowed(address token) external view returns (bool);
}
