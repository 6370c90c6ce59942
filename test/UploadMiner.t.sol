// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IUploadMiner} from "../contracts/interfaces/IUploadMiner.sol";
import {EmissionCurves} from "../contracts/mining/EmissionCurves.sol";
import {IMintableERC20} from "../contracts/mining/IMintableERC20.sol";
import {UploadMiner} from "../contracts/mining/UploadMiner.sol";
import {IWorkRegistryView} from "../contracts/pov/IWorkRegistryView.sol";
import {RewardTestToken} from "./harness/RewardTestToken.sol";
import {PovRegistryDouble} from "./harness/PovRegistryDouble.sol";
import {Test} from "./utils/Test.sol";

/// @dev Drives random registrations and claims for the invariant run; sums what it saw minted.
contract UploadMinerHandler is Test {
    UploadMiner internal immutable MINER;
    PovRegistryDouble internal immutable REGISTRY;
    uint256 public sumOfRewards;
    uint256 public nextWorkId = 1;
    uint256 public claims;

    constructor(UploadMiner miner, PovRegistryDouble registry) {
        MINER = miner;
        REGISTRY = registry;
    }

    function register(uint256 creatorSeed) external {
        address creator = address(uint160(bound(creatorSeed, 1, 50)));
        REGISTRY.setWork(nextWorkId++, creator, 0, 0, true);
    }

    function claim(uint256 workSeed) external {
        if (nextWorkId == 1) return;
        uint256 workId = bound(workSeed, 1, nextWorkId - 1);
        try MINER.claim(workId) returns (uint256 reward) {
            sumOfRewards += reward;
            ++claims;
        } catch {
            // already claimed or exhausted: the invariants check nothing moved
        }
    }
}

