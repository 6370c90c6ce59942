// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControlDefaultAdminRules} from "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Burnable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Burnable.sol";
import {ERC20Capped} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Capped.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {IAuteurToken} from "../interfaces/IAuteurToken.sol";
import {IKIP7} from "../interfaces/IKIP7.sol";
import {IKIP7Receiver} from "../interfaces/IKIP7Receiver.sol";

/**
 * @title AuteurToken
 * @notice The Auteur protocol token (see {IAuteurToken}). Deployed per preset (ImageCoin, Millennium
 * Coin, LVO, CFX): the constructor mints the genesis allocation (immediate tranches to their
 * holders, vesting tranches to their vesting wallets); emission contracts mint the rest up to the
 * cap through `MINTER_ROLE`.
 *
 * Kaia wallets see it as a KCT: it implements the KIP-7 `safeTransfer` family and answers
 * KIP-13/ERC-165 queries for KIP-7, KIP-7 metadata and KIP-7 burnable. On TRON the ERC-20 surface is
 * the TRC-20 interface.
 */
contract AuteurToken is
    IAuteurToken,
    IKIP7,
    ERC20,
    ERC20Permit,
    ERC20Votes,
    ERC20Burnable,
    ERC20Capped,
    AccessControlDefaultAdminRules
{
    /// @inheritdoc IAuteurToken
    bytes32 public constant MINTER_ROLE = keccak256("MINTER_ROLE");

    /**
     * @dev KIP-7 optional metadata extension id: `name() ^ symbol() ^ decimals()` =
     * `0x06fdde03 ^ 0x95d89b41 ^ 0x313ce567` = `0xa219a025` (asserted in the tests).
     */
    bytes4 public constant KIP7_METADATA_INTERFACE_ID = 0xa219a025;

    /**
     * @dev KIP-7 optional burnable extension id: `burn(uint256) ^ burnFrom(address,uint256)` =
     * `0x42966c68 ^ 0x79cc6790` = `0x3b5a0bf8` (asserted in the tests).
     */
    bytes4 public constant KIP7_BURNABLE_INTERFACE_ID = 0x3b5a0bf8;

    uint256 private immutable _GENESIS_SUPPLY;
    bool private immutable _FIXED_SUPPLY;

    /// @inheritdoc IAuteurToken
    uint256 public totalBurned;

    /**
     * @dev Mints the genesis allocation: `genesisAmounts[i]` to `genesisRecipients[i]`.
     *
     * Requirements:
     * - `cap_` is not 0 and fits ERC-5805 checkpoints (`<= type(uint208).max`);
     * - both lists have the same length, no amount is 0, no recipient is the zero address;
     * - the genesis total is at most `cap_` (equal makes the token fixed-supply);
     * - `initialAdmin` is not the zero address.
     *
     * Emits a `Transfer` per recipient, then {GenesisMinted}.
     */
    constructor(
        string memory name_,
        string memory symbol_,
        uint256 cap_,
        uint48 initialAdminDelay,
        address initialAdmin,
        address[] memory genesisRecipients,
        uint256[] memory genesisAmounts
    )
        ERC20(name_, symbol_)
        ERC20Permit(name_)
        ERC20Capped(_validCap(cap_))
        AccessControlDefaultAdminRules(initialAdminDelay, initialAdmin)
    {
        uint256 count = genesisRecipients.length;
        if (count != genesisAmounts.length) {
            revert AuteurTokenGenesisLengthMismatch(count, genesisAmounts.length);
        }
        uint256 total;
        for (uint256 i; i < count; ++i) {
            uint256 amount = genesisAmounts[i];
            if (amount == 0) revert AuteurTokenGenesisZeroAmount(i, genesisRecipients[i]);
            total += amount;
        }
        if (total > cap_) revert AuteurTokenGenesisExceedsCap(total, cap_);
        for (uint256 i; i < count; ++i) {
            _mint(genesisRecipients[i], genesisAmounts[i]);
        }
        _GENESIS_SUPPLY = total;
        _FIXED_SUPPLY = total == cap_;
        emit GenesisMinted(total, cap_, total == cap_, count);
    }

    /**
     * @inheritdoc IAuteurToken
     * @dev Requirements: the caller holds `MINTER_ROLE` (never true for a fixed-supply token);
     * `totalSupply() + amount <= cap()` (else `ERC20ExceededCap`); `to` is not the zero address.
     *
     * Emits `Transfer` and {Minted}.
     */
    function mint(address to, uint256 amount) external onlyRole(MINTER_ROLE) {
        _mint(to, amount);
        emit Minted(_msgSender(), to, amount, totalSupply());
    }

    /**
     * @inheritdoc IKIP7
     * @dev Reverts with {AuteurTokenInvalidKIP7Receiver} when `recipient` is a contract that does
     * not answer `onKIP7Received` with its selector; a revert in the receiver is bubbled up.
     */
    function safeTransfer(address recipient, uint256 amount) external {
        safeTransfer(recipient, amount, "");
    }

    /// @inheritdoc IKIP7
    function safeTransferFrom(address sender, address recipient, uint256 amount) external {
        safeTransferFrom(sender, recipient, amount, "");
    }

    /// @inheritdoc IAuteurToken
    function genesisSupply() external view returns (uint256) {
        return _GENESIS_SUPPLY;
    }

    /// @inheritdoc IAuteurToken
    function isFixedSupply() external view returns (bool) {
        return _FIXED_SUPPLY;
    }

    /// @inheritdoc IAuteurToken
    function totalMinted() external view returns (uint256) {
        return totalSupply() + totalBurned;
    }

    /// @inheritdoc IKIP7
    function safeTransfer(address recipient, uint256 amount, bytes memory data) public {
        address operator = _msgSender();
        _transfer(operator, recipient, amount);
        _checkOnKIP7Received(operator, operator, recipient, amount, data);
    }

    /// @inheritdoc IKIP7
    function safeTransferFrom(
        address sender,
        address recipient,
        uint256 amount,
        bytes memory data
    ) public {
        address operator = _msgSender();
        _spendAllowance(sender, operator, amount);
        _transfer(sender, recipient, amount);
        _checkOnKIP7Received(operator, sender, recipient, amount, data);
    }

    // The overrides below only resolve the diamond between the ERC-20 extensions and IKIP7.

    /// @inheritdoc ERC20
    function totalSupply() public view override(ERC20, IKIP7) returns (uint256) {
        return super.totalSupply();
    }

    /// @inheritdoc ERC20
    function balanceOf(address account) public view override(ERC20, IKIP7) returns (uint256) {
        return super.balanceOf(account);
    }

    /// @inheritdoc ERC20
    function transfer(
        address recipient,
        uint256 amount
    ) public override(ERC20, IKIP7) returns (bool) {
        return super.transfer(recipient, amount);
    }

    /// @inheritdoc ERC20
    function allowance(
        address owner,
        address spender
    ) public view override(ERC20, IKIP7) returns (uint256) {
        return super.allowance(owner, spender);
    }

    /// @inheritdoc ERC20
    function approve(
        address spender,
        uint256 amount
    ) public override(ERC20, IKIP7) returns (bool) {
        return super.approve(spender, amount);
    }

    /// @inheritdoc ERC20
    function transferFrom(
        address sender,
        address recipient,
        uint256 amount
    ) public override(ERC20, IKIP7) returns (bool) {
        return super.transferFrom(sender, recipient, amount);
    }

    /// @inheritdoc ERC20Permit
    function nonces(address owner) public view override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }

    /**
     * @notice ERC-165 / KIP-13: ERC-165 (= KIP-13), ERC-20, ERC-20 metadata, ERC-2612 is not
     * ERC-165-registered; KIP-7, KIP-7 metadata, KIP-7 burnable, AccessControl and
     * AccessControlDefaultAdminRules.
     */
    function supportsInterface(
        bytes4 interfaceId
    ) public view override(AccessControlDefaultAdminRules) returns (bool) {
        return
            interfaceId == type(IKIP7).interfaceId ||
            interfaceId == KIP7_METADATA_INTERFACE_ID ||
            interfaceId == KIP7_BURNABLE_INTERFACE_ID ||
            interfaceId == type(IERC20).interfaceId ||
            interfaceId == type(IERC20Metadata).interfaceId ||
            super.supportsInterface(interfaceId);
    }

    /**
     * @dev Refuses `MINTER_ROLE` on a fixed-supply token (with {AuteurTokenFixedSupply}); otherwise
     * defers to the default admin rules.
     */
    function _grantRole(
        bytes32 role,
        address account
    ) internal override(AccessControlDefaultAdminRules) returns (bool) {
        if (role == MINTER_ROLE && _FIXED_SUPPLY) revert AuteurTokenFixedSupply(role, account);
        return super._grantRole(role, account);
    }

    /**
     * @dev The single balance hook: cap check (ERC20Capped), vote checkpoints (ERC20Votes), and the
     * burn counter. Emits {Burned} when `to` is the zero address.
     */
    function _update(
        address from,
        address to,
        uint256 value
    ) internal override(ERC20, ERC20Votes, ERC20Capped) {
        super._update(from, to, value);
        if (to == address(0)) {
            uint256 burned = totalBurned + value;
            totalBurned = burned;
            emit Burned(from, value, burned);
        }
    }

    /**
     * @dev Calls `onKIP7Received` on `recipient` if it holds code. Reverts with
     * {AuteurTokenInvalidKIP7Receiver} on a wrong answer or an empty revert, and bubbles a
     * receiver's revert data otherwise. An account without code always accepts.
     */
    function _checkOnKIP7Received(
        address operator,
        address from,
        address recipient,
        uint256 amount,
        bytes memory data
    ) private {
        if (recipient.code.length == 0) return;
        try IKIP7Receiver(recipient).onKIP7Received(operator, from, amount, data) returns (
            bytes4 answer
        ) {
            if (answer != IKIP7Receiver.onKIP7Received.selector) {
                revert AuteurTokenInvalidKIP7Receiver(recipient);
            }
        } catch (bytes memory reason) {
            if (reason.length == 0) revert AuteurTokenInvalidKIP7Receiver(recipient);
            assembly ("memory-safe") {
                revert(add(reason, 0x20), mload(reason))
            }
        }
    }

    /// @dev Validates the cap before ERC20Capped stores it, so the error is ours and carries it.
    function _validCap(uint256 cap_) private pure returns (uint256) {
        if (cap_ == 0 || cap_ > type(uint208).max) revert AuteurTokenInvalidCap(cap_);
        return cap_;
    }
}
