// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IAuthoritySet} from "../interfaces/IAuthoritySet.sol";
import {ICommerceEscrow} from "../interfaces/ICommerceEscrow.sol";
import {EscrowVault} from "../utils/EscrowVault.sol";

/**
 * @title CommerceEscrow
 * @notice Pay -> ship -> confirm escrow with timeouts and supervisor disputes.
 * @dev State machine (every arrow is one event):
 *   Paid --markShipped--> Shipped --confirmReceipt / release after confirm timeout--> Completed
 *   Paid --refundUnshipped after ship timeout--> Refunded
 *   Paid|Shipped --openDispute (before the running timeout)--> Disputed
 *   Disputed --resolveDispute (supervisor) / resolveStaleDispute after ruling timeout--> Resolved
 * No order can stay open forever: each non-final state has a timeout that anyone can trigger.
 * Funds leave only through {withdraw}; the contract's balance of a token always equals the sum of
 * open orders' amounts plus credited balances in that token.
 *
 * Storage: one slot for (buyer, shipDeadline/releaseAt, state), one for (merchant, timeouts), one
 * for (token), one for amount.
 */
contract CommerceEscrow is ICommerceEscrow, EscrowVault {

    struct Order {
        address buyer;
        uint64 deadline; // ship deadline (Paid), release time (Shipped) or ruling deadline (Disputed)
        OrderState state;
        address merchant;
        uint32 confirmTimeout;
        uint32 rulingTimeout;
        address token;
        uint256 amount;
    }

    /// @notice The AuthoritySet whose supervisors rule on disputes.
    IAuthoritySet public immutable authority;

    uint256 private _orderCount;
    Timeouts private _timeouts;
    mapping(uint256 orderId => Order) private _orders;

    /**
     * @param authority_ the AuthoritySet (supervisors)
     * @param timeouts_ ship / confirm / ruling timeouts in seconds for new orders
     * @param initialAdminDelay default-admin transfer delay
     * @param admin the default admin
     */
    constructor(
        IAuthoritySet authority_,
        Timeouts memory timeouts_,
        uint48 initialAdminDelay,
        address admin
    ) EscrowVault(initialAdminDelay, admin) {
        authority = authority_;
        _setTimeouts(timeouts_);
    }

    /**
     * @notice Pays `amount` of `token` into escrow for an order from `merchant`.
     * @dev Requirements: not paused; token allowed; merchant non-zero and not the caller; the
     * caller approved `amount`. Fee-on-transfer tokens escrow what actually arrived.
     * Emits {OrderPaid}.
     */
    function createOrder(
        address merchant,
        address token,
        uint256 amount,
        bytes32 orderRef
    ) external whenNotPaused nonReentrant returns (uint256 orderId) {
        if (merchant == address(0) || merchant == msg.sender || amount == 0) {
            revert CommerceEscrowInvalidOrder(merchant, amount);
        }
        _requireAllowedToken(token);
        uint256 received = _pull(IERC20(token), amount);
        if (received == 0) revert CommerceEscrowInvalidOrder(merchant, received);
        orderId = ++_orderCount;
        Timeouts memory t = _timeouts;
        uint64 shipDeadline = uint64(block.timestamp) + t.ship;
        _orders[orderId] = Order({
            buyer: msg.sender,
            deadline: shipDeadline,
            state: OrderState.Paid,
            merchant: merchant,
            confirmTimeout: t.confirm,
            rulingTimeout: t.ruling,
            token: token,
            amount: received
        });
        emit OrderPaid(orderId, msg.sender, merchant, token, received, orderRef, shipDeadline);
    }

    /**
     * @notice The merchant marks a paid order shipped, before the ship deadline.
     * @dev Emits {OrderShipped}; the confirm timeout starts now.
     */
    function markShipped(uint256 orderId, bytes32 trackingRef) external {
        Order storage order = _order(orderId, OrderState.Paid);
        if (msg.sender != order.merchant) revert CommerceEscrowNotParty(orderId, msg.sender);
        if (block.timestamp > order.deadline) revert CommerceEscrowTooLate(orderId, order.deadline);
        uint64 releaseAt = uint64(block.timestamp) + order.confirmTimeout;
        order.state = OrderState.Shipped;
        order.deadline = releaseAt;
        emit OrderShipped(orderId, trackingRef, releaseAt);
    }

    /// @notice The buyer confirms receipt; the merchant is credited. Emits {OrderReleased}.
    function confirmReceipt(uint256 orderId) external {
        Order storage order = _order(orderId, OrderState.Shipped);
        if (msg.sender != order.buyer) revert CommerceEscrowNotParty(orderId, msg.sender);
        _release(orderId, order, ReleaseReason.Confirmed);
    }

    /// @notice Anyone releases a shipped order to the merchant once the confirm timeout passed.
    function release(uint256 orderId) external {
        Order storage order = _order(orderId, OrderState.Shipped);
        if (block.timestamp <= order.deadline) revert CommerceEscrowTooEarly(orderId, order.deadline + 1);
        _release(orderId, order, ReleaseReason.ConfirmTimeout);
    }

    /// @notice Anyone refunds the buyer of an order never shipped by its deadline.
    function refundUnshipped(uint256 orderId) external {
        Order storage order = _order(orderId, OrderState.Paid);
        if (block.timestamp <= order.deadline) revert CommerceEscrowTooEarly(orderId, order.deadline + 1);
        order.state = OrderState.Refunded;
        _credit(order.buyer, order.token, order.amount);
        emit OrderRefunded(orderId, order.buyer, order.amount);
    }

    /**
     * @notice The buyer or the merchant opens a dispute while the order is paid or shipped and
     * its running deadline has not passed. Emits {OrderDisputed}.
     */
    function openDispute(uint256 orderId) external {
        Order storage order = _orders[orderId];
        OrderState state = order.state;
        if (state == OrderState.None) revert CommerceEscrowUnknownOrder(orderId);
        if (state != OrderState.Paid && state != OrderState.Shipped) {
            revert CommerceEscrowWrongState(orderId, state, OrderState.Shipped);
        }
        if (msg.sender != order.buyer && msg.sender != order.merchant) {
            revert CommerceEscrowNotParty(orderId, msg.sender);
        }
        if (block.timestamp > order.deadline) revert CommerceEscrowTooLate(orderId, order.deadline);
        uint64 rulingDeadline = uint64(block.timestamp) + order.rulingTimeout;
        order.state = OrderState.Disputed;
        order.deadline = rulingDeadline;
        emit OrderDisputed(orderId, msg.sender, rulingDeadline);
    }

    /**
     * @notice A supervisor rules: `buyerAmount` to the buyer, the rest to the merchant.
     * @dev Requirements: caller is a supervisor of the AuthoritySet; order disputed;
     * `buyerAmount <= amount`. Emits {DisputeResolved}.
     */
    function resolveDispute(uint256 orderId, uint256 buyerAmount) external {
        if (!authority.isSupervisor(msg.sender)) revert CommerceEscrowNotSupervisor(msg.sender);
        Order storage order = _order(orderId, OrderState.Disputed);
        if (buyerAmount > order.amount) revert CommerceEscrowInvalidRuling(orderId, buyerAmount, order.amount);
        _resolve(orderId, order, buyerAmount, false);
    }

    /// @notice Anyone splits a dispute in half once supervisors let the ruling deadline pass.
    function resolveStaleDispute(uint256 orderId) external {
        Order storage order = _order(orderId, OrderState.Disputed);
        if (block.timestamp <= order.deadline) revert CommerceEscrowTooEarly(orderId, order.deadline + 1);
        _resolve(orderId, order, order.amount / 2, true);
    }

    /// @notice Sets the timeouts copied into new orders. Emits {TimeoutsChanged}.
    function setTimeouts(Timeouts calldata timeouts_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setTimeouts(timeouts_);
    }

    /// @notice An order as stored.
    function orderOf(uint256 orderId) external view returns (Order memory) {
        return _orders[orderId];
    }

    /// @notice Number of orders created; ids run from 1 to this.
    function orderCount() external view returns (uint256) {
        return _orderCount;
    }

    /// @notice The timeouts new orders get.
    function timeouts() external view returns (Timeouts memory) {
        return _timeouts;
    }

    /// @dev Loads an order and checks its state. No access checks.
    function _order(uint256 orderId, OrderState expected) private view returns (Order storage order) {
        order = _orders[orderId];
        if (order.state == OrderState.None) revert CommerceEscrowUnknownOrder(orderId);
        if (order.state != expected) revert CommerceEscrowWrongState(orderId, order.state, expected);
    }

    /// @dev Credits the merchant and closes the order. No access checks.
    function _release(uint256 orderId, Order storage order, ReleaseReason reason) private {
        order.state = OrderState.Completed;
        _credit(order.merchant, order.token, order.amount);
        emit OrderReleased(orderId, order.merchant, order.amount, reason);
    }

    /// @dev Credits both sides of a ruling and closes the order. No access checks.
    function _resolve(uint256 orderId, Order storage order, uint256 buyerAmount, bool timedOut) private {
        uint256 merchantAmount = order.amount - buyerAmount;
        order.state = OrderState.Resolved;
        if (buyerAmount != 0) _credit(order.buyer, order.token, buyerAmount);
        if (merchantAmount != 0) _credit(order.merchant, order.token, merchantAmount);
        emit DisputeResolved(orderId, msg.sender, buyerAmount, merchantAmount, timedOut);
    }

    /// @dev Validates and stores timeouts. No access checks.
    function _setTimeouts(Timeouts memory t) private {
        if (t.ship == 0 || t.confirm == 0 || t.ruling == 0) {
            revert CommerceEscrowInvalidTimeouts(t.ship, t.confirm, t.ruling);
        }
        _timeouts = t;
        emit TimeoutsChanged(t.ship, t.confirm, t.ruling);
    }
}
