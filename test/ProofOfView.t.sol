// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IAuthoritySet} from "../contracts/interfaces/IAuthoritySet.sol";
import {ICumulativeMerkleClaims} from "../contracts/interfaces/ICumulativeMerkleClaims.sol";
import {IProofOfView} from "../contracts/interfaces/IProofOfView.sol";
import {IMintableERC20} from "../contracts/mining/IMintableERC20.sol";
import {IWorkRegistryView} from "../contracts/pov/IWorkRegistryView.sol";
import {ProofOfView} from "../contracts/pov/ProofOfView.sol";
import {PovTestBase} from "./harness/PovTestBase.sol";

contract ProofOfViewTest is PovTestBase {
    address internal constant ALICE = address(0xA11CE);
    address internal constant BOB = address(0xB0B);

    function setUp() public {
        _deployPov();
    }

    /// @dev Settles epochs [from, to] with work 1 earning `t`, split between ALICE and BOB in the tree.
    function _settle(
        uint64 from,
        uint64 to,
        uint256 t,
        uint256 cumA,
        uint256 cumB
    ) internal returns (IProofOfView.EpochReport memory r, bytes32[] memory proofA, bytes32[] memory proofB) {
        bytes32 root;
        (root, proofA, proofB) = _pair(ALICE, cumA, BOB, cumB);
        (IProofOfView.Split memory split, ) = pov.splitAt(1, from);
        r = _report(from, to, root, _one(_totals(1, t, split)));
        pov.settle(r, _sign(r, 2));
    }

    // ------------------------------------------------------------------ splits

    function test_setSplit_rulesAndEvents() public {
        vm.expectRevert(abi.encodeWithSelector(IProofOfView.ProofOfViewNotCreator.selector, 1, address(this), CREATOR));
        pov.setSplit(1, IProofOfView.Split(5000, 4000, 1000));
        vm.startPrank(CREATOR);
        vm.expectRevert(abi.encodeWithSelector(IProofOfView.ProofOfViewNotVideo.selector, 3, 0));
        pov.setSplit(3, IProofOfView.Split(5000, 4000, 1000));
        // viewer above its 60 % bound
        vm.expectRevert(abi.encodeWithSelector(IProofOfView.ProofOfViewInvalidSplit.selector, 1, 3000, 7000, 0));
        pov.setSplit(1, IProofOfView.Split(3000, 7000, 0));
        // not summing to 10,000
        vm.expectRevert(abi.encodeWithSelector(IProofOfView.ProofOfViewInvalidSplit.selector, 1, 5000, 4000, 999));
        pov.setSplit(1, IProofOfView.Split(5000, 4000, 999));
        // a change applies from the next epoch; settlements starting before keep the old split
        _warpToEpoch(7);
        pov.setSplit(1, IProofOfView.Split(7000, 3000, 0));
        vm.stopPrank();
        (IProofOfView.Split memory before, bool enrolled) = pov.splitAt(1, 7);
        (IProofOfView.Split memory afterwards, ) = pov.splitAt(1, 8);
        assertTrue(enrolled, "enrolled");
        assertEq(before.viewerBps, 4000, "old split up to epoch 7");
        assertEq(afterwards.viewerBps, 3000, "new split from epoch 8");
        (, bool other) = pov.splitAt(99, 0);
        assertFalse(other, "unknown work not enrolled");
    }

    function test_setEnhancers() public {
        address[] memory accounts = new address[](2);
        uint32[] memory weights = new uint32[](2);
        accounts[0] = address(0xE1);
        accounts[1] = address(0xE2);
        weights[0] = 3;
        weights[1] = 1;
        vm.prank(CREATOR);
        pov.setEnhancers(1, accounts, weights);
        (address[] memory got, uint32[] memory w) = pov.enhancersOf(1);
        assertEq(got[1], address(0xE2), "stored");
        assertEq(w[0], 3, "weights");
        weights[1] = 0;
        vm.prank(CREATOR);
        vm.expectRevert(abi.encodeWithSelector(IProofOfView.ProofOfViewInvalidEnhancers.selector, 1, 1, 2));
        pov.setEnhancers(1, accounts, weights);
    }

    // ------------------------------------------------------------------ settlement and claims

    function test_settleActivateClaim_happyPath() public {
        _warpToEpoch(10);
        uint256 t = 1000e18;
        (IProofOfView.EpochReport memory r, bytes32[] memory pa, bytes32[] memory pb) = _settle(0, 9, t, 600e18, 400e18);
        assertEq(token.balanceOf(address(pov)), t, "minted the total to itself");
        (uint64 nextEpoch, uint64 nextNonce, bytes32 pending, , uint64 activeAt, bytes32 active, ) = pov
            .settlementState();
        assertEq(nextEpoch, 10, "next epoch");
        assertEq(nextNonce, 1, "next nonce");
        assertEq(pending, r.root, "pending root");
        assertEq(active, bytes32(0), "nothing active");
        vm.expectRevert(abi.encodeWithSelector(IProofOfView.ProofOfViewNoActiveRoot.selector));
        pov.claim(ALICE, 600e18, pa);
        vm.warp(activeAt);
        pov.activateRoot();
        assertEq(pov.claim(ALICE, 600e18, pa), 600e18, "alice paid");
        assertEq(token.balanceOf(ALICE), 600e18, "alice balance");
        vm.expectRevert(
            abi.encodeWithSelector(
                ICumulativeMerkleClaims.CumulativeClaimNothingToClaim.selector,
                pov.CLAIM_KEY(),
                ALICE,
                600e18,
                600e18
            )
        );
        pov.claim(ALICE, 600e18, pa);
        vm.expectRevert(
            abi.encodeWithSelector(
                ICumulativeMerkleClaims.CumulativeClaimInvalidProof.selector,
                pov.CLAIM_KEY(),
                BOB,
                500e18
            )
        );
        pov.claim(BOB, 500e18, pb);
        pov.claim(BOB, 400e18, pb);

        // a second settlement: cumulative totals grow, a claim pays only the difference
        _warpToEpoch(20);
        (, bytes32[] memory pa2, ) = _settle(10, 19, t, 1100e18, 900e18);
        (, , , , uint64 activeAt2, , ) = pov.settlementState();
        vm.warp(activeAt2);
        pov.activateRoot();
        assertEq(pov.claim(ALICE, 1100e18, pa2), 500e18, "difference only");
        assertEq(pov.claimed(ALICE), 1100e18, "claimed total");
    }

    function test_settle_epochOrderAndOnce() public {
        _warpToEpoch(10);
        (IProofOfView.Split memory split, ) = pov.splitAt(1, 0);
        // must start at epoch 0
        IProofOfView.EpochReport memory r = _report(1, 9, bytes32(uint256(1)), _one(_totals(1, 1e18, split)));
        bytes[] memory sigs = _sign(r, 2);
        vm.expectRevert(abi.encodeWithSelector(IProofOfView.ProofOfViewEpochOutOfOrder.selector, 1, 0));
        pov.settle(r, sigs);
        // epoch 10 is running: cannot be settled
        r = _report(0, 10, bytes32(uint256(1)), _one(_totals(1, 1e18, split)));
        sigs = _sign(r, 2);
        vm.expectRevert(abi.encodeWithSelector(IProofOfView.ProofOfViewEpochNotEnded.selector, 10, 10));
        pov.settle(r, sigs);
        // span reversed
        r = _report(0, 0, bytes32(uint256(1)), _one(_totals(1, 1e18, split)));
        r.toEpoch = 0;
        r.fromEpoch = 0;
        pov.settle(r, _sign(r, 2));
        // the same signed report cannot be replayed (nonce and epoch both moved)
        vm.warp(block.timestamp + WINDOW);
        sigs = _sign(r, 2);
        vm.expectRevert(abi.encodeWithSelector(IProofOfView.ProofOfViewWrongNonce.selector, 0, 1));
        pov.settle(r, sigs);
        r = _report(0, 5, bytes32(uint256(2)), _one(_totals(1, 1e18, split)));
        sigs = _sign(r, 2);
        vm.expectRevert(abi.encodeWithSelector(IProofOfView.ProofOfViewEpochOutOfOrder.selector, 0, 1));
        pov.settle(r, sigs);
        r = _report(1, 0, bytes32(uint256(2)), _one(_totals(1, 1e18, split)));
        sigs = _sign(r, 2);
        vm.expectRevert(abi.encodeWithSelector(IProofOfView.ProofOfViewInvalidSpan.selector, 1, 0));
        pov.settle(r, sigs);
    }

    function test_settle_waitsForThePendingRootThenActivatesIt() public {
        _warpToEpoch(10);
        (IProofOfView.EpochReport memory first, , ) = _settle(0, 4, 10e18, 6e18, 4e18);
        (, , , , uint64 activeAt, , ) = pov.settlementState();
        (IProofOfView.Split memory split, ) = pov.splitAt(1, 5);
        IProofOfView.EpochReport memory r = _report(5, 9, bytes32(uint256(7)), _one(_totals(1, 10e18, split)));
        bytes[] memory sigs = _sign(r, 2);
        vm.warp(activeAt - 1);
        vm.expectRevert(abi.encodeWithSelector(IProofOfView.ProofOfViewRootPending.selector, 0, activeAt));
        pov.settle(r, sigs);
        vm.warp(activeAt);
        pov.settle(r, sigs);
        (, , bytes32 pending, uint64 pendingNonce, , bytes32 active, uint64 activeNonce) = pov.settlementState();
        assertEq(active, first.root, "previous root activated by the settlement");
        assertEq(activeNonce, 0, "active nonce");
        assertEq(pending, r.root, "new root pending");
        assertEq(pendingNonce, 1, "pending nonce");
    }

    function test_challengeWindow_boundaries() public {
        _warpToEpoch(10);
        _settle(0, 9, 10e18, 6e18, 4e18);
        (, , , , uint64 activeAt, , ) = pov.settlementState();
        vm.warp(activeAt - 1);
        vm.expectRevert(abi.encodeWithSelector(IProofOfView.ProofOfViewRootNotMature.selector, 0, activeAt));
        pov.activateRoot();
        vm.expectRevert(abi.encodeWithSelector(IProofOfView.ProofOfViewNotSupervisor.selector, address(this)));
        pov.rejectRoot(0, "x");
        vm.prank(SUPERVISOR);
        vm.expectRevert(abi.encodeWithSelector(IProofOfView.ProofOfViewNoPendingRoot.selector, 1));
        pov.rejectRoot(1, "x");
        vm.warp(activeAt);
        vm.prank(SUPERVISOR);
        vm.expectRevert(abi.encodeWithSelector(IProofOfView.ProofOfViewChallengeWindowOver.selector, 0, activeAt));
        pov.rejectRoot(0, "x");
        pov.activateRoot();
        vm.expectRevert(abi.encodeWithSelector(IProofOfView.ProofOfViewNoPendingRoot.selector, 1));
        pov.activateRoot();
    }

    function test_rejectRoot_reopensEpochsAndReusesTheReserve() public {
        _warpToEpoch(10);
        _settle(0, 9, 100e18, 60e18, 40e18);
        (, , , , uint64 activeAt, , ) = pov.settlementState();
        vm.warp(activeAt - 1);
        vm.prank(SUPERVISOR);
        pov.rejectRoot(0, "inflated views");
        (uint64 nextEpoch, uint64 nextNonce, bytes32 pending, , , bytes32 active, ) = pov.settlementState();
        assertEq(nextEpoch, 0, "epochs re-opened");
        assertEq(nextNonce, 1, "nonce keeps moving: the rejected report cannot be replayed");
        assertEq(pending, bytes32(0), "nothing pending");
        assertEq(active, bytes32(0), "nothing active");
        (uint256 allocated, uint256 reserve) = pov.books();
        assertEq(allocated, 0, "nothing allocated");
        assertEq(reserve, 100e18, "kept in reserve");
        // a corrected report of the same epochs mints only beyond the reserve
        _settle(0, 9, 150e18, 90e18, 60e18);
        assertEq(token.totalSupply(), 150e18, "minted 50 more");
        (allocated, reserve) = pov.books();
        assertEq(allocated, 150e18, "allocated");
        assertEq(reserve, 0, "reserve used");
    }

    function test_settle_rejectsWhatBreaksTheRules() public {
        _warpToEpoch(10);
        (IProofOfView.Split memory split, ) = pov.splitAt(1, 0);
        IProofOfView.ContentTotals memory c = _totals(1, 1000e18, split);
        // a viewer amount one wei above the split
        c.viewer += 1;
        c.creator -= 1;
        IProofOfView.EpochReport memory r = _report(0, 9, bytes32(uint256(1)), _one(c));
        uint256 expectedViewer = c.viewer - 1;
        bytes[] memory sigs = _sign(r, 2);
        vm.expectRevert(
            abi.encodeWithSelector(IProofOfView.ProofOfViewSplitMismatch.selector, 1, 1, expectedViewer + 1, expectedViewer)
        );
        pov.settle(r, sigs);
        // total not the sum
        r = _report(0, 9, bytes32(uint256(1)), _one(_totals(1, 1000e18, split)));
        r.total -= 1;
        sigs = _sign(r, 2);
        vm.expectRevert(abi.encodeWithSelector(IProofOfView.ProofOfViewTotalMismatch.selector, 1000e18 - 1, 1000e18));
        pov.settle(r, sigs);
        // above the emission of 10 epochs (1,350)
        r = _report(0, 9, bytes32(uint256(1)), _one(_totals(1, 1351e18, split)));
        sigs = _sign(r, 2);
        vm.expectRevert(abi.encodeWithSelector(IProofOfView.ProofOfViewEmissionExceeded.selector, 1351e18, 1350e18));
        pov.settle(r, sigs);
        // a suspended work earns nothing
        registry.setActive(1, false);
        r = _report(0, 9, bytes32(uint256(1)), _one(_totals(1, 10e18, split)));
        sigs = _sign(r, 2);
        vm.expectRevert(abi.encodeWithSelector(IProofOfView.ProofOfViewContentNotActive.selector, 1));
        pov.settle(r, sigs);
        registry.setActive(1, true);
        // not enrolled (an image)
        r = _report(0, 9, bytes32(uint256(1)), _one(_totals(3, 10e18, split)));
        sigs = _sign(r, 2);
        vm.expectRevert(abi.encodeWithSelector(IProofOfView.ProofOfViewContentNotEnrolled.selector, 3));
        pov.settle(r, sigs);
        // contents out of order
        IProofOfView.ContentTotals[] memory two = new IProofOfView.ContentTotals[](2);
        two[0] = _totals(2, 10e18, IProofOfView.Split(6000, 4000, 0));
        two[1] = _totals(1, 10e18, split);
        r = _report(0, 9, bytes32(uint256(1)), two);
        sigs = _sign(r, 2);
        vm.expectRevert(abi.encodeWithSelector(IProofOfView.ProofOfViewContentsNotSorted.selector, 1, 2, 1));
        pov.settle(r, sigs);
        // one signature of three is not a quorum
        r = _report(0, 9, bytes32(uint256(1)), _one(_totals(1, 10e18, split)));
        sigs = _sign(r, 1);
        vm.expectRevert(abi.encodeWithSelector(IAuthoritySet.AuthoritySetQuorumNotReached.selector, 1, 2));
        pov.settle(r, sigs);
        // signatures over another report
        bytes[] memory other = _sign(_report(0, 8, bytes32(uint256(1)), _one(_totals(1, 10e18, split))), 2);
        vm.expectRevert();
        pov.settle(r, other);
    }

    function test_pause_blocksSettlementAndClaims() public {
        _warpToEpoch(10);
        pov.pause();
        (IProofOfView.Split memory split, ) = pov.splitAt(1, 0);
        IProofOfView.EpochReport memory r = _report(0, 9, bytes32(uint256(1)), _one(_totals(1, 10e18, split)));
        bytes[] memory sigs = _sign(r, 2);
        vm.expectRevert();
        pov.settle(r, sigs);
        pov.unpause();
        pov.settle(r, sigs);
    }

    function test_admin_parameters() public {
        vm.expectRevert(abi.encodeWithSelector(IProofOfView.ProofOfViewInvalidProtocolShares.selector, 3000, 1500, 501));
        pov.setProtocolShares(3000, 1500, 501);
        pov.setProtocolShares(3000, 1500, 500);
        (uint16 s, uint16 v, uint16 sup) = pov.protocolShares();
        assertEq(uint256(s) + v + sup, 5000, "at most half");
        vm.expectRevert(abi.encodeWithSelector(IProofOfView.ProofOfViewInvalidParameter.selector, "challengeWindow", 31 days));
        pov.setChallengeWindow(31 days);
        vm.prank(ALICE);
        vm.expectRevert();
        pov.setChallengeWindow(1);
        assertEq(pov.currentEpoch(), 0, "epoch 0 at genesis");
        _warpToEpoch(730_000);
        assertEq(pov.currentEpoch(), 730_000, "a year of 43.2 s epochs");
        assertEq(pov.emissionOf(0, 729_999), 98_550_000e18, "year 1");
        assertEq(pov.emissionOf(730_000, 1_459_999), 49_275_000e18, "year 2");
    }

    // ------------------------------------------------------------------ edge paths

    function test_constructor_refusesMissingParts() public {
        ProofOfView.Parameters memory p = _parameters();
        p.token = IMintableERC20(address(0));
        vm.expectRevert(abi.encodeWithSelector(IProofOfView.ProofOfViewInvalidParameter.selector, "token", 0));
        new ProofOfView(p, 0, address(this));
        p = _parameters();
        p.authority = IAuthoritySet(address(0));
        vm.expectRevert(abi.encodeWithSelector(IProofOfView.ProofOfViewInvalidParameter.selector, "authority", 0));
        new ProofOfView(p, 0, address(this));
        p = _parameters();
        p.registry = IWorkRegistryView(address(0));
        vm.expectRevert(abi.encodeWithSelector(IProofOfView.ProofOfViewInvalidParameter.selector, "registry", 0));
        new ProofOfView(p, 0, address(this));
        p = _parameters();
        p.epochMillis = 0;
        vm.expectRevert(abi.encodeWithSelector(IProofOfView.ProofOfViewInvalidParameter.selector, "epochMillis", 0));
        new ProofOfView(p, 0, address(this));
    }

    function test_currentEpoch_isZeroBeforeAFutureGenesis() public {
        ProofOfView.Parameters memory p = _parameters();
        p.genesis = uint64(block.timestamp + 1000);
        ProofOfView later = new ProofOfView(p, 0, address(this));
        assertEq(later.GENESIS(), block.timestamp + 1000, "genesis kept");
        assertEq(later.currentEpoch(), 0, "before genesis");
        vm.warp(block.timestamp + 1000 + 87); // 87 s after genesis: two 43.2 s epochs have ended
        assertEq(later.currentEpoch(), 2, "epoch 2");
    }

    function test_setEnhancers_refusesMismatchedListsAndTooMany() public {
        address[] memory accounts = new address[](2);
        uint32[] memory weights = new uint32[](1);
        accounts[0] = address(0xE1);
        accounts[1] = address(0xE2);
        weights[0] = 1;
        vm.prank(CREATOR);
        vm.expectRevert(abi.encodeWithSelector(IProofOfView.ProofOfViewInvalidEnhancers.selector, 1, 1, 2));
        pov.setEnhancers(1, accounts, weights);

        uint256 many = pov.MAX_ENHANCERS() + 1;
        accounts = new address[](many);
        weights = new uint32[](many);
        for (uint256 i; i < many; ++i) {
            accounts[i] = address(uint160(0xE000 + i));
            weights[i] = 1;
        }
        vm.prank(CREATOR);
        vm.expectRevert(abi.encodeWithSelector(IProofOfView.ProofOfViewInvalidEnhancers.selector, 1, many, many));
        pov.setEnhancers(1, accounts, weights);
        (address[] memory kept, ) = pov.enhancersOf(1);
        assertEq(kept.length, 0, "nothing stored");
    }

    function test_setSplitBounds_refusesImpossibleBounds() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IProofOfView.ProofOfViewInvalidParameter.selector,
                "minCreatorBps + minViewerBps",
                10_001
            )
        );
        pov.setSplitBounds(IProofOfView.SplitBounds(6001, 4000, 6000, 0));
        vm.expectRevert(abi.encodeWithSelector(IProofOfView.ProofOfViewInvalidParameter.selector, "maxViewerBps", 999));
        pov.setSplitBounds(IProofOfView.SplitBounds(2000, 1000, 999, 0));
        vm.expectRevert(abi.encodeWithSelector(IProofOfView.ProofOfViewInvalidParameter.selector, "maxViewerBps", 10_001));
        pov.setSplitBounds(IProofOfView.SplitBounds(0, 0, 10_001, 0));
        vm.expectRevert(
            abi.encodeWithSelector(IProofOfView.ProofOfViewInvalidParameter.selector, "maxEnhancerBps", 10_001)
        );
        pov.setSplitBounds(IProofOfView.SplitBounds(0, 0, 10_000, 10_001));

        pov.setSplitBounds(IProofOfView.SplitBounds(1000, 0, 10_000, 10_000));
        IProofOfView.SplitBounds memory b = pov.splitBounds();
        assertEq(uint256(b.minCreatorBps), 1000, "min creator");
        assertEq(uint256(b.maxEnhancerBps), 10_000, "max enhancer");
    }

    // ------------------------------------------------------------------ fuzz

    /// @dev The canonical amounts of any total and any valid split are accepted; one wei moved
    /// between two roles is refused.
    function test_fuzz_splitRespected(uint256 t, uint16 viewerBps, uint16 enhancerBps, uint8 role) public {
        t = bound(t, 1, 1350e18);
        viewerBps = uint16(bound(viewerBps, 1000, 6000));
        enhancerBps = uint16(bound(enhancerBps, 0, viewerBps > 5000 ? 8000 - viewerBps : 3000));
        IProofOfView.Split memory split = IProofOfView.Split(10_000 - viewerBps - enhancerBps, viewerBps, enhancerBps);
        registry.setWork(9, CREATOR, 1, 1, true);
        vm.prank(CREATOR);
        pov.setSplit(9, split);
        _warpToEpoch(10);
        IProofOfView.ContentTotals memory c = _totals(9, t, split);
        uint256 snap = vm.snapshotState();
        IProofOfView.EpochReport memory r = _report(0, 9, bytes32(uint256(1)), _one(c));
        pov.settle(r, _sign(r, 2));
        assertEq(token.totalSupply(), t, "minted the content's amount");
        vm.revertToState(snap);
        // move one wei from the creator to another role (or back)
        role = uint8(bound(role, 1, 5));
        if (c.creator == 0) return;
        c.creator -= 1;
        if (role == 1) c.viewer += 1;
        else if (role == 2) c.enhancer += 1;
        else if (role == 3) c.storageProvider += 1;
        else if (role == 4) c.verifier += 1;
        else c.supervisor += 1;
        r = _report(0, 9, bytes32(uint256(1)), _one(c));
        bytes[] memory sigs = _sign(r, 2);
        vm.expectRevert();
        pov.settle(r, sigs);
    }
}
