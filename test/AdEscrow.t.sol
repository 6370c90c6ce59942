// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AuthoritySet} from "../contracts/access/AuthoritySet.sol";
import {AdEscrow} from "../contracts/ads/AdEscrow.sol";
import {IAdEscrow} from "../contracts/interfaces/IAdEscrow.sol";
import {ICopyrightRegistry} from "../contracts/interfaces/ICopyrightRegistry.sol";
import {ICumulativeMerkleClaims} from "../contracts/interfaces/ICumulativeMerkleClaims.sol";
import {IEscrowVault} from "../contracts/interfaces/IEscrowVault.sol";
import {TestERC20} from "./harness/TestERC20.sol";
import {WorkRegistryDouble} from "./harness/WorkRegistryDouble.sol";
import {Test} from "./utils/Test.sol";

contract AdEscrowBase is Test {
    AuthoritySet internal authority;
    WorkRegistryDouble internal registry;
    AdEscrow internal escrow;
    TestERC20 internal token;
    uint256[3] internal verifierKeys;
    address internal advertiser;
    address internal treasury;
    address internal storageNode;
    address internal viewer;

    function _deploy() internal {
        authority = new AuthoritySet(0, address(this));
        registry = new WorkRegistryDouble();
        treasury = makeAddr("treasury");
        escrow = new AdEscrow(
            authority,
            ICopyrightRegistry(address(registry)),
            treasury,
            IAdEscrow.SplitBounds(2000, 5000, 3000, 0, 2000),
            1 days,
            0,
            address(this)
        );
        token = new TestERC20("AUT", 0);
        escrow.setTokenAllowed(address(token), true);
        escrow.grantRole(escrow.PAUSER_ROLE(), address(this));
        advertiser = makeAddr("advertiser");
        storageNode = makeAddr("storage");
        viewer = makeAddr("viewer");
        // two verifiers, sorted by address; quorum 2
        uint256 a = makeKey("verifier-a");
        uint256 b = makeKey("verifier-b");
        (verifierKeys[0], verifierKeys[1]) = vm.addr(a) < vm.addr(b) ? (a, b) : (b, a);
        authority.grantRole(authority.VERIFIER_ROLE(), vm.addr(verifierKeys[0]));
        authority.grantRole(authority.VERIFIER_ROLE(), vm.addr(verifierKeys[1]));
        registry.setWork(1, makeAddr("creator-1"), true);
        registry.setWork(2, makeAddr("creator-2"), true);
        vm.warp(1_000_000);
    }

    function _params(uint256 deposit, uint32 minViews) internal view returns (IAdEscrow.CampaignParams memory) {
        return
            IAdEscrow.CampaignParams({
                token: address(token),
                deposit: deposit,
                pricePerView: 1e15,
                pricePerClick: 1e16,
                start: uint40(block.timestamp),
                end: uint40(block.timestamp + 30 days),
                minViewsPerWork: minViews,
                split: IAdEscrow.Split(5000, 3000, 1000, 1000)
            });
    }

    function _open(uint256 deposit, uint32 minViews, uint256[] memory works) internal returns (uint256 id) {
        token.mint(advertiser, deposit);
        vm.startPrank(advertiser);
        token.approve(address(escrow), deposit);
        id = escrow.createCampaign(_params(deposit, minViews), works);
        vm.stopPrank();
    }

    function _item(uint256 workId, uint64 views, uint64 clicks) internal view returns (IAdEscrow.AdItem memory) {
        return IAdEscrow.AdItem(workId, views, clicks, storageNode);
    }

    /// @dev The viewer pool after settling `items` now (mirrors the contract's arithmetic; the
    /// SDK's settlement builder implements the same rule and is tested against the contract).
    function _expectedViewerPool(uint256 id, IAdEscrow.AdItem[] memory items) internal view returns (uint256 pool) {
        AdEscrow.Campaign memory c = escrow.campaignOf(id);
        uint256 total;
        uint256[] memory amounts = new uint256[](items.length);
        for (uint256 i = 0; i < items.length; ++i) {
            uint256 views = escrow.workViews(id, items[i].workId) + items[i].views;
            if (c.minViewsPerWork != 0 && views < c.minViewsPerWork) continue;
            amounts[i] = uint256(items[i].views) * c.pricePerView + uint256(items[i].clicks) * c.pricePerClick;
            total += amounts[i];
        }
        pool = c.viewerPool;
        for (uint256 i = 0; i < items.length; ++i) {
            uint256 a = total > c.remaining ? (amounts[i] * c.remaining) / total : amounts[i];
            uint256 v = a - (a * c.split.creatorBps) / 10_000 - (a * c.split.storageBps) / 10_000 -
                (a * c.split.platformBps) / 10_000;
            pool += v;
        }
    }

    /// @dev A one-leaf cumulative tree: the root is the leaf itself and the proof is empty.
    function _leaf(address account, uint256 cumulative) internal pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(account, cumulative))));
    }

    function _report(
        uint256 id,
        uint64 period,
        IAdEscrow.AdItem[] memory items,
        uint256 viewerTotal
    ) internal view returns (IAdEscrow.SettlementReport memory r) {
        r = IAdEscrow.SettlementReport({
            campaignId: id,
            period: period,
            remainingBefore: escrow.campaignOf(id).remaining,
            itemsHash: keccak256(abi.encode(items)),
            viewerRoot: _leaf(viewer, viewerTotal),
            viewerCumulative: uint128(viewerTotal),
            deadline: uint64(block.timestamp + 1 hours)
        });
    }

    function _sign(IAdEscrow.SettlementReport memory r) internal view returns (bytes[] memory sigs) {
        bytes32 digest = escrow.settlementDigest(r);
        sigs = new bytes[](2);
        sigs[0] = signDigest(verifierKeys[0], digest);
        sigs[1] = signDigest(verifierKeys[1], digest);
    }

    function _settle(uint256 id, uint64 period, IAdEscrow.AdItem[] memory items) internal {
        IAdEscrow.SettlementReport memory r = _report(id, period, items, _expectedViewerPool(id, items));
        escrow.settle(r, items, _sign(r));
    }

    function _one(IAdEscrow.AdItem memory item) internal pure returns (IAdEscrow.AdItem[] memory items) {
        items = new IAdEscrow.AdItem[](1);
        items[0] = item;
    }

    function _accounted(uint256 id) internal view returns (uint256) {
        AdEscrow.Campaign memory c = escrow.campaignOf(id);
        return uint256(c.paidDirect) + c.viewerPool + c.remaining + c.refunded;
    }
}

