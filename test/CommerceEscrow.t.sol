// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AuthoritySet} from "../contracts/access/AuthoritySet.sol";
import {CommerceEscrow} from "../contracts/commerce/CommerceEscrow.sol";
import {ICommerceEscrow} from "../contracts/interfaces/ICommerceEscrow.sol";
import {IEscrowVault} from "../contracts/interfaces/IEscrowVault.sol";
import {TestERC20} from "./harness/TestERC20.sol";
import {Test} from "./utils/Test.sol";

contract CommerceEscrowBase is Test {
    uint32 internal constant SHIP = 3 days;
    uint32 internal constant CONFIRM = 14 days;
    uint32 internal constant RULING = 30 days;

    AuthoritySet internal authority;
    CommerceEscrow internal escrow;
    TestERC20 internal token;
    address internal buyer;
    address internal merchant;
    address internal supervisor;

    function _deploy() internal {
        authority = new AuthoritySet(0, address(this));
        escrow = new CommerceEscrow(authority, ICommerceEscrow.Timeouts(SHIP, CONFIRM, RULING), 0, address(this));
        token = new TestERC20("PAY", 0);
        escrow.setTokenAllowed(address(token), true);
        buyer = makeAddr("buyer");
        merchant = makeAddr("merchant");
        supervisor = makeAddr("supervisor");
        authority.grantRole(authority.SUPERVISOR_ROLE(), supervisor);
    }

    function _order(uint256 amount) internal returns (uint256 id) {
        token.mint(buyer, amount);
        vm.startPrank(buyer);
        token.approve(address(escrow), amount);
        id = escrow.createOrder(merchant, address(token), amount, bytes32("ref"));
        vm.stopPrank();
    }

    function _withdrawAll(address account) internal returns (uint256 amount) {
        amount = escrow.creditOf(account, address(token));
        if (amount == 0) return 0;
        vm.prank(account);
        escrow.withdraw(address(token));
    }
}

