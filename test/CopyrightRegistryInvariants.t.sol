// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {CopyrightRegistry} from "../contracts/registry/CopyrightRegistry.sol";
import {ICopyrightRegistry} from "../contracts/interfaces/ICopyrightRegistry.sol";
import {RegistryTestBase} from "./harness/RegistryTestBase.sol";
import {Test} from "./utils/Test.sol";

/**
 * @title RegistryHandler
 * @notice Drives random registry flows for the invariant tests: registrations, versions, RAW
 * claims, finalisations, rejections, owner transfers, suspensions. Records, per work, every account
 * a rule allowed to own it (ghost state the invariants check against).
 */
contract RegistryHandler is Test {
    CopyrightRegistry public immutable registry;
    uint256 private immutable _attesterKey;
    address private immutable _supervisor;
    address[] public actors;

    mapping(uint256 workId => mapping(address account => bool)) public allowedOwner;
    mapping(uint256 workId => address) public ghostCreator;
    mapping(uint256 workId => bytes32) public originalSha;
    mapping(uint256 workId => uint64) public originalPHash;
    uint256 public seed;
    uint256 public finalised;

    constructor(CopyrightRegistry registry_, uint256 attesterKey_, address supervisor_, address[] memory actors_) {
        registry = registry_;
        _attesterKey = attesterKey_;
        _supervisor = supervisor_;
        actors = actors_;
    }

    function register(uint256 actorIndex, uint64 pHash) external {
        address uploader = actors[actorIndex % actors.length];
        ICopyrightRegistry.Upload memory u = _upload(pHash, 1000, 1000, false);
        uint256 id = _submit(u, uploader, bytes32(0));
        allowedOwner[id][uploader] = true;
        ghostCreator[id] = uploader;
        originalSha[id] = u.contentSha256;
        originalPHash[id] = pHash;
    }

    function addVersion(uint256 workIndex, uint32 extra) external {
        uint256 id = _work(workIndex);
        if (id == 0 || !registry.isActive(id)) return;
        uint256 highest = registry.workOf(id).highestPixels;
        uint32 side = uint32(_sqrtCeil(highest + 1)) + (extra % 100);
        address owner = registry.ownerOf(id);
        _submit(_upload(originalPHash[id] ^ 1, side, side, false), owner, originalSha[id]);
    }

    function rawClaim(uint256 workIndex, uint256 actorIndex) external {
        uint256 id = _work(workIndex);
        if (id == 0 || !registry.isActive(id) || registry.claimOf(id).claimant != address(0)) return;
        address claimant = actors[actorIndex % actors.length];
        if (claimant == registry.ownerOf(id)) return;
        uint256 side = _sqrtCeil(registry.workOf(id).highestPixels) + 1;
        _submit(_upload(originalPHash[id] ^ 3, uint32(side), uint32(side), true), claimant, originalSha[id]);
    }

    function finalise(uint256 workIndex) external {
        uint256 id = _work(workIndex);
        if (id == 0 || !registry.isActive(id)) return;
        ICopyrightRegistry.OwnershipClaim memory claim = registry.claimOf(id);
        if (claim.claimant == address(0)) return;
        if (block.timestamp < claim.readyAt) vm.warp(claim.readyAt);
        registry.finaliseClaim(id);
        allowedOwner[id][claim.claimant] = true;
        ++finalised;
    }

    function reject(uint256 workIndex) external {
        uint256 id = _work(workIndex);
        if (id == 0) return;
        ICopyrightRegistry.OwnershipClaim memory claim = registry.claimOf(id);
        if (claim.claimant == address(0) || block.timestamp >= claim.readyAt) return;
        vm.prank(_supervisor);
        registry.rejectClaim(id, 1);
    }

    function transfer(uint256 workIndex, uint256 toIndex) external {
        uint256 id = _work(workIndex);
        if (id == 0 || !registry.isActive(id)) return;
        address owner = registry.ownerOf(id);
        address to = actors[toIndex % actors.length];
        vm.prank(owner);
        registry.transferFrom(owner, to, id);
        allowedOwner[id][to] = true;
    }

    function toggleSuspension(uint256 workIndex) external {
        uint256 id = _work(workIndex);
        if (id == 0) return;
        bool active = registry.isActive(id);
        vm.prank(_supervisor);
        if (active) registry.suspend(id, 2);
        else registry.reinstate(id, 3);
    }

    function attemptUnauthorisedTransfer(uint256 workIndex, uint256 thiefIndex) external {
        uint256 id = _work(workIndex);
        if (id == 0) return;
        address thief = actors[thiefIndex % actors.length];
        address owner = registry.ownerOf(id);
        if (thief == owner || registry.isApprovedForAll(owner, thief) || registry.getApproved(id) == thief) return;
        vm.prank(thief);
        try registry.transferFrom(owner, thief, id) {
            revert("unauthorised transfer succeeded");
        } catch {}
    }

    function actorCount() external view returns (uint256) {
        return actors.length;
    }

    function _work(uint256 index) private view returns (uint256) {
        uint256 total = registry.totalWorks();
        return total == 0 ? 0 : (index % total) + 1;
    }

    function _upload(uint64 pHash, uint32 w, uint32 h, bool raw) private returns (ICopyrightRegistry.Upload memory u) {
        ++seed;
        u.contentSha256 = sha256(abi.encode("handler", seed));
        u.manifest = sha256(abi.encode("manifest", seed));
        u.pHash = pHash;
        u.width = w;
        u.height = h;
        u.raw = raw;
    }

    function _submit(ICopyrightRegistry.Upload memory u, address uploader, bytes32 matched) private returns (uint256) {
        uint256 deadline = block.timestamp + 1 hours;
        bytes32 structHash = keccak256(
            abi.encode(
                registry.REGISTRATION_TYPEHASH(),
                keccak256(abi.encode(registry.UPLOAD_TYPEHASH(), u)),
                uploader,
                matched,
                registry.nonces(uploader),
                deadline
            )
        );
        bytes memory sig = signDigest(
            _attesterKey,
            keccak256(abi.encodePacked("\x19\x01", registry.domainSeparator(), structHash))
        );
        return registry.register(u, uploader, matched, deadline, sig);
    }

    function _sqrtCeil(uint256 x) private pure returns (uint256 r) {
        if (x == 0) return 0;
        r = 1;
        uint256 hi = x < 2 ** 40 ? 2 ** 20 + 1 : x;
        uint256 lo = 0;
        while (lo + 1 < hi) {
            uint256 mid = (lo + hi) / 2;
            if (mid * mid >= x) hi = mid;
            else lo = mid;
        }
        r = hi;
    }
}