contract AdEscrowTest is AdEscrowBase {
    function setUp() public {
        _deploy();
    }

    function test_settlementCreditsEveryPartyAndViewerClaims() public {
        uint256 id = _open(100e18, 0, new uint256[](0));
        _settle(id, 1, _one(_item(1, 1000, 10))); // 1000 * 1e15 + 10 * 1e16 = 1.1e18
        address creator = registry.ownerOf(1);
        assertEq(escrow.creditOf(creator, address(token)), 0.55e18, "creator 50 %");
        assertEq(escrow.creditOf(storageNode, address(token)), 0.11e18, "storage 10 %");
        assertEq(escrow.creditOf(treasury, address(token)), 0.11e18, "platform 10 %");
        AdEscrow.Campaign memory c = escrow.campaignOf(id);
        assertEq(c.viewerPool, 0.33e18, "viewer 30 %");
        assertEq(c.remaining, 100e18 - 1.1e18, "remaining");
        escrow.claimViewer(id, viewer, 0.33e18, new bytes32[](0));
        assertEq(token.balanceOf(viewer), 0.33e18, "viewer paid");
        vm.expectRevert(
            abi.encodeWithSelector(
                ICumulativeMerkleClaims.CumulativeClaimNothingToClaim.selector,
                bytes32(id),
                viewer,
                0.33e18,
                0.33e18
            )
        );
        escrow.claimViewer(id, viewer, 0.33e18, new bytes32[](0));
        vm.prank(creator);
        escrow.withdraw(address(token));
        assertEq(token.balanceOf(creator), 0.55e18);
        assertEq(_accounted(id), 100e18, "conservation");
    }

    function test_budgetExhaustedExactlyAtBoundary() public {
        uint256 id = _open(1.1e18, 0, new uint256[](0));
        _settle(id, 1, _one(_item(1, 1000, 10)));
        AdEscrow.Campaign memory c = escrow.campaignOf(id);
        assertEq(c.remaining, 0, "spent");
        assertEq(uint8(c.status), uint8(IAdEscrow.CampaignStatus.Exhausted), "stops");
        IAdEscrow.AdItem[] memory items = _one(_item(1, 1, 0));
        IAdEscrow.SettlementReport memory r = _report(id, 2, items, c.viewerPool);
        bytes[] memory sigs = _sign(r);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAdEscrow.AdEscrowCampaignNotActive.selector,
                id,
                IAdEscrow.CampaignStatus.Exhausted
            )
        );
        escrow.settle(r, items, sigs);
    }

    function test_fuzz_prorationNeverExceedsBudget(uint64 v1, uint64 v2, uint64 c1, uint96 depositSeed) public {
        uint256 deposit = bound(depositSeed, 1, 1e24);
        uint256 id = _open(deposit, 0, new uint256[](0));
        IAdEscrow.AdItem[] memory items = new IAdEscrow.AdItem[](2);
        items[0] = _item(1, uint64(bound(v1, 0, 1e9)), uint64(bound(c1, 0, 1e6)));
        items[1] = _item(2, uint64(bound(v2, 0, 1e9)), 0);
        _settle(id, 1, items);
        AdEscrow.Campaign memory c = escrow.campaignOf(id);
        assertLe(c.paidDirect + c.viewerPool, deposit, "never above budget");
        assertEq(_accounted(id), deposit, "conservation");
        assertEq(token.balanceOf(address(escrow)), deposit, "all still in escrow until withdrawn");
    }

    function test_minViewsPerWorkDelaysPayment() public {
        uint256 id = _open(100e18, 100, new uint256[](0));
        _settle(id, 1, _one(_item(1, 60, 0)));
        assertEq(escrow.campaignOf(id).remaining, 100e18, "below the minimum: nothing paid");
        assertEq(escrow.workViews(id, 1), 60);
        _settle(id, 2, _one(_item(1, 50, 0)));
        assertEq(escrow.campaignOf(id).remaining, 100e18 - 50e15, "the batch reaching the minimum pays");
    }

    function test_replayedStaleAndForeignReportsRefused() public {
        uint256 id = _open(100e18, 0, new uint256[](0));
        IAdEscrow.AdItem[] memory items = _one(_item(1, 10, 0));
        IAdEscrow.SettlementReport memory r = _report(id, 5, items, _expectedViewerPool(id, items));
        bytes[] memory sigs = _sign(r);
        escrow.settle(r, items, sigs);
        vm.expectRevert(abi.encodeWithSelector(IAdEscrow.AdEscrowStalePeriod.selector, id, 5, 5));
        escrow.settle(r, items, sigs);

        // a report computed against another budget (e.g. before a top-up) is stale
        IAdEscrow.SettlementReport memory r2 = _report(id, 6, items, _expectedViewerPool(id, items));
        r2.remainingBefore += 1;
        bytes[] memory sigs2 = _sign(r2);
        vm.expectRevert(
            abi.encodeWithSelector(IAdEscrow.AdEscrowBudgetMismatch.selector, id, r2.remainingBefore, r2.remainingBefore - 1)
        );
        escrow.settle(r2, items, sigs2);

        // expired deadline
        IAdEscrow.SettlementReport memory r3 = _report(id, 7, items, _expectedViewerPool(id, items));
        bytes[] memory sigs3 = _sign(r3);
        vm.warp(r3.deadline + 1);
        vm.expectRevert(abi.encodeWithSelector(IAdEscrow.AdEscrowReportExpired.selector, id, r3.deadline));
        escrow.settle(r3, items, sigs3);

        // items other than the signed ones
        IAdEscrow.SettlementReport memory r4 = _report(id, 8, items, _expectedViewerPool(id, items));
        bytes[] memory sigs4 = _sign(r4);
        IAdEscrow.AdItem[] memory tampered = _one(_item(1, 11, 0));
        vm.expectRevert(
            abi.encodeWithSelector(IAdEscrow.AdEscrowItemsMismatch.selector, r4.itemsHash, keccak256(abi.encode(tampered)))
        );
        escrow.settle(r4, tampered, sigs4);

        // one signature short of the quorum
        bytes[] memory oneSig = new bytes[](1);
        oneSig[0] = sigs4[0];
        vm.expectRevert();
        escrow.settle(r4, items, oneSig);
    }

    function test_suspendedAndUntargetedWorksNeverPaid() public {
        uint256[] memory works = new uint256[](1);
        works[0] = 1;
        uint256 id = _open(100e18, 0, works);
        IAdEscrow.AdItem[] memory items = _one(_item(2, 10, 0));
        IAdEscrow.SettlementReport memory r = _report(id, 1, items, 0);
        bytes[] memory sigs = _sign(r);
        vm.expectRevert(abi.encodeWithSelector(IAdEscrow.AdEscrowWorkNotTargeted.selector, id, 2));
        escrow.settle(r, items, sigs);

        registry.setWork(1, registry.ownerOf(1), false);
        items = _one(_item(1, 10, 0));
        r = _report(id, 1, items, 0);
        sigs = _sign(r);
        vm.expectRevert(abi.encodeWithSelector(IAdEscrow.AdEscrowWorkNotActive.selector, 1));
        escrow.settle(r, items, sigs);
    }

    function test_viewerTotalMustMatch() public {
        uint256 id = _open(100e18, 0, new uint256[](0));
        IAdEscrow.AdItem[] memory items = _one(_item(1, 10, 0));
        uint256 pool = _expectedViewerPool(id, items);
        IAdEscrow.SettlementReport memory r = _report(id, 1, items, pool + 1);
        bytes[] memory sigs = _sign(r);
        vm.expectRevert(abi.encodeWithSelector(IAdEscrow.AdEscrowViewerTotalMismatch.selector, id, pool + 1, pool));
        escrow.settle(r, items, sigs);
    }

    function test_pausedEndedAndCancelledCampaigns() public {
        uint256 id = _open(100e18, 0, new uint256[](0));
        vm.prank(advertiser);
        escrow.pauseCampaign(id);
        IAdEscrow.AdItem[] memory items = _one(_item(1, 10, 0));
        IAdEscrow.SettlementReport memory r = _report(id, 1, items, _expectedViewerPool(id, items));
        bytes[] memory sigs = _sign(r);
        vm.expectRevert(
            abi.encodeWithSelector(IAdEscrow.AdEscrowCampaignNotActive.selector, id, IAdEscrow.CampaignStatus.Paused)
        );
        escrow.settle(r, items, sigs);
        vm.prank(advertiser);
        escrow.resumeCampaign(id);
        escrow.settle(r, items, sigs);

        // ended: settlements still accepted during the grace, not after
        AdEscrow.Campaign memory c = escrow.campaignOf(id);
        vm.warp(uint256(c.end) + 1 days + 1);
        IAdEscrow.SettlementReport memory late = _report(id, 2, items, _expectedViewerPool(id, items));
        bytes[] memory lateSigs = _sign(late);
        vm.expectRevert(
            abi.encodeWithSelector(IAdEscrow.AdEscrowOutsideSettlementWindow.selector, id, c.start, uint256(c.end) + 1 days)
        );
        escrow.settle(late, items, lateSigs);

        // the remainder goes back to the advertiser after end + grace
        uint256 remaining = escrow.campaignOf(id).remaining;
        vm.prank(advertiser);
        escrow.refundRemainder(id);
        assertEq(token.balanceOf(advertiser), remaining, "refund");
        assertEq(_accounted(id), 100e18, "conservation");
    }

    function test_cancelRefundsAtOnceButKeepsSettled() public {
        uint256 id = _open(10e18, 0, new uint256[](0));
        _settle(id, 1, _one(_item(1, 1000, 0)));
        uint256 unlocksAt = uint256(escrow.campaignOf(id).end) + 1 days + 1;
        vm.prank(advertiser);
        vm.expectRevert(abi.encodeWithSelector(IAdEscrow.AdEscrowRemainderLocked.selector, id, unlocksAt));
        escrow.refundRemainder(id);
        vm.startPrank(advertiser);
        escrow.cancelCampaign(id);
        escrow.refundRemainder(id);
        vm.stopPrank();
        assertEq(token.balanceOf(advertiser), 9e18, "all but the settled 1e18");
        uint256 pool = escrow.campaignOf(id).viewerPool;
        escrow.claimViewer(id, viewer, pool, new bytes32[](0)); // settled viewer shares stay claimable
        assertEq(token.balanceOf(viewer), pool);
    }

    function test_topUpReactivatesExhaustedCampaign() public {
        uint256 id = _open(1e15, 0, new uint256[](0));
        _settle(id, 1, _one(_item(1, 5, 0))); // 5e15 due, 1e15 available: prorated
        assertEq(uint8(escrow.campaignOf(id).status), uint8(IAdEscrow.CampaignStatus.Exhausted));
        token.mint(advertiser, 1e18);
        vm.startPrank(advertiser);
        token.approve(address(escrow), 1e18);
        escrow.topUp(id, 1e18);
        vm.stopPrank();
        assertEq(uint8(escrow.campaignOf(id).status), uint8(IAdEscrow.CampaignStatus.Active));
        _settle(id, 2, _one(_item(1, 5, 0)));
        assertEq(_accounted(id), 1e15 + 1e18, "conservation");
    }

    function test_badCampaignsRefused() public {
        IAdEscrow.CampaignParams memory p = _params(1e18, 0);
        p.split = IAdEscrow.Split(1000, 7000, 1000, 1000);
        vm.expectRevert(abi.encodeWithSelector(IAdEscrow.AdEscrowInvalidSplit.selector, 1000, 7000, 1000, 1000));
        escrow.createCampaign(p, new uint256[](0));
        p = _params(1e18, 0);
        p.end = p.start;
        vm.expectRevert(abi.encodeWithSelector(IAdEscrow.AdEscrowInvalidCampaign.selector, 1e18, p.start, p.end));
        escrow.createCampaign(p, new uint256[](0));
        p = _params(1e18, 0);
        p.token = address(0xBEEF);
        vm.expectRevert(abi.encodeWithSelector(IEscrowVault.EscrowVaultTokenNotAllowed.selector, address(0xBEEF)));
        escrow.createCampaign(p, new uint256[](0));
        vm.expectRevert(abi.encodeWithSelector(IAdEscrow.AdEscrowUnknownCampaign.selector, 7));
        escrow.pauseCampaign(7);
    }

    function test_globalPauseStopsValueFlows() public {
        uint256 id = _open(10e18, 0, new uint256[](0));
        escrow.pause();
        IAdEscrow.AdItem[] memory items = _one(_item(1, 10, 0));
        IAdEscrow.SettlementReport memory r = _report(id, 1, items, _expectedViewerPool(id, items));
        bytes[] memory sigs = _sign(r);
        vm.expectRevert(bytes4(keccak256("EnforcedPause()")));
        escrow.settle(r, items, sigs);
        escrow.unpause();
        escrow.settle(r, items, sigs);
    }
}

