// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {VestingWallet} from "@openzeppelin/contracts/finance/VestingWallet.sol";
import {VestingWalletCliff} from "@openzeppelin/contracts/finance/VestingWalletCliff.sol";
import {IVestingSchedule} from "../contracts/interfaces/IVestingSchedule.sol";
import {AuteurStepVestingWallet} from "../contracts/token/AuteurStepVestingWallet.sol";
import {AuteurToken} from "../contracts/token/AuteurToken.sol";
import {AuteurVestingWallet} from "../contracts/token/AuteurVestingWallet.sol";
import {Vm} from "./utils/Vm.sol";
import {Test} from "./utils/Test.sol";

/**
 * @title VestingHandler
 * @notice Drives random time jumps and releases against a set of vesting wallets for invariant
 * tests (anyone may call `release`; tokens always go to the beneficiary).
 */
contract VestingHandler {
    Vm private constant _VM = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    address public immutable token;
    VestingWallet[] public wallets;
    uint256 public releases;

    constructor(address token_, VestingWallet[] memory wallets_) {
        token = token_;
        wallets = wallets_;
    }

    function warp(uint256 seconds_) external {
        // Up to ~400 days per call, so a run crosses cliffs, steps and ends.
        _VM.warp(block.timestamp + (seconds_ % 400 days));
    }

    function release(uint256 walletSeed) external {
        wallets[walletSeed % wallets.length].release(token);
        ++releases;
    }

    function walletCount() external view returns (uint256) {
        return wallets.length;
    }
}