/// @notice Invariants of CopyrightRegistry under random registrations, versions, RAW claims,
/// finalisations, rejections, transfers and suspensions.
contract CopyrightRegistryInvariantsTest is RegistryTestBase {
    RegistryHandler internal handler;

    function setUp() public override {
        super.setUp();
        address[] memory actors = new address[](3);
        actors[0] = alice;
        actors[1] = bob;
        actors[2] = carol;
        handler = new RegistryHandler(registry, attesterKey, supervisor, actors);
        targetContract(address(handler));
    }

    /// @dev A work's owner is its creator or someone a transfer rule (owner transfer, finalised
    /// RAW claim) allowed; the creator never changes.
    function invariant_ownerIsCreatorOrAllowed() public view {
        uint256 total = registry.totalWorks();
        for (uint256 id = 1; id <= total; ++id) {
            address owner = registry.ownerOf(id);
            assertTrue(handler.allowedOwner(id, owner), "owner not allowed by any rule");
            assertEq(registry.creatorOf(id), handler.ghostCreator(id), "creator changed");
        }
    }

    /// @dev Certificate balances add up to the number of works.
    function invariant_balancesAddUp() public view {
        uint256 sum = registry.balanceOf(alice) + registry.balanceOf(bob) + registry.balanceOf(carol);
        assertEq(sum, registry.totalWorks(), "balances");
    }

    /// @dev Every work's original file points back at it as version 0.
    function invariant_indexConsistent() public view {
        uint256 total = registry.totalWorks();
        for (uint256 id = 1; id <= total; ++id) {
            assertEq(uint256(registry.fileOf(handler.originalSha(id)).workId), id, "index");
            assertEq(uint256(registry.fileOf(handler.originalSha(id)).version), 0, "original version");
        }
    }

    /// @dev The handler's flows succeed on their own (so the invariant runs exercise real state).
    function test_handler_drivesEveryFlow() public {
        handler.register(0, 0x1234);
        handler.register(1, 0x5678);
        handler.addVersion(0, 7);
        handler.rawClaim(0, 1);
        assertEq(registry.claimOf(1).claimant, bob, "claim opened");
        handler.finalise(0);
        assertEq(registry.ownerOf(1), bob, "claim finalised");
        handler.rawClaim(1, 2);
        handler.reject(1);
        assertEq(registry.claimOf(2).claimant, address(0), "claim rejected");
        handler.transfer(1, 2);
        assertEq(registry.ownerOf(2), carol, "transferred");
        handler.toggleSuspension(1);
        assertFalse(registry.isActive(2), "suspended");
        handler.attemptUnauthorisedTransfer(0, 0);
        invariant_ownerIsCreatorOrAllowed();
        invariant_balancesAddUp();
    }
}
