// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AuthoritySet} from "../../contracts/access/AuthoritySet.sol";
import {IProofOfView} from "../../contracts/interfaces/IProofOfView.sol";
import {IMintableERC20} from "../../contracts/mining/IMintableERC20.sol";
import {ProofOfView} from "../../contracts/pov/ProofOfView.sol";
import {Test} from "../utils/Test.sol";
import {PovRegistryDouble} from "./PovRegistryDouble.sol";
import {RewardTestToken} from "./RewardTestToken.sol";

/// @dev Deployment, canonical splits, two-leaf cumulative trees and quorum signatures for ProofOfView tests.
abstract contract PovTestBase is Test {
    uint256 internal constant R0 = 135e18;
    uint64 internal constant EPOCH_MILLIS = 43_200;
    uint64 internal constant WINDOW = 1 hours;
    address internal constant CREATOR = address(0xC0DE);
    address internal constant SUPERVISOR = address(0x5E1F);

    RewardTestToken internal token;
    AuthoritySet internal authority;
    PovRegistryDouble internal registry;
    ProofOfView internal pov;
    uint256[] internal verifierKeys; // sorted by address

    function _deployPov() internal {
        token = new RewardTestToken(10_000_000_000e18, address(this));
        authority = new AuthoritySet(0, address(this));
        registry = new PovRegistryDouble();
        uint256[3] memory keys = [makeKey("pov-verifier-a"), makeKey("pov-verifier-b"), makeKey("pov-verifier-c")];
        for (uint256 i; i < 3; ++i) {
            for (uint256 j = i + 1; j < 3; ++j) {
                if (vm.addr(keys[j]) < vm.addr(keys[i])) (keys[i], keys[j]) = (keys[j], keys[i]);
            }
        }
        for (uint256 i; i < 3; ++i) {
            verifierKeys.push(keys[i]);
            authority.grantRole(authority.VERIFIER_ROLE(), vm.addr(keys[i]));
        }
        authority.grantRole(authority.SUPERVISOR_ROLE(), SUPERVISOR);
        pov = new ProofOfView(_parameters(), 0, address(this));
        token.grantRole(token.MINTER_ROLE(), address(pov));
        registry.setWork(1, CREATOR, 1, 5, true);
        registry.setWork(2, CREATOR, 1, 3, true);
        registry.setWork(3, CREATOR, 0, 0, true); // an image
        vm.startPrank(CREATOR);
        pov.setSplit(1, IProofOfView.Split(5000, 4000, 1000));
        pov.setSplit(2, IProofOfView.Split(6000, 4000, 0));
        vm.stopPrank();
    }

    /// @dev The deployment parameters of the test ProofOfView (token, authority, registry set first).
    function _parameters() internal view returns (ProofOfView.Parameters memory) {
        return
            ProofOfView.Parameters({
                token: IMintableERC20(address(token)),
                authority: authority,
                registry: registry,
                epochReward: R0,
                halvingEpochs: 730_000,
                maxHalvings: 1,
                epochMillis: EPOCH_MILLIS,
                genesis: 0,
                challengeWindow: WINDOW,
                storageBps: 1000,
                verifierBps: 500,
                supervisorBps: 500,
                bounds: IProofOfView.SplitBounds(2000, 1000, 6000, 3000)
            });
    }

    /// @dev The canonical role amounts of `t` for a content with `split` (see IProofOfView).
    function _totals(
        uint256 workId,
        uint256 t,
        IProofOfView.Split memory split
    ) internal pure returns (IProofOfView.ContentTotals memory c) {
        c.workId = workId;
        c.storageProvider = (t * 1000) / 10_000;
        c.verifier = (t * 500) / 10_000;
        c.supervisor = (t * 500) / 10_000;
        uint256 rest = t - c.storageProvider - c.verifier - c.supervisor;
        c.viewer = (rest * split.viewerBps) / 10_000;
        c.enhancer = (rest * split.enhancerBps) / 10_000;
        c.creator = rest - c.viewer - c.enhancer;
    }

    function _leaf(address account, uint256 cumulative) internal pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(account, cumulative))));
    }

    /// @dev Root of a two-leaf tree (OZ sorted-pair hashing) and the proof of each leaf.
    function _pair(
        address a,
        uint256 amountA,
        address b,
        uint256 amountB
    ) internal pure returns (bytes32 root, bytes32[] memory proofA, bytes32[] memory proofB) {
        bytes32 la = _leaf(a, amountA);
        bytes32 lb = _leaf(b, amountB);
        root = la < lb ? keccak256(abi.encode(la, lb)) : keccak256(abi.encode(lb, la));
        proofA = new bytes32[](1);
        proofA[0] = lb;
        proofB = new bytes32[](1);
        proofB[0] = la;
    }

    function _report(
        uint64 fromEpoch,
        uint64 toEpoch,
        bytes32 root,
        IProofOfView.ContentTotals[] memory contents
    ) internal view returns (IProofOfView.EpochReport memory r) {
        (, uint64 nonce, , , , , ) = pov.settlementState();
        uint256 total;
        for (uint256 i; i < contents.length; ++i) {
            IProofOfView.ContentTotals memory c = contents[i];
            total += c.creator + c.viewer + c.enhancer + c.storageProvider + c.verifier + c.supervisor;
        }
        r = IProofOfView.EpochReport(fromEpoch, toEpoch, nonce, root, total, contents);
    }

    /// @dev Signatures of the first `count` verifiers (sorted by address).
    function _sign(IProofOfView.EpochReport memory r, uint256 count) internal view returns (bytes[] memory sigs) {
        bytes32 digest = pov.reportDigest(r);
        sigs = new bytes[](count);
        for (uint256 i; i < count; ++i) sigs[i] = signDigest(verifierKeys[i], digest);
    }

    function _one(IProofOfView.ContentTotals memory c) internal pure returns (IProofOfView.ContentTotals[] memory a) {
        a = new IProofOfView.ContentTotals[](1);
        a[0] = c;
    }

    function _warpToEpoch(uint64 epoch) internal {
        vm.warp(pov.GENESIS() + (uint256(epoch) * EPOCH_MILLIS + 999) / 1000);
    }
}