contract CommerceEscrowTest is CommerceEscrowBase {
    function setUp() public {
        _deploy();
        vm.warp(1_000_000);
    }

    function test_happyPath_confirmPaysMerchant() public {
        uint256 id = _order(100e18);
        vm.prank(merchant);
        escrow.markShipped(id, bytes32("track"));
        vm.prank(buyer);
        escrow.confirmReceipt(id);
        assertEq(_withdrawAll(merchant), 100e18, "merchant paid");
        assertEq(token.balanceOf(merchant), 100e18);
        assertEq(token.balanceOf(address(escrow)), 0, "nothing left");
    }

    function test_unshipped_refundsBuyerAfterShipTimeout() public {
        uint256 id = _order(50e18);
        vm.expectRevert(
            abi.encodeWithSelector(ICommerceEscrow.CommerceEscrowTooEarly.selector, id, block.timestamp + SHIP + 1)
        );
        escrow.refundUnshipped(id);
        vm.warp(block.timestamp + SHIP + 1);
        escrow.refundUnshipped(id);
        assertEq(_withdrawAll(buyer), 50e18, "buyer refunded");
        // the merchant can no longer ship
        vm.prank(merchant);
        vm.expectRevert(
            abi.encodeWithSelector(
                ICommerceEscrow.CommerceEscrowWrongState.selector,
                id,
                ICommerceEscrow.OrderState.Refunded,
                ICommerceEscrow.OrderState.Paid
            )
        );
        escrow.markShipped(id, bytes32(0));
    }

    function test_shipped_releasesToMerchantAfterConfirmTimeout() public {
        uint256 id = _order(10e18);
        vm.prank(merchant);
        escrow.markShipped(id, bytes32(0));
        uint256 releaseAt = block.timestamp + CONFIRM;
        vm.warp(releaseAt);
        vm.expectRevert(abi.encodeWithSelector(ICommerceEscrow.CommerceEscrowTooEarly.selector, id, releaseAt + 1));
        escrow.release(id);
        vm.warp(releaseAt + 1);
        escrow.release(id);
        assertEq(_withdrawAll(merchant), 10e18);
    }

    function test_shipAfterDeadlineRefused() public {
        uint256 id = _order(10e18);
        uint256 deadline = block.timestamp + SHIP;
        vm.warp(deadline + 1);
        vm.prank(merchant);
        vm.expectRevert(abi.encodeWithSelector(ICommerceEscrow.CommerceEscrowTooLate.selector, id, deadline));
        escrow.markShipped(id, bytes32(0));
    }

    function test_fuzz_disputeRuling(uint96 amountSeed, uint96 buyerSeed) public {
        uint256 amount = bound(amountSeed, 1, 1e30);
        uint256 id = _order(amount);
        vm.prank(merchant);
        escrow.markShipped(id, bytes32(0));
        vm.prank(buyer);
        escrow.openDispute(id);
        uint256 buyerAmount = bound(buyerSeed, 0, amount);
        vm.expectRevert(abi.encodeWithSelector(ICommerceEscrow.CommerceEscrowNotSupervisor.selector, buyer));
        vm.prank(buyer);
        escrow.resolveDispute(id, buyerAmount);
        vm.prank(supervisor);
        vm.expectRevert(
            abi.encodeWithSelector(ICommerceEscrow.CommerceEscrowInvalidRuling.selector, id, amount + 1, amount)
        );
        escrow.resolveDispute(id, amount + 1);
        vm.prank(supervisor);
        escrow.resolveDispute(id, buyerAmount);
        assertEq(_withdrawAll(buyer), buyerAmount, "buyer part");
        assertEq(_withdrawAll(merchant), amount - buyerAmount, "merchant part");
        assertEq(token.balanceOf(address(escrow)), 0, "nothing stuck");
    }

    function test_staleDisputeSplitsInHalf() public {
        uint256 id = _order(11);
        vm.prank(merchant);
        escrow.openDispute(id); // merchant may dispute too, even before shipping
        vm.warp(block.timestamp + RULING + 1);
        escrow.resolveStaleDispute(id);
        assertEq(_withdrawAll(buyer), 5);
        assertEq(_withdrawAll(merchant), 6);
    }

    function test_disputeWindowClosesWithTheRunningTimeout() public {
        uint256 id = _order(10);
        vm.prank(merchant);
        escrow.markShipped(id, bytes32(0));
        uint256 releaseAt = block.timestamp + CONFIRM;
        vm.warp(releaseAt + 1);
        vm.prank(buyer);
        vm.expectRevert(abi.encodeWithSelector(ICommerceEscrow.CommerceEscrowTooLate.selector, id, releaseAt));
        escrow.openDispute(id);
    }

    function test_onlyPartiesAct() public {
        uint256 id = _order(10);
        address stranger = makeAddr("stranger");
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(ICommerceEscrow.CommerceEscrowNotParty.selector, id, stranger));
        escrow.markShipped(id, bytes32(0));
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(ICommerceEscrow.CommerceEscrowNotParty.selector, id, stranger));
        escrow.openDispute(id);
        vm.prank(merchant);
        escrow.markShipped(id, bytes32(0));
        vm.prank(merchant);
        vm.expectRevert(abi.encodeWithSelector(ICommerceEscrow.CommerceEscrowNotParty.selector, id, merchant));
        escrow.confirmReceipt(id);
    }

    function test_badOrdersRefused() public {
        vm.expectRevert(abi.encodeWithSelector(ICommerceEscrow.CommerceEscrowInvalidOrder.selector, address(0), 1));
        escrow.createOrder(address(0), address(token), 1, bytes32(0));
        vm.expectRevert(abi.encodeWithSelector(ICommerceEscrow.CommerceEscrowInvalidOrder.selector, merchant, 0));
        escrow.createOrder(merchant, address(token), 0, bytes32(0));
        TestERC20 other = new TestERC20("OTHER", 0);
        vm.expectRevert(abi.encodeWithSelector(IEscrowVault.EscrowVaultTokenNotAllowed.selector, address(other)));
        escrow.createOrder(merchant, address(other), 1, bytes32(0));
        vm.expectRevert(abi.encodeWithSelector(ICommerceEscrow.CommerceEscrowUnknownOrder.selector, 99));
        escrow.release(99);
        vm.expectRevert(
            abi.encodeWithSelector(IEscrowVault.EscrowVaultNothingToWithdraw.selector, address(this), address(token))
        );
        escrow.withdraw(address(token));
        vm.expectRevert(abi.encodeWithSelector(ICommerceEscrow.CommerceEscrowInvalidTimeouts.selector, 0, 1, 1));
        escrow.setTimeouts(ICommerceEscrow.Timeouts(0, 1, 1));
    }

    function test_feeOnTransferEscrowsWhatArrived() public {
        TestERC20 fee = new TestERC20("FEE", 100); // 1 %
        escrow.setTokenAllowed(address(fee), true);
        fee.mint(buyer, 1000);
        vm.startPrank(buyer);
        fee.approve(address(escrow), 1000);
        uint256 id = escrow.createOrder(merchant, address(fee), 1000, bytes32(0));
        vm.stopPrank();
        assertEq(escrow.orderOf(id).amount, 990, "what arrived");
        assertEq(fee.balanceOf(address(escrow)), 990);
    }

    function test_pauseStopsNewOrdersAndWithdrawalsButNotTimeouts() public {
        uint256 id = _order(10);
        escrow.grantRole(escrow.PAUSER_ROLE(), address(this));
        escrow.pause();
        vm.warp(block.timestamp + SHIP + 1);
        escrow.refundUnshipped(id); // exits still work while paused
        vm.prank(buyer);
        vm.expectRevert(bytes4(keccak256("EnforcedPause()")));
        escrow.withdraw(address(token));
        escrow.unpause();
        assertEq(_withdrawAll(buyer), 10);
    }

    function test_tokenDeliveringNothingRefused() public {
        TestERC20 nil = new TestERC20("NIL", 10_000); // the whole transfer is burned as a fee
        escrow.setTokenAllowed(address(nil), true);
        nil.mint(buyer, 1000);
        vm.startPrank(buyer);
        nil.approve(address(escrow), 1000);
        vm.expectRevert(abi.encodeWithSelector(ICommerceEscrow.CommerceEscrowInvalidOrder.selector, merchant, 0));
        escrow.createOrder(merchant, address(nil), 1000, bytes32("ref"));
        vm.stopPrank();
        assertEq(escrow.orderCount(), 0, "no order");
        assertEq(nil.balanceOf(buyer), 1000, "nothing taken");
    }

    function test_orderCountAndTimeoutsViews() public {
        assertEq(escrow.orderCount(), 0, "no orders yet");
        ICommerceEscrow.Timeouts memory t = escrow.timeouts();
        assertEq(t.ship, SHIP, "ship");
        assertEq(t.confirm, CONFIRM, "confirm");
        assertEq(t.ruling, RULING, "ruling");

        uint256 first = _order(10);
        assertEq(first, 1, "ids start at 1");
        assertEq(escrow.orderCount(), 1, "one order");

        vm.expectEmit(address(escrow));
        emit ICommerceEscrow.TimeoutsChanged(1 days, 2 days, 5 days);
        escrow.setTimeouts(ICommerceEscrow.Timeouts(1 days, 2 days, 5 days));
        t = escrow.timeouts();
        assertEq(t.ship, 1 days, "new ship");
        assertEq(t.confirm, 2 days, "new confirm");
        assertEq(t.ruling, 5 days, "new ruling");

        uint256 second = _order(20);
        assertEq(second, 2, "next id");
        assertEq(escrow.orderCount(), 2, "two orders");
        // each order keeps the timeouts it was created with
        CommerceEscrow.Order memory o1 = escrow.orderOf(first);
        CommerceEscrow.Order memory o2 = escrow.orderOf(second);
        assertEq(o1.deadline, block.timestamp + SHIP, "first ship deadline");
        assertEq(o1.confirmTimeout, CONFIRM, "first confirm timeout");
        assertEq(o1.rulingTimeout, RULING, "first ruling timeout");
        assertEq(o2.deadline, block.timestamp + 1 days, "second ship deadline");
        assertEq(o2.confirmTimeout, 2 days, "second confirm timeout");
        assertEq(o2.rulingTimeout, 5 days, "second ruling timeout");

        // refused timeouts leave the view unchanged
        vm.expectRevert(abi.encodeWithSelector(ICommerceEscrow.CommerceEscrowInvalidTimeouts.selector, 1, 0, 1));
        escrow.setTimeouts(ICommerceEscrow.Timeouts(1, 0, 1));
        assertEq(escrow.timeouts().confirm, 2 days, "unchanged");
    }
}