contract UploadMinerTest is Test {
    uint256 internal constant CAP = 525_000_000e18;
    RewardTestToken internal token;
    PovRegistryDouble internal registry;
    UploadMiner internal miner;
    UploadMinerHandler internal handler;
    address internal creator = address(0xC0FFEE);

    function setUp() public {
        token = new RewardTestToken(21_000_000_000e18, address(this));
        registry = new PovRegistryDouble();
        miner = _deploy(IUploadMiner.Curve.PowerDecay, 100e18, 5e18, CAP);
        handler = new UploadMinerHandler(miner, registry);
        targetContract(address(handler));
    }

    function _deploy(
        IUploadMiner.Curve curve,
        uint256 c,
        uint256 k,
        uint256 cap
    ) internal returns (UploadMiner deployed) {
        deployed = _construct(IMintableERC20(address(token)), registry, curve, c, k, cap);
        token.grantRole(token.MINTER_ROLE(), address(deployed));
    }

    function _construct(
        IMintableERC20 mintable,
        IWorkRegistryView works,
        IUploadMiner.Curve curve,
        uint256 c,
        uint256 k,
        uint256 cap
    ) internal returns (UploadMiner) {
        return new UploadMiner(mintable, works, curve, c, k, cap, 0, address(this));
    }

    function test_claim_mintsRateOfGeneratedToCreatorOnce() public {
        registry.setWork(1, creator, 0, 0, true);
        registry.setWork(2, creator, 1, 3, true);
        uint256 first = miner.claim(1);
        assertEq(first, 100e18, "c at g = 0");
        assertEq(token.balanceOf(creator), 100e18, "minted to the creator");
        uint256 expected = EmissionCurves.powerDecay(100e18, 5e18, CAP, 100e18);
        assertEq(miner.nextReward(), expected, "next reward follows the curve");
        assertEq(miner.claim(2), expected, "second reward");
        assertEq(miner.generated(), first + expected, "generated");
        assertEq(miner.rewardOf(1), first, "recorded");
        vm.expectRevert(abi.encodeWithSelector(IUploadMiner.UploadMinerAlreadyClaimed.selector, 1, first));
        miner.claim(1);
    }

    function test_claim_revertsForInactiveOrUnknownWork() public {
        registry.setWork(3, creator, 0, 0, false);
        vm.expectRevert(abi.encodeWithSelector(IUploadMiner.UploadMinerWorkNotActive.selector, 3));
        miner.claim(3);
        vm.expectRevert(abi.encodeWithSelector(IUploadMiner.UploadMinerWorkNotActive.selector, 4));
        miner.claim(4);
    }

    function test_claim_clipsAtCapAndThenReverts() public {
        // LinearRemaining with c = cap / 2 and cap 1000: rewards 500, 250, 125, ... never past the cap
        UploadMiner small = _deploy(IUploadMiner.Curve.LinearRemaining, 500, 0, 1000);
        uint256 total;
        uint256 id = 100;
        while (true) {
            registry.setWork(++id, creator, 0, 0, true);
            try small.claim(id) returns (uint256 r) {
                total += r;
            } catch (bytes memory reason) {
                assertEq(
                    keccak256(reason),
                    keccak256(abi.encodeWithSelector(IUploadMiner.UploadMinerExhausted.selector, total, 1000)),
                    "exhausted error"
                );
                break;
            }
        }
        assertEq(small.generated(), total, "generated = sum");
        assertLe(total, 1000, "never beyond the cap");
        // a PowerDecay curve whose c is the whole cap pays it in one claim, then nothing
        UploadMiner tiny = _deploy(IUploadMiner.Curve.PowerDecay, 10, 5e18, 10);
        registry.setWork(999, creator, 0, 0, true);
        assertEq(tiny.claim(999), 10, "c = cap in one claim");
        registry.setWork(1000, creator, 0, 0, true);
        vm.expectRevert(abi.encodeWithSelector(IUploadMiner.UploadMinerExhausted.selector, 10, 10));
        tiny.claim(1000);
    }

    function test_pause_blocksClaims() public {
        registry.setWork(1, creator, 0, 0, true);
        miner.pause();
        vm.expectRevert();
        miner.claim(1);
        miner.unpause();
        miner.claim(1);
    }

    function test_constructor_rejectsBadParameters() public {
        vm.expectRevert(abi.encodeWithSelector(IUploadMiner.UploadMinerInvalidParameter.selector, "k", 1e18));
        _construct(IMintableERC20(address(token)), registry, IUploadMiner.Curve.PowerDecay, 1, 1e18, 10);
        vm.expectRevert(abi.encodeWithSelector(IUploadMiner.UploadMinerInvalidParameter.selector, "cap", 0));
        _construct(IMintableERC20(address(token)), registry, IUploadMiner.Curve.LinearRemaining, 0, 0, 0);
    }

    function test_claim_clipsARewardAboveWhatIsLeftToExactlyTheCap() public {
        // k barely above 1: the curve stays near c, so the second reward would pass the cap
        uint256 k = 1e18 + 1e12;
        UploadMiner flat = _deploy(IUploadMiner.Curve.PowerDecay, 900e18, k, 1000e18);
        registry.setWork(501, creator, 0, 0, true);
        registry.setWork(502, creator, 0, 0, true);
        registry.setWork(503, creator, 0, 0, true);
        assertEq(flat.claim(501), 900e18, "c at g = 0");
        uint256 curve = EmissionCurves.powerDecay(900e18, k, 1000e18, 900e18);
        assertGt(curve, 100e18, "the curve alone would pass the cap");
        assertEq(flat.nextReward(), 100e18, "next reward clipped");
        assertEq(flat.claim(502), 100e18, "clipped to what is left");
        assertEq(flat.generated(), 1000e18, "generated = cap");
        vm.expectRevert(abi.encodeWithSelector(IUploadMiner.UploadMinerExhausted.selector, 1000e18, 1000e18));
        flat.claim(503);
    }

    function test_constructor_rejectsMissingTokenOrRegistryAndRewardAboveCap() public {
        vm.expectRevert(abi.encodeWithSelector(IUploadMiner.UploadMinerInvalidParameter.selector, "token", 0));
        _construct(IMintableERC20(address(0)), registry, IUploadMiner.Curve.LinearRemaining, 1, 0, 10);
        vm.expectRevert(abi.encodeWithSelector(IUploadMiner.UploadMinerInvalidParameter.selector, "registry", 0));
        _construct(
            IMintableERC20(address(token)),
            IWorkRegistryView(address(0)),
            IUploadMiner.Curve.LinearRemaining,
            1,
            0,
            10
        );
        vm.expectRevert(abi.encodeWithSelector(IUploadMiner.UploadMinerInvalidParameter.selector, "initialReward", 11));
        _construct(IMintableERC20(address(token)), registry, IUploadMiner.Curve.LinearRemaining, 11, 0, 10);
    }

    function test_fuzz_rewardIsCurveAtGenerated(uint8 claimsBefore) public {
        uint256 n = bound(claimsBefore, 0, 30);
        for (uint256 i = 1; i <= n; ++i) {
            registry.setWork(i, creator, 0, 0, true);
            miner.claim(i);
        }
        uint256 g = miner.generated();
        registry.setWork(1000, creator, 0, 0, true);
        assertEq(miner.claim(1000), EmissionCurves.powerDecay(100e18, 5e18, CAP, g), "rate(generated)");
    }

    function invariant_mintedEqualsSumOfRewardsAndNeverExceedsCap() public view {
        assertEq(token.totalSupply(), handler.sumOfRewards(), "minted == sum of rewards");
        assertEq(miner.generated(), handler.sumOfRewards(), "generated == sum of rewards");
        assertLe(miner.generated(), miner.cap(), "never beyond the cap");
    }
}