/// @dev Random campaign activity for the conservation invariant.
contract AdEscrowHandler is AdEscrowBase {
    uint256[] public ids;
    uint64 internal period;
    uint256 public totalDeposited;

    constructor() {
        _deploy();
    }

    function open(uint96 deposit, uint32 minViews) external {
        uint256 d = bound(deposit, 1, 1e22);
        ids.push(_open(d, uint32(bound(minViews, 0, 50)), new uint256[](0)));
        totalDeposited += d;
    }

    function settle(uint256 seed, uint64 views, uint64 clicks, bool suspendFirst) external {
        if (ids.length == 0) return;
        uint256 id = ids[seed % ids.length];
        if (escrow.campaignOf(id).status != IAdEscrow.CampaignStatus.Active) return;
        registry.setWork(1, registry.ownerOf(1), !suspendFirst);
        IAdEscrow.AdItem[] memory items = new IAdEscrow.AdItem[](1);
        items[0] = _item(suspendFirst ? 2 : 1, uint64(bound(views, 0, 1e7)), uint64(bound(clicks, 0, 1e5)));
        _settle(id, ++period, items);
    }

    function claim(uint256 seed) external {
        if (ids.length == 0) return;
        uint256 id = ids[seed % ids.length];
        uint256 pool = escrow.campaignOf(id).viewerPool;
        if (pool > escrow.claimedOf(bytes32(id), viewer)) escrow.claimViewer(id, viewer, pool, new bytes32[](0));
    }

    function topUp(uint256 seed, uint96 amount) external {
        if (ids.length == 0) return;
        uint256 id = ids[seed % ids.length];
        if (escrow.campaignOf(id).status == IAdEscrow.CampaignStatus.Cancelled) return;
        uint256 a = bound(amount, 1, 1e21);
        token.mint(advertiser, a);
        vm.startPrank(advertiser);
        token.approve(address(escrow), a);
        escrow.topUp(id, a);
        vm.stopPrank();
        totalDeposited += a;
    }

    function cancelAndRefund(uint256 seed) external {
        if (ids.length == 0) return;
        uint256 id = ids[seed % ids.length];
        vm.startPrank(advertiser);
        if (escrow.campaignOf(id).status != IAdEscrow.CampaignStatus.Cancelled) escrow.cancelCampaign(id);
        if (escrow.campaignOf(id).remaining != 0) escrow.refundRemainder(id);
        vm.stopPrank();
    }

    function withdrawAll() external {
        address[4] memory payees = [registry.ownerOf(1), registry.ownerOf(2), storageNode, treasury];
        for (uint256 i = 0; i < 4; ++i) {
            if (escrow.creditOf(payees[i], address(token)) != 0) {
                vm.prank(payees[i]);
                escrow.withdraw(address(token));
            }
        }
    }

    function sumAccounted() external view returns (uint256 sum) {
        for (uint256 i = 0; i < ids.length; ++i) sum += _accounted(ids[i]);
    }

    /// @dev What the escrow must still hold: remaining budgets, unclaimed viewer pools, credits.
    function owed() external view returns (uint256 sum) {
        for (uint256 i = 0; i < ids.length; ++i) {
            AdEscrow.Campaign memory c = escrow.campaignOf(ids[i]);
            sum += uint256(c.remaining) + c.viewerPool - c.viewerClaimed;
        }
        sum += escrow.creditOf(registry.ownerOf(1), address(token));
        sum += escrow.creditOf(registry.ownerOf(2), address(token));
        sum += escrow.creditOf(storageNode, address(token));
        sum += escrow.creditOf(treasury, address(token));
    }

    function balance() external view returns (uint256) {
        return token.balanceOf(address(escrow));
    }

    function claimsWithinPools() external view returns (bool) {
        for (uint256 i = 0; i < ids.length; ++i) {
            AdEscrow.Campaign memory c = escrow.campaignOf(ids[i]);
            if (c.viewerClaimed > c.viewerPool) return false;
        }
        return true;
    }
}

contract AdEscrowInvariantTest is Test {
    AdEscrowHandler internal handler;

    function setUp() public {
        handler = new AdEscrowHandler();
        targetContract(address(handler));
    }

    /// deposits == paid out + viewer pools + remaining + refunded, per campaign summed.
    function invariant_depositsAddUp() public view {
        assertEq(handler.sumAccounted(), handler.totalDeposited(), "deposits add up");
    }

    /// The escrow holds exactly what it still owes.
    function invariant_balanceEqualsOwed() public view {
        assertEq(handler.balance(), handler.owed(), "balance == owed");
    }

    /// Viewer claims never exceed a campaign's viewer pool.
    function invariant_claimsWithinPools() public view {
        assertTrue(handler.claimsWithinPools(), "claims within pools");
    }
}
