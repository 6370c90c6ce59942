// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IEscrowVault} from "./IEscrowVault.sol";

/**
 * @title ICommerceEscrow
 * @notice Escrowed sales for live-video commerce: the buyer pays into escrow, the merchant ships,
 * the buyer confirms and the merchant is paid; timeouts release or refund when a side goes
 * silent; either side may dispute within the window and a supervisor rules. Every exit of an
 * order credits balances that are withdrawn with {withdraw} (pull payments).
 */
interface ICommerceEscrow is IEscrowVault {
    /// @notice Order states. `Completed`, `Refunded` and `Resolved` are final.
    enum OrderState {
        None,
        Paid,
        Shipped,
        Completed,
        Refunded,
        Disputed,
        Resolved
    }

    /// @notice How an order was released to the merchant.
    enum ReleaseReason {
        Confirmed,
        ConfirmTimeout
    }

    /// @notice Timeouts (seconds) copied into each order when it is paid.
    struct Timeouts {
        uint32 ship; // merchant must mark shipped within this after payment, else the buyer is refunded
        uint32 confirm; // after shipping, funds release to the merchant unless the buyer confirms or disputes
        uint32 ruling; // after a dispute opens, supervisors rule within this, else it splits in half
    }

    /// @notice The order does not exist.
    error CommerceEscrowUnknownOrder(uint256 orderId);
    /// @notice The order is in `actual`, the call needs `expected`.
    error CommerceEscrowWrongState(uint256 orderId, OrderState actual, OrderState expected);
    /// @notice The caller is not the order's `expected` party.
    error CommerceEscrowNotParty(uint256 orderId, address caller);
    /// @notice The action is possible only from `availableAt` on.
    error CommerceEscrowTooEarly(uint256 orderId, uint256 availableAt);
    /// @notice The action was possible only until `deadline`.
    error CommerceEscrowTooLate(uint256 orderId, uint256 deadline);
    /// @notice A zero amount, zero merchant or merchant equal to the buyer.
    error CommerceEscrowInvalidOrder(address merchant, uint256 amount);
    /// @notice The supervisor's split gives the buyer more than the order holds.
    error CommerceEscrowInvalidRuling(uint256 orderId, uint256 buyerAmount, uint256 amount);
    /// @notice The caller is not a supervisor of the AuthoritySet.
    error CommerceEscrowNotSupervisor(address caller);
    /// @notice A timeout of zero.
    error CommerceEscrowInvalidTimeouts(uint32 ship, uint32 confirm, uint32 ruling);

    /// @notice A buyer paid `amount` (what actually arrived) of `token` into escrow.
    event OrderPaid(
        uint256 indexed orderId,
        address indexed buyer,
        address indexed merchant,
        address token,
        uint256 amount,
        bytes32 orderRef,
        uint64 shipDeadline
    );
    /// @notice The merchant marked the order shipped.
    event OrderShipped(uint256 indexed orderId, bytes32 trackingRef, uint64 releaseAt);
    /// @notice Funds credited to the merchant.
    event OrderReleased(uint256 indexed orderId, address indexed merchant, uint256 amount, ReleaseReason reason);
    /// @notice Funds credited back to the buyer because the order never shipped.
    event OrderRefunded(uint256 indexed orderId, address indexed buyer, uint256 amount);
    /// @notice A party opened a dispute.
    event OrderDisputed(uint256 indexed orderId, address indexed openedBy, uint64 rulingDeadline);
    /// @notice The dispute was settled: by a supervisor, or split in half after the ruling timeout.
    event DisputeResolved(
        uint256 indexed orderId,
        address indexed resolvedBy,
        uint256 buyerAmount,
        uint256 merchantAmount,
        bool timedOut
    );
    /// @notice The admin changed the timeouts for new orders.
    event TimeoutsChanged(uint32 ship, uint32 confirm, uint32 ruling);
}