/// @dev Drives random order life cycles for the invariant test.
contract CommerceEscrowHandler is CommerceEscrowBase {
    uint256[] internal ids;
    uint256 public totalPaid;
    uint256 public totalWithdrawn;

    constructor() {
        _deploy();
    }

    function create(uint96 amount) external {
        uint256 a = bound(amount, 1, 1e24);
        ids.push(_order(a));
        totalPaid += a;
    }

    function _pick(uint256 seed) internal view returns (uint256) {
        return ids.length == 0 ? 0 : ids[seed % ids.length];
    }

    function ship(uint256 seed) external {
        uint256 id = _pick(seed);
        vm.prank(merchant);
        try escrow.markShipped(id, bytes32(0)) {} catch {}
    }

    function confirm(uint256 seed) external {
        uint256 id = _pick(seed);
        vm.prank(buyer);
        try escrow.confirmReceipt(id) {} catch {}
    }

    function dispute(uint256 seed, bool byBuyer) external {
        uint256 id = _pick(seed);
        vm.prank(byBuyer ? buyer : merchant);
        try escrow.openDispute(id) {} catch {}
    }

    function rule(uint256 seed, uint256 buyerAmount) external {
        uint256 id = _pick(seed);
        vm.prank(supervisor);
        try escrow.resolveDispute(id, bound(buyerAmount, 0, escrow.orderOf(id).amount)) {} catch {}
    }

    function timeout(uint256 seed, uint32 dt) external {
        vm.warp(block.timestamp + bound(dt, 0, 40 days));
        uint256 id = _pick(seed);
        try escrow.release(id) {} catch {}
        try escrow.refundUnshipped(id) {} catch {}
        try escrow.resolveStaleDispute(id) {} catch {}
    }

    function withdraw(bool ofBuyer) external {
        totalWithdrawn += _withdrawAll(ofBuyer ? buyer : merchant);
    }

    /// @dev Sum of open orders' amounts plus credited balances.
    function owed() external view returns (uint256 sum) {
        for (uint256 i = 0; i < ids.length; ++i) {
            ICommerceEscrow.OrderState s = escrow.orderOf(ids[i]).state;
            if (
                s == ICommerceEscrow.OrderState.Paid ||
                s == ICommerceEscrow.OrderState.Shipped ||
                s == ICommerceEscrow.OrderState.Disputed
            ) sum += escrow.orderOf(ids[i]).amount;
        }
        sum += escrow.creditOf(buyer, address(token)) + escrow.creditOf(merchant, address(token));
    }

    function escrowBalance() external view returns (uint256) {
        return token.balanceOf(address(escrow));
    }
}

contract CommerceEscrowInvariantTest is Test {
    CommerceEscrowHandler internal handler;

    function setUp() public {
        handler = new CommerceEscrowHandler();
        targetContract(address(handler));
    }

    /// The escrow holds exactly what open orders and credits owe.
    function invariant_balanceEqualsOpenOrdersPlusCredits() public view {
        assertEq(handler.escrowBalance(), handler.owed(), "escrow balance == owed");
    }

    /// Nothing is created or lost: paid in == held + withdrawn.
    function invariant_conservation() public view {
        assertEq(handler.totalPaid(), handler.escrowBalance() + handler.totalWithdrawn(), "conservation");
    }
}
