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

    function test_tokenDeliveringNothingOpensNoCampaign() public {
        TestERC20 nil = new TestERC20("NIL", 10_000); // the whole transfer is burned as a fee
        escrow.setTokenAllowed(address(nil), true);
        nil.mint(advertiser, 1e18);
        IAdEscrow.CampaignParams memory p = _params(1e18, 0);
        p.token = address(nil);
        vm.startPrank(advertiser);
        nil.approve(address(escrow), 1e18);
        vm.expectRevert(abi.encodeWithSelector(IAdEscrow.AdEscrowInvalidCampaign.selector, 0, p.start, p.end));
        escrow.createCampaign(p, new uint256[](0));
        vm.stopPrank();
        assertEq(escrow.campaignCount(), 0, "no campaign");
        assertEq(nil.balanceOf(advertiser), 1e18, "deposit not taken");
    }

    function test_cancelledCampaignRefusesTopUpCancelPauseAndSecondRefund() public {
        uint256 id = _open(10e18, 0, new uint256[](0));
        vm.startPrank(advertiser);
        escrow.cancelCampaign(id);
        token.mint(advertiser, 1e18);
        token.approve(address(escrow), 1e18);
        bytes memory cancelled = abi.encodeWithSelector(
            IAdEscrow.AdEscrowCampaignNotActive.selector,
            id,
            IAdEscrow.CampaignStatus.Cancelled
        );
        vm.expectRevert(cancelled);
        escrow.topUp(id, 1e18);
        vm.expectRevert(cancelled);
        escrow.cancelCampaign(id);
        vm.expectRevert(cancelled);
        escrow.pauseCampaign(id);
        vm.expectRevert(cancelled);
        escrow.resumeCampaign(id);
        escrow.refundRemainder(id);
        vm.expectRevert(
            abi.encodeWithSelector(IEscrowVault.EscrowVaultNothingToWithdraw.selector, advertiser, address(token))
        );
        escrow.refundRemainder(id);
        vm.stopPrank();
        AdEscrow.Campaign memory c = escrow.campaignOf(id);
        assertEq(uint8(c.status), uint8(IAdEscrow.CampaignStatus.Cancelled), "still cancelled");
        assertEq(c.deposited, 10e18, "top-up refused");
        assertEq(c.remaining, 0, "refunded once");
        assertEq(c.refunded, 10e18, "refunded");
        assertEq(token.balanceOf(advertiser), 11e18, "deposit back, top-up never pulled");
        assertEq(token.balanceOf(address(escrow)), 0, "nothing left");
    }

    function test_spentCampaignHasNothingToRefund() public {
        uint256 id = _open(1.1e18, 0, new uint256[](0));
        _settle(id, 1, _one(_item(1, 1000, 10))); // exactly the budget
        vm.warp(uint256(escrow.campaignOf(id).end) + 1 days + 1);
        vm.prank(advertiser);
        vm.expectRevert(
            abi.encodeWithSelector(IEscrowVault.EscrowVaultNothingToWithdraw.selector, advertiser, address(token))
        );
        escrow.refundRemainder(id);
    }

    function test_pauseAndResumeOnlyFromTheRightStatus() public {
        uint256 id = _open(10e18, 0, new uint256[](0));
        vm.startPrank(advertiser);
        vm.expectRevert(
            abi.encodeWithSelector(IAdEscrow.AdEscrowCampaignNotActive.selector, id, IAdEscrow.CampaignStatus.Active)
        );
        escrow.resumeCampaign(id);
        escrow.pauseCampaign(id);
        vm.expectRevert(
            abi.encodeWithSelector(IAdEscrow.AdEscrowCampaignNotActive.selector, id, IAdEscrow.CampaignStatus.Paused)
        );
        escrow.pauseCampaign(id);
        vm.stopPrank();
        assertEq(uint8(escrow.campaignOf(id).status), uint8(IAdEscrow.CampaignStatus.Paused), "paused");

        // an exhausted campaign is neither active nor paused
        uint256 spent = _open(1e15, 0, new uint256[](0));
        _settle(spent, 1, _one(_item(1, 1, 0)));
        vm.startPrank(advertiser);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAdEscrow.AdEscrowCampaignNotActive.selector,
                spent,
                IAdEscrow.CampaignStatus.Exhausted
            )
        );
        escrow.pauseCampaign(spent);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAdEscrow.AdEscrowCampaignNotActive.selector,
                spent,
                IAdEscrow.CampaignStatus.Exhausted
            )
        );
        escrow.resumeCampaign(spent);
        vm.stopPrank();
    }

    function test_onlyTheAdvertiserManagesItsCampaign() public {
        uint256 id = _open(10e18, 0, new uint256[](0));
        address stranger = makeAddr("stranger");
        bytes memory notAdvertiser = abi.encodeWithSelector(
            IAdEscrow.AdEscrowNotAdvertiser.selector,
            id,
            stranger
        );
        vm.startPrank(stranger);
        vm.expectRevert(notAdvertiser);
        escrow.topUp(id, 1);
        vm.expectRevert(notAdvertiser);
        escrow.pauseCampaign(id);
        vm.expectRevert(notAdvertiser);
        escrow.cancelCampaign(id);
        vm.expectRevert(notAdvertiser);
        escrow.refundRemainder(id);
        vm.stopPrank();
        assertEq(uint8(escrow.campaignOf(id).status), uint8(IAdEscrow.CampaignStatus.Active), "untouched");
        assertEq(escrow.campaignOf(id).remaining, 10e18, "budget untouched");
    }

    function test_settlingUnknownCampaignRefused() public {
        IAdEscrow.AdItem[] memory items = _one(_item(1, 10, 0));
        IAdEscrow.SettlementReport memory r = _report(99, 1, items, 0);
        bytes[] memory sigs = _sign(r);
        vm.expectRevert(abi.encodeWithSelector(IAdEscrow.AdEscrowUnknownCampaign.selector, 99));
        escrow.settle(r, items, sigs);
    }

    function test_itemWithoutStorageProviderGivesStorageShareToViewers() public {
        uint256 id = _open(100e18, 0, new uint256[](0));
        IAdEscrow.AdItem[] memory items = new IAdEscrow.AdItem[](2);
        items[0] = IAdEscrow.AdItem(1, 1000, 0, address(0)); // 1e18, no storage provider
        items[1] = _item(2, 1000, 0); // 1e18, stored by storageNode
        // work 1: 0.5 creator, 0.1 platform, 0.3 + 0.1 viewers; work 2: 0.5, 0.1 storage, 0.1, 0.3
        uint256 pool = 0.4e18 + 0.3e18;
        IAdEscrow.SettlementReport memory r = _report(id, 1, items, pool);
        bytes[] memory sigs = _sign(r);
        address creator1 = registry.ownerOf(1);
        address creator2 = registry.ownerOf(2);
        vm.expectEmit(address(escrow));
        // Payout(amount, creator, storage, viewer, platform)
        emit IAdEscrow.AdWorkPaid(id, 1, 1, creator1, items[0], IAdEscrow.Payout(1e18, 0.5e18, 0, 0.4e18, 0.1e18));
        vm.expectEmit(address(escrow));
        emit IAdEscrow.AdWorkPaid(id, 1, 2, creator2, items[1], IAdEscrow.Payout(1e18, 0.5e18, 0.1e18, 0.3e18, 0.1e18));
        escrow.settle(r, items, sigs);

        assertEq(escrow.creditOf(address(0), address(token)), 0, "nothing credited to address 0");
        assertEq(escrow.creditOf(storageNode, address(token)), 0.1e18, "storage of work 2 only");
        assertEq(escrow.creditOf(creator1, address(token)), 0.5e18, "creator 1");
        assertEq(escrow.creditOf(creator2, address(token)), 0.5e18, "creator 2");
        assertEq(escrow.creditOf(treasury, address(token)), 0.2e18, "platform");
        AdEscrow.Campaign memory c = escrow.campaignOf(id);
        assertEq(c.viewerPool, 0.7e18, "viewer pool took the storage share");
        assertEq(c.paidDirect, 1.3e18, "paid directly");
        assertEq(c.remaining, 98e18, "remaining");
        assertEq(_accounted(id), 100e18, "conservation");
        escrow.claimViewer(id, viewer, pool, new bytes32[](0));
        assertEq(token.balanceOf(viewer), 0.7e18, "viewers paid the storage share");
    }

    function _hashPair(bytes32 a, bytes32 b) internal pure returns (bytes32) {
        return a < b ? keccak256(abi.encode(a, b)) : keccak256(abi.encode(b, a));
    }

    uint256 internal constant POOL = 0.3e18; // viewer pool of 1e18 paid under the default split
    uint256 internal constant FIRST = 0.1e18;

    /// @dev Settles `id` (1,000 views of work 2) with a quorum-signed three-leaf viewer tree:
    /// (viewer, FIRST), (attacker, POOL + 1) and (viewer2, POOL - FIRST); returns their proofs.
    function _settleOverpromisingTree(
        uint256 id,
        address attacker,
        address viewer2
    ) internal returns (bytes32[][3] memory proofs) {
        IAdEscrow.AdItem[] memory items = _one(_item(2, 1000, 0));
        assertEq(_expectedViewerPool(id, items), POOL, "pool");
        bytes32 l0 = _leaf(viewer, FIRST);
        bytes32 l1 = _leaf(attacker, POOL + 1); // one leaf alone larger than the signed total
        bytes32 l2 = _leaf(viewer2, POOL - FIRST);
        bytes32 h01 = _hashPair(l0, l1);
        IAdEscrow.SettlementReport memory r = _report(id, 1, items, POOL);
        r.viewerRoot = _hashPair(h01, l2);
        escrow.settle(r, items, _sign(r));
        proofs[0] = new bytes32[](2);
        (proofs[0][0], proofs[0][1]) = (l1, l2);
        proofs[1] = new bytes32[](2);
        (proofs[1][0], proofs[1][1]) = (l0, l2);
        proofs[2] = new bytes32[](1);
        proofs[2][0] = h01;
    }

    /// @dev A quorum-signed viewer tree whose leaves promise more than the campaign's viewer pool
    /// pays claims up to the pool and refuses the rest; the other campaign's money is untouched.
    function test_overpromisingViewerTreeNeverPaysBeyondThePool() public {
        uint256 other = _open(100e18, 0, new uint256[](0));
        _settle(other, 1, _one(_item(1, 1000, 10))); // pool 0.33e18
        uint256 id = _open(10e18, 0, new uint256[](0));
        address attacker = makeAddr("attacker");
        address viewer2 = makeAddr("viewer-2");
        bytes32[][3] memory proofs = _settleOverpromisingTree(id, attacker, viewer2);
        assertEq(escrow.campaignOf(id).viewerPool, POOL, "signed total equals the pool");

        // the oversized leaf alone exceeds the pool
        vm.expectRevert(abi.encodeWithSelector(IAdEscrow.AdEscrowClaimExceedsPool.selector, id, POOL + 1, POOL));
        escrow.claimViewer(id, attacker, POOL + 1, proofs[1]);
        // claims within the pool are paid
        escrow.claimViewer(id, viewer, FIRST, proofs[0]);
        assertEq(token.balanceOf(viewer), FIRST, "first viewer paid");
        vm.expectRevert(
            abi.encodeWithSelector(IAdEscrow.AdEscrowClaimExceedsPool.selector, id, FIRST + POOL + 1, POOL)
        );
        escrow.claimViewer(id, attacker, POOL + 1, proofs[1]);
        escrow.claimViewer(id, viewer2, POOL - FIRST, proofs[2]); // reaches the pool exactly
        assertEq(token.balanceOf(viewer2), POOL - FIRST, "second viewer paid");
        assertEq(escrow.campaignOf(id).viewerClaimed, POOL, "pool fully claimed");
        vm.expectRevert(
            abi.encodeWithSelector(IAdEscrow.AdEscrowClaimExceedsPool.selector, id, 2 * POOL + 1, POOL)
        );
        escrow.claimViewer(id, attacker, POOL + 1, proofs[1]);
        assertEq(token.balanceOf(attacker), 0, "attacker got nothing");
        assertEq(escrow.claimedOf(bytes32(id), attacker), 0, "no claim recorded");

        _assertOwedHeldAndPaidOut(other, id);
    }

    /// @dev The escrow holds exactly what it owes on campaigns `other` and `id` (whose viewer
    /// pool is fully claimed), and pays all of it: `other`'s viewer, every payee, both refunds.
    function _assertOwedHeldAndPaidOut(uint256 other, uint256 id) internal {
        address[4] memory payees = [registry.ownerOf(1), registry.ownerOf(2), storageNode, treasury];
        AdEscrow.Campaign memory o = escrow.campaignOf(other);
        AdEscrow.Campaign memory c = escrow.campaignOf(id);
        uint256 owed = uint256(o.remaining) + o.viewerPool - o.viewerClaimed + c.remaining;
        for (uint256 i = 0; i < 4; ++i) owed += escrow.creditOf(payees[i], address(token));
        assertEq(token.balanceOf(address(escrow)), owed, "balance == owed");

        escrow.claimViewer(other, viewer, o.viewerPool, new bytes32[](0));
        assertEq(token.balanceOf(viewer), FIRST + o.viewerPool, "other campaign's viewer paid in full");
        for (uint256 i = 0; i < 4; ++i) {
            vm.prank(payees[i]);
            escrow.withdraw(address(token));
        }
        vm.startPrank(advertiser);
        escrow.cancelCampaign(other);
        escrow.refundRemainder(other);
        escrow.cancelCampaign(id);
        escrow.refundRemainder(id);
        vm.stopPrank();
        assertEq(token.balanceOf(advertiser), uint256(o.remaining) + c.remaining, "both remainders refunded");
        assertEq(token.balanceOf(address(escrow)), 0, "every debt paid, nothing short");
    }

    function test_splitBoundsAndSettingsViewsAndSetters() public {
        IAdEscrow.SplitBounds memory b = escrow.splitBounds();
        assertEq(b.minCreatorBps, 2000, "min creator");
        assertEq(b.maxViewerBps, 5000, "max viewer");
        assertEq(b.maxStorageBps, 3000, "max storage");
        assertEq(b.minPlatformBps, 0, "min platform");
        assertEq(b.maxPlatformBps, 2000, "max platform");
        (address platformTreasury, uint32 grace) = escrow.settings();
        assertEq(platformTreasury, treasury, "treasury");
        assertEq(grace, 1 days, "grace");

        IAdEscrow.SplitBounds memory nb = IAdEscrow.SplitBounds(4000, 2500, 2000, 500, 1500);
        vm.expectEmit(address(escrow));
        emit IAdEscrow.SplitBoundsChanged(nb);
        escrow.setSplitBounds(nb);
        address newTreasury = makeAddr("treasury-2");
        vm.expectEmit(address(escrow));
        emit IAdEscrow.PlatformTreasuryChanged(newTreasury);
        escrow.setPlatformTreasury(newTreasury);
        vm.expectEmit(address(escrow));
        emit IAdEscrow.SettlementGraceChanged(7 days);
        escrow.setSettlementGrace(7 days);

        b = escrow.splitBounds();
        assertEq(b.minCreatorBps, 4000, "new min creator");
        assertEq(b.maxViewerBps, 2500, "new max viewer");
        assertEq(b.maxStorageBps, 2000, "new max storage");
        assertEq(b.minPlatformBps, 500, "new min platform");
        assertEq(b.maxPlatformBps, 1500, "new max platform");
        (platformTreasury, grace) = escrow.settings();
        assertEq(platformTreasury, newTreasury, "new treasury");
        assertEq(grace, 7 days, "new grace");

        // the new bounds apply to new campaigns: the default 30 % viewer share is now too high
        IAdEscrow.CampaignParams memory p = _params(1e18, 0);
        vm.expectRevert(abi.encodeWithSelector(IAdEscrow.AdEscrowInvalidSplit.selector, 5000, 3000, 1000, 1000));
        escrow.createCampaign(p, new uint256[](0));
    }

    function test_invalidBoundsAndZeroTreasuryRefused() public {
        IAdEscrow.SplitBounds[5] memory bad = [
            IAdEscrow.SplitBounds(10_001, 5000, 3000, 0, 2000), // min creator above 100 %
            IAdEscrow.SplitBounds(2000, 10_001, 3000, 0, 2000), // max viewer above 100 %
            IAdEscrow.SplitBounds(2000, 5000, 10_001, 0, 2000), // max storage above 100 %
            IAdEscrow.SplitBounds(2000, 5000, 3000, 2001, 2000), // min platform above max platform
            IAdEscrow.SplitBounds(9000, 5000, 3000, 1001, 2000) // minimums add up to over 100 %
        ];
        for (uint256 i = 0; i < bad.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(IAdEscrow.AdEscrowInvalidBounds.selector, bad[i]));
            escrow.setSplitBounds(bad[i]);
        }
        IAdEscrow.SplitBounds memory overMax = IAdEscrow.SplitBounds(0, 5000, 3000, 10_001, 10_001);
        vm.expectRevert(abi.encodeWithSelector(IAdEscrow.AdEscrowInvalidBounds.selector, overMax));
        escrow.setSplitBounds(overMax);
        vm.expectRevert(abi.encodeWithSelector(IAdEscrow.AdEscrowZeroAddress.selector));
        escrow.setPlatformTreasury(address(0));

        // unchanged
        assertEq(escrow.splitBounds().minCreatorBps, 2000, "bounds kept");
        (address platformTreasury, ) = escrow.settings();
        assertEq(platformTreasury, treasury, "treasury kept");

        // the constructor applies the same checks
        vm.expectRevert(abi.encodeWithSelector(IAdEscrow.AdEscrowZeroAddress.selector));
        new AdEscrow(
            authority,
            ICopyrightRegistry(address(registry)),
            address(0),
            IAdEscrow.SplitBounds(2000, 5000, 3000, 0, 2000),
            1 days,
            0,
            address(this)
        );
        vm.expectRevert(abi.encodeWithSelector(IAdEscrow.AdEscrowInvalidBounds.selector, bad[3]));
        new AdEscrow(authority, ICopyrightRegistry(address(registry)), treasury, bad[3], 1 days, 0, address(this));
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
