// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IProofOfView} from "../contracts/interfaces/IProofOfView.sol";
import {ProofOfView} from "../contracts/pov/ProofOfView.sol";
import {PovTestBase} from "./harness/PovTestBase.sol";
import {RewardTestToken} from "./harness/RewardTestToken.sol";
import {Test} from "./utils/Test.sol";

/// @dev Drives settlements, rejections, activations and claims at random, keeping ghost books.
contract PovHandler is PovTestBase {
    address public constant ALICE = address(0xA11CE);
    address public constant BOB = address(0xB0B);

    uint64 public maxSettledEpoch;
    bool public settledAny;
    uint256 public totalClaimed;
    uint256 public cumA; // ALICE's cumulative total in the newest accepted root
    uint256 public cumB;
    mapping(uint64 nonce => uint256) public cumAAt;
    mapping(uint64 nonce => uint256) public cumBAt;
    mapping(uint64 nonce => uint256) private _deltaA;
    mapping(uint64 nonce => uint256) private _deltaB;

    constructor() {
        _deployPov();
    }

    function settle(uint256 amountSeed, uint256 spanSeed) external {
        (uint64 nextEpoch, uint64 nonce, , , uint64 activeAt, , ) = pov.settlementState();
        if (activeAt != 0 && block.timestamp < activeAt) vm.warp(activeAt);
        uint64 to = nextEpoch + uint64(bound(spanSeed, 0, 50));
        if (pov.currentEpoch() <= to) _warpToEpoch(to + 1);
        uint256 emission = pov.emissionOf(nextEpoch, to);
        (IProofOfView.Split memory split, ) = pov.splitAt(1, nextEpoch);
        IProofOfView.ContentTotals memory c = _totals(1, bound(amountSeed, 0, emission), split);
        uint256 t = c.creator + c.viewer + c.enhancer + c.storageProvider + c.verifier + c.supervisor;
        uint256 da = t / 3;
        (bytes32 root, , ) = _pair(ALICE, cumA + da, BOB, cumB + (t - da));
        IProofOfView.EpochReport memory r = _report(nextEpoch, to, root, _one(c));
        pov.settle(r, _sign(r, 2));
        cumA += da;
        cumB += t - da;
        _deltaA[nonce] = da;
        _deltaB[nonce] = t - da;
        cumAAt[nonce] = cumA;
        cumBAt[nonce] = cumB;
        if (!settledAny || to > maxSettledEpoch) maxSettledEpoch = to;
        settledAny = true;
    }

    function reject() external {
        (, , bytes32 pending, uint64 nonce, uint64 activeAt, , ) = pov.settlementState();
        if (pending == bytes32(0) || block.timestamp >= activeAt) return;
        vm.prank(SUPERVISOR);
        pov.rejectRoot(nonce, "invariant run");
        cumA -= _deltaA[nonce];
        cumB -= _deltaB[nonce];
    }

    function activate(uint256 waitSeed) external {
        (, , bytes32 pending, , uint64 activeAt, , ) = pov.settlementState();
        if (pending == bytes32(0)) return;
        if (waitSeed % 2 == 0 && block.timestamp < activeAt) vm.warp(activeAt);
        if (block.timestamp >= activeAt) pov.activateRoot();
    }

    function claim(bool alice) external {
        (, , , , , bytes32 active, uint64 activeNonce) = pov.settlementState();
        if (active == bytes32(0)) return;
        uint256 a = cumAAt[activeNonce];
        uint256 b = cumBAt[activeNonce];
        (, bytes32[] memory proofA, bytes32[] memory proofB) = _pair(ALICE, a, BOB, b);
        address account = alice ? ALICE : BOB;
        uint256 amount = alice ? a : b;
        if (amount <= pov.claimed(account)) return;
        totalClaimed += pov.claim(account, amount, alice ? proofA : proofB);
    }

    function povAddress() external view returns (ProofOfView) {
        return pov;
    }

    function tokenAddress() external view returns (RewardTestToken) {
        return token;
    }
}

contract ProofOfViewInvariantTest is Test {
    PovHandler internal handler;
    ProofOfView internal pov;
    RewardTestToken internal token;

    function setUp() public {
        handler = new PovHandler();
        pov = handler.povAddress();
        token = handler.tokenAddress();
        targetContract(address(handler));
    }

    function invariant_emissionNeverAboveSchedule() public view {
        uint256 schedule = handler.settledAny() ? pov.emissionOf(0, handler.maxSettledEpoch()) : 0;
        assertLe(token.totalSupply(), schedule, "minted <= schedule of the settled epochs");
    }

    function invariant_claimsNeverAboveMinted() public view {
        assertLe(handler.totalClaimed(), token.totalSupply(), "claimed <= minted");
        assertEq(token.balanceOf(address(pov)) + handler.totalClaimed(), token.totalSupply(), "balance + paid = minted");
        (uint256 allocated, uint256 reserve) = pov.books();
        assertEq(allocated + reserve, token.totalSupply(), "allocated + reserve = minted");
    }

    function invariant_noDoubleClaim() public view {
        (, , , , , , uint64 activeNonce) = pov.settlementState();
        assertLe(pov.claimed(handler.ALICE()), handler.cumAAt(activeNonce), "alice never beyond her total");
        assertLe(pov.claimed(handler.BOB()), handler.cumBAt(activeNonce), "bob never beyond his total");
        assertEq(
            pov.claimed(handler.ALICE()) + pov.claimed(handler.BOB()),
            handler.totalClaimed(),
            "claimed books = paid"
        );
    }
}
