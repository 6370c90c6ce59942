// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Tips} from "../contracts/community/Tips.sol";
import {ICopyrightRegistry} from "../contracts/interfaces/ICopyrightRegistry.sol";
import {ITips} from "../contracts/interfaces/ITips.sol";
import {TestERC20} from "./harness/TestERC20.sol";
import {WorkRegistryDouble} from "./harness/WorkRegistryDouble.sol";
import {Test} from "./utils/Test.sol";

contract TipsTest is Test {
    Tips internal tips;
    TestERC20 internal token;
    WorkRegistryDouble internal registry;
    address internal fan;
    address internal owner;
    address internal ngo;

    function setUp() public {
        token = new TestERC20("AUT", 0);
        registry = new WorkRegistryDouble();
        tips = new Tips(token, ICopyrightRegistry(address(registry)));
        fan = makeAddr("fan");
        owner = makeAddr("owner");
        ngo = makeAddr("ngo");
        registry.setWork(1, owner, true);
        token.mint(fan, 1e30);
        vm.prank(fan);
        token.approve(address(tips), type(uint256).max);
    }

    function test_fuzz_tipWorkRoutesDonation(uint96 amountSeed, uint16 bpsSeed) public {
        uint256 amount = bound(amountSeed, 1, 1e27);
        uint16 bps = uint16(bound(bpsSeed, 0, 10_000));
        registry.setDonation(owner, ngo, bps);
        uint256 donation = (amount * bps) / 10_000;
        vm.expectEmit(address(tips));
        emit ITips.Tipped(fan, owner, 1, amount, amount - donation, ngo, donation, bytes32("hi"));
        vm.prank(fan);
        tips.tipWork(1, amount, bytes32("hi"));
        assertEq(token.balanceOf(owner), amount - donation, "owner part");
        assertEq(token.balanceOf(ngo), donation, "ngo part");
        assertEq(token.balanceOf(address(tips)), 0, "holds nothing");
    }

    function test_tipWorkWithoutDonationPaysOwnerInFull() public {
        vm.prank(fan);
        tips.tipWork(1, 100, bytes32(0));
        assertEq(token.balanceOf(owner), 100);
    }

    function test_suspendedWorkRefused() public {
        registry.setWork(1, owner, false);
        vm.prank(fan);
        vm.expectRevert(abi.encodeWithSelector(ITips.TipsWorkNotActive.selector, 1));
        tips.tipWork(1, 100, bytes32(0));
    }

    function test_tipAccount() public {
        address streamer = makeAddr("streamer");
        vm.prank(fan);
        tips.tipAccount(streamer, 42, bytes32("gg"));
        assertEq(token.balanceOf(streamer), 42);
        vm.expectRevert(abi.encodeWithSelector(ITips.TipsInvalidTip.selector, address(0), 1));
        tips.tipAccount(address(0), 1, bytes32(0));
        vm.expectRevert(abi.encodeWithSelector(ITips.TipsInvalidTip.selector, streamer, 0));
        tips.tipAccount(streamer, 0, bytes32(0));
        vm.expectRevert(abi.encodeWithSelector(ITips.TipsInvalidTip.selector, owner, 0));
        tips.tipWork(1, 0, bytes32(0));
    }
}