contract VestingTest is Test {
    uint64 internal constant MONTH = 30 days;
    uint64 internal constant START = 1_800_000_000;
    uint256 internal constant LINEAR = 1_200e18;
    uint256 internal constant LOCKED = 1_000e18;
    /// @dev Not a multiple of 10: checks that step rounding never over-releases.
    uint256 internal constant STEPPED = 999_999_999_999_999_999_997;

    AuteurToken internal token;
    AuteurVestingWallet internal linear; // 12 months, 3-month cliff
    AuteurVestingWallet internal lock; // 24-month lock
    AuteurStepVestingWallet internal stepped; // 50 % at month 6, then 10 % a month
    VestingHandler internal handler;
    address internal beneficiary;

    function setUp() public {
        vm.warp(START - 1 days);
        beneficiary = makeAddr("beneficiary");
        linear = new AuteurVestingWallet(beneficiary, START, 12 * MONTH, 3 * MONTH);
        lock = new AuteurVestingWallet(beneficiary, START, 24 * MONTH, 24 * MONTH);
        stepped = new AuteurStepVestingWallet(beneficiary, START, 6 * MONTH, 5_000, 1_000, MONTH);
        address[] memory recipients = new address[](3);
        recipients[0] = address(linear);
        recipients[1] = address(lock);
        recipients[2] = address(stepped);
        uint256[] memory amounts = new uint256[](3);
        amounts[0] = LINEAR;
        amounts[1] = LOCKED;
        amounts[2] = STEPPED;
        token = new AuteurToken("V", "V", 10_000e18, 0, address(this), recipients, amounts);

        VestingWallet[] memory wallets = new VestingWallet[](3);
        wallets[0] = linear;
        wallets[1] = lock;
        wallets[2] = stepped;
        handler = new VestingHandler(address(token), wallets);
        targetContract(address(handler));
    }

    // ------------------------------------------------------------------ linear with cliff

    function test_linear_nothingBeforeCliff() public {
        vm.warp(START + 3 * MONTH - 1);
        assertEq(linear.releasable(address(token)), 0, "before cliff");
        vm.warp(START + 3 * MONTH);
        assertEq(linear.releasable(address(token)), LINEAR / 4, "cliff unlocks accrued quarter");
    }

    function test_linear_releaseOverTime() public {
        vm.warp(START + 6 * MONTH);
        linear.release(address(token));
        assertEq(token.balanceOf(beneficiary), LINEAR / 2, "half");
        vm.warp(START + 12 * MONTH);
        linear.release(address(token));
        assertEq(token.balanceOf(beneficiary), LINEAR, "all");
        assertEq(token.balanceOf(address(linear)), 0, "wallet empty");
    }

    function test_fuzz_linear_vestedMatchesFormula(uint64 elapsed) public view {
        elapsed = uint64(bound(elapsed, 0, 20 * MONTH));
        uint64 at = START + elapsed;
        uint256 expected;
        if (elapsed < 3 * MONTH) expected = 0;
        else if (elapsed >= 12 * MONTH) expected = LINEAR;
        else expected = (LINEAR * elapsed) / (12 * MONTH);
        assertEq(linear.vestedAmount(address(token), at), expected, "linear");
    }

    function test_linear_revertsWhenCliffLongerThanDuration() public {
        vm.expectRevert(
            abi.encodeWithSelector(VestingWalletCliff.InvalidCliffDuration.selector, 2, 1)
        );
        new AuteurVestingWallet(beneficiary, START, 1, 2);
    }

    function test_linear_revertsOnZeroBeneficiary() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableInvalidOwner.selector, address(0)));
        new AuteurVestingWallet(address(0), START, 1, 0);
    }

    // ------------------------------------------------------------------ lock

    function test_lock_allAtOnceAtEnd() public {
        vm.warp(START + 24 * MONTH - 1);
        assertEq(lock.releasable(address(token)), 0, "one second early");
        vm.warp(START + 24 * MONTH);
        assertEq(lock.releasable(address(token)), LOCKED, "all at the end");
    }

    // ------------------------------------------------------------------ steps

    function test_step_parameters() public view {
        assertEq(stepped.start(), START, "start");
        assertEq(stepped.cliff(), START + 6 * MONTH, "cliff");
        assertEq(stepped.duration(), 11 * MONTH, "6 months + 5 steps");
        assertEq(stepped.end(), START + 11 * MONTH, "end");
        assertEq(stepped.initialBps(), 5_000, "initial");
        assertEq(stepped.stepBps(), 1_000, "step");
        assertEq(stepped.stepSeconds(), MONTH, "step seconds");
    }

    function test_step_scheduleAtEveryBoundary() public {
        vm.warp(START + 6 * MONTH - 1);
        assertEq(stepped.releasable(address(token)), 0, "before cliff");
        for (uint256 k; k <= 5; ++k) {
            uint256 at = START + 6 * MONTH + k * MONTH;
            uint256 expected = k == 5 ? STEPPED : (STEPPED * (5_000 + k * 1_000)) / 10_000;
            vm.warp(at);
            assertEq(stepped.vestedAmount(address(token), uint64(at)), expected, "at step");
            if (k < 5) {
                assertEq(
                    stepped.vestedAmount(address(token), uint64(at + MONTH - 1)),
                    expected,
                    "flat within a step"
                );
            }
            stepped.release(address(token));
            assertEq(token.balanceOf(beneficiary), expected, "released so far");
        }
        assertEq(token.balanceOf(address(stepped)), 0, "wallet empty");
    }

    function test_step_lastStepIsCapped() public {
        // 30 % then 25 % steps: 30, 55, 80, 100 (not 105).
        AuteurStepVestingWallet w = new AuteurStepVestingWallet(
            beneficiary,
            START,
            MONTH,
            3_000,
            2_500,
            MONTH
        );
        assertEq(w.duration(), 4 * MONTH, "ceil(7000 / 2500) = 3 steps");
        token.grantRole(keccak256("MINTER_ROLE"), address(this));
        token.mint(address(w), 1_000);
        address t = address(token);
        assertEq(w.vestedAmount(t, START + MONTH - 1), 0, "before cliff");
        assertEq(w.vestedAmount(t, START + MONTH), 300, "30 %");
        assertEq(w.vestedAmount(t, START + 2 * MONTH), 550, "55 %");
        assertEq(w.vestedAmount(t, START + 3 * MONTH), 800, "80 %");
        assertEq(w.vestedAmount(t, START + 4 * MONTH - 1), 800, "still 80 %");
        assertEq(w.vestedAmount(t, START + 4 * MONTH), 1_000, "100 %");
    }

    function test_step_allAtCliffWhenInitialIsFull() public {
        AuteurStepVestingWallet w = new AuteurStepVestingWallet(
            beneficiary,
            START,
            MONTH,
            10_000,
            0,
            0
        );
        assertEq(w.duration(), MONTH, "no steps");
        assertEq(w.end(), START + MONTH, "end at cliff");
    }

    function test_step_revertsOnInvalidSchedule() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IVestingSchedule.AuteurStepVestingWalletInvalidSchedule.selector,
                10_001,
                0,
                0
            )
        );
        new AuteurStepVestingWallet(beneficiary, START, MONTH, 10_001, 0, 0);
        vm.expectRevert(
            abi.encodeWithSelector(
                IVestingSchedule.AuteurStepVestingWalletInvalidSchedule.selector,
                5_000,
                0,
                MONTH
            )
        );
        new AuteurStepVestingWallet(beneficiary, START, MONTH, 5_000, 0, MONTH);
        vm.expectRevert(
            abi.encodeWithSelector(
                IVestingSchedule.AuteurStepVestingWalletInvalidSchedule.selector,
                5_000,
                1_000,
                0
            )
        );
        new AuteurStepVestingWallet(beneficiary, START, MONTH, 5_000, 1_000, 0);
    }

    function test_fuzz_step_monotoneAndBounded(uint64 a, uint64 b) public view {
        a = uint64(bound(a, START - 1, START + 13 * MONTH));
        b = uint64(bound(b, a, START + 13 * MONTH));
        uint256 va = stepped.vestedAmount(address(token), a);
        uint256 vb = stepped.vestedAmount(address(token), b);
        assertLe(va, vb, "monotone");
        assertLe(vb, STEPPED, "bounded by the tranche");
    }

    /// @dev Any valid step schedule vests monotonically, never above the allocation, all at end.
    function test_fuzz_step_anySchedule(uint16 initialBps, uint16 stepBps, uint64 a, uint64 b) public {
        initialBps = uint16(bound(initialBps, 0, 10_000));
        stepBps = uint16(bound(stepBps, 1, 10_000));
        AuteurStepVestingWallet w = new AuteurStepVestingWallet(
            beneficiary,
            START,
            MONTH,
            initialBps,
            stepBps,
            MONTH
        );
        token.grantRole(keccak256("MINTER_ROLE"), address(this));
        token.mint(address(w), 1_000_003);
        address t = address(token);
        a = uint64(bound(a, START, w.end() + 1));
        b = uint64(bound(b, a, w.end() + 1));
        assertLe(w.vestedAmount(t, a), w.vestedAmount(t, b), "monotone");
        assertLe(w.vestedAmount(t, b), 1_000_003, "bounded");
        assertEq(w.vestedAmount(t, uint64(w.end())), 1_000_003, "all at end");
        if (w.end() > w.cliff()) {
            assertLt(w.vestedAmount(t, uint64(w.end() - 1)), 1_000_003, "not all before end");
        }
    }

    // ------------------------------------------------------------------ schedule event

    function test_linear_emitsScheduleCreated() public {
        vm.recordLogs();
        AuteurVestingWallet w = new AuteurVestingWallet(beneficiary, START, 12 * MONTH, 3 * MONTH);
        Vm.Log[] memory logs = vm.getRecordedLogs();
        // OwnershipTransferred(0, beneficiary) from Ownable, then the schedule
        assertEq(logs.length, 2, "two constructor events");
        assertEq(logs[0].topics[0], Ownable.OwnershipTransferred.selector, "ownership first");
        _checkScheduleLog(
            logs[1],
            address(w),
            abi.encode(IVestingSchedule.VestingKind.Linear, START, 12 * MONTH, 3 * MONTH, 0, 0, 0)
        );
        assertEq(w.end() - w.start(), 12 * MONTH, "duration as announced");
        assertEq(w.cliff() - w.start(), 3 * MONTH, "cliff as announced");
    }

    function test_step_emitsScheduleCreatedWithComputedDuration() public {
        vm.recordLogs();
        AuteurStepVestingWallet w = new AuteurStepVestingWallet(
            beneficiary,
            START,
            MONTH,
            3_000,
            2_500,
            2 * MONTH
        );
        Vm.Log[] memory logs = vm.getRecordedLogs();
        assertEq(logs.length, 2, "two constructor events");
        // 1 month cliff + ceil(7,000 / 2,500) = 3 steps of 2 months
        _checkScheduleLog(
            logs[1],
            address(w),
            abi.encode(
                IVestingSchedule.VestingKind.Step,
                START,
                7 * MONTH,
                MONTH,
                3_000,
                2_500,
                2 * MONTH
            )
        );
        assertEq(w.duration(), 7 * MONTH, "duration as announced");
    }

    function test_fuzz_step_scheduleCreatedMatchesGetters(
        uint16 initialBps,
        uint16 stepBps,
        uint64 cliffSeconds,
        uint64 stepSeconds
    ) public {
        initialBps = uint16(bound(initialBps, 0, 10_000));
        stepBps = uint16(bound(stepBps, 1, 10_000));
        cliffSeconds = uint64(bound(cliffSeconds, 0, 100 * MONTH));
        stepSeconds = uint64(bound(stepSeconds, 1, 12 * MONTH));
        vm.recordLogs();
        AuteurStepVestingWallet w = new AuteurStepVestingWallet(
            beneficiary,
            START,
            cliffSeconds,
            initialBps,
            stepBps,
            stepSeconds
        );
        Vm.Log[] memory logs = vm.getRecordedLogs();
        _checkScheduleLog(
            logs[logs.length - 1],
            address(w),
            abi.encode(
                IVestingSchedule.VestingKind.Step,
                w.start(),
                w.duration(),
                w.cliff() - w.start(),
                w.initialBps(),
                w.stepBps(),
                w.stepSeconds()
            )
        );
    }

    /// @dev `log` is {VestingScheduleCreated} from `emitter` for `beneficiary` with `data`.
    function _checkScheduleLog(Vm.Log memory log, address emitter, bytes memory data) internal view {
        assertEq(log.emitter, emitter, "emitter");
        assertEq(log.topics.length, 2, "one indexed field");
        assertEq(
            log.topics[0],
            IVestingSchedule.VestingScheduleCreated.selector,
            "VestingScheduleCreated"
        );
        assertEq(log.topics[1], bytes32(uint256(uint160(beneficiary))), "beneficiary");
        assertEq(log.data, data, "schedule");
    }

    // ------------------------------------------------------------------ votes

    function test_delegate_lockedVotes() public {
        vm.expectEmit(address(lock));
        emit IVestingSchedule.VestingVotesDelegated(address(token), beneficiary);
        vm.prank(beneficiary);
        lock.delegate(address(token), beneficiary);
        vm.prank(beneficiary);
        stepped.delegate(address(token), beneficiary);
        assertEq(token.getVotes(beneficiary), LOCKED + STEPPED, "votes of locked tokens");
    }

    function test_delegate_onlyBeneficiary() public {
        vm.expectRevert(
            abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, address(this))
        );
        lock.delegate(address(token), address(this));
        vm.expectRevert(
            abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, address(this))
        );
        stepped.delegate(address(token), address(this));
    }

    // ------------------------------------------------------------------ invariants

    function invariant_releasedPlusReleasableNeverAboveTranche() public view {
        _checkTranche(linear, LINEAR);
        _checkTranche(lock, LOCKED);
        _checkTranche(stepped, STEPPED);
        assertEq(
            token.balanceOf(beneficiary),
            linear.released(address(token)) +
                lock.released(address(token)) +
                stepped.released(address(token)),
            "beneficiary holds exactly what was released"
        );
    }

    // ------------------------------------------------------------------ helpers

    function _checkTranche(VestingWallet wallet, uint256 tranche) private view {
        address t = address(token);
        assertLe(wallet.released(t) + wallet.releasable(t), tranche, "released + releasable");
        assertEq(wallet.released(t) + token.balanceOf(address(wallet)), tranche, "conservation");
    }

}
