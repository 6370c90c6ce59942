// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControlDefaultAdminRules} from "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IEscrowVault} from "../interfaces/IEscrowVault.sol";

/**
 * @title EscrowVault
 * @notice Shared base of AdEscrow and CommerceEscrow: admin roles (two-step default admin), a
 * pauser, allowed payment tokens, deposits measured by what arrived, and credited balances that
 * their owners withdraw.
 * @dev Inheriting contracts credit with {_credit} after writing their own state and never push
 * tokens to payees except through {withdraw} or their own explicit refunds.
 */
abstract contract EscrowVault is IEscrowVault, AccessControlDefaultAdminRules, Pausable, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @notice Pauses the value flows of the inheriting contract in an emergency.
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");

    mapping(address token => bool) private _allowedTokens;
    mapping(address account => mapping(address token => uint256)) private _credits;

    constructor(uint48 initialAdminDelay, address admin) AccessControlDefaultAdminRules(initialAdminDelay, admin) {}

    /// @inheritdoc IEscrowVault
    function withdraw(address token) external whenNotPaused nonReentrant {
        uint256 amount = _credits[msg.sender][token];
        if (amount == 0) revert EscrowVaultNothingToWithdraw(msg.sender, token);
        _credits[msg.sender][token] = 0;
        emit Withdrawn(msg.sender, token, amount);
        IERC20(token).safeTransfer(msg.sender, amount);
    }

    /// @notice Allows or disallows a payment token for new deposits. Emits {TokenAllowed}.
    function setTokenAllowed(address token, bool allowed) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _allowedTokens[token] = allowed;
        emit TokenAllowed(token, allowed);
    }

    /// @notice Pauses the value flows.
    function pause() external onlyRole(PAUSER_ROLE) {
        _pause();
    }

    /// @notice Lifts the pause.
    function unpause() external onlyRole(PAUSER_ROLE) {
        _unpause();
    }

    /// @inheritdoc IEscrowVault
    function creditOf(address account, address token) external view returns (uint256) {
        return _credits[account][token];
    }

    /// @inheritdoc IEscrowVault
    function isTokenAllowed(address token) external view returns (bool) {
        return _allowedTokens[token];
    }

    /// @dev Adds `amount` to what `account` can withdraw in `token`. No checks.
    function _credit(address account, address token, uint256 amount) internal {
        _credits[account][token] += amount;
    }

    /// @dev Reverts unless `token` is allowed.
    function _requireAllowedToken(address token) internal view {
        if (!_allowedTokens[token]) revert EscrowVaultTokenNotAllowed(token);
    }

    /// @dev Pulls `amount` of `token` from the caller and returns what actually arrived.
    function _pull(IERC20 token, uint256 amount) internal returns (uint256 received) {
        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), amount);
        received = token.balanceOf(address(this)) - before;
    }
}
