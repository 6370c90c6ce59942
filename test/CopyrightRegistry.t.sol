// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {IERC721Metadata} from "@openzeppelin/contracts/token/ERC721/extensions/IERC721Metadata.sol";
import {IERC721Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IERC2981} from "@openzeppelin/contracts/interfaces/IERC2981.sol";
import {IAuthoritySet} from "../contracts/interfaces/IAuthoritySet.sol";
import {ICopyrightRegistry} from "../contracts/interfaces/ICopyrightRegistry.sol";
import {CopyrightRegistry} from "../contracts/registry/CopyrightRegistry.sol";
import {RegistryTestBase} from "./harness/RegistryTestBase.sol";

/// @notice Unit tests of CopyrightRegistry: attestation, duplicates, resolution and RAW rules,
/// supervision, certificate (ERC-721 / EIP-2981), donations, batch, parameters.
contract CopyrightRegistryTest is RegistryTestBase {
    uint64 internal constant PHASH = 0xd1c4_a3b2_9f8e_7d6c;

    ICopyrightRegistry.Upload internal original;
    uint256 internal workId;

    function setUp() public override {
        super.setUp();
        original = image(1, PHASH, 1600, 1200, false);
        workId = registerNew(original, alice);
    }

    // ------------------------------------------------------------------ registration

    function test_register_recordsWorkAndCertificate() public view {
        assertEq(workId, 1, "first work id");
        assertEq(registry.totalWorks(), 1, "totalWorks");
        assertEq(registry.ownerOf(workId), alice, "owner");
        assertEq(registry.creatorOf(workId), alice, "creator");
        assertEq(registry.balanceOf(alice), 1, "balance");
        assertEq(registry.nonces(alice), 1, "nonce bumped");
        assertTrue(registry.isActive(workId), "active");
        assertEq(uint256(registry.registeredAt(workId)), block.timestamp, "registeredAt");
        (uint8 mediaType, uint32 cells, uint32 duration) = registry.mediaInfo(workId);
        assertEq(uint256(mediaType), 0, "image");
        assertEq(uint256(cells) + duration, 0, "no timing");
        ICopyrightRegistry.WorkView memory w = registry.workOf(workId);
        assertEq(uint256(w.highestPixels), 1600 * 1200, "highest pixels");
        assertEq(w.manifest, original.manifest, "manifest");
        assertFalse(w.raw, "raw");
        ICopyrightRegistry.FileRecord memory f = registry.fileOf(original.contentSha256);
        assertEq(uint256(f.workId), workId, "file work");
        assertEq(uint256(f.pHash), PHASH, "file pHash");
        assertEq(uint256(f.version), 0, "original is version 0");
    }

    function test_register_video_recordsCellsAndDuration() public {
        uint256 id = registerNew(video(2, 0x1234, 12), bob);
        (uint8 mediaType, uint32 cells, uint32 duration) = registry.mediaInfo(id);
        assertEq(uint256(mediaType), 1, "video");
        assertEq(uint256(cells), 12, "cells");
        assertEq(uint256(duration), 12 * 60 - 17, "duration");
        assertEq(id, 2, "second id");
    }

    function test_register_emitsEvents() public {
        ICopyrightRegistry.Upload memory u = image(3, 7, 10, 10, true);
        uint256 deadline = block.timestamp + 10;
        bytes memory sig = signRegistration(u, bob, bytes32(0), deadline);
        vm.expectEmit(address(registry));
        emit IERC721.Transfer(address(0), bob, 2);
        vm.expectEmit(address(registry));
        emit ICopyrightRegistry.WorkRegistered(2, bob, u.contentSha256, u, uint64(block.timestamp), attester);
        registry.register(u, bob, bytes32(0), deadline, sig);
    }

    function test_register_revertsWhenHashTaken() public {
        ICopyrightRegistry.Upload memory again = original;
        again.manifest = bytes32(uint256(99));
        uint256 deadline = block.timestamp + 1;
        bytes memory sig = signRegistration(again, bob, bytes32(0), deadline);
        vm.expectRevert(
            abi.encodeWithSelector(
                ICopyrightRegistry.CopyrightRegistryDuplicateHash.selector,
                original.contentSha256,
                workId
            )
        );
        registry.register(again, bob, bytes32(0), deadline, sig);
    }

    function test_register_acceptsAtDeadline_revertsAfter() public {
        ICopyrightRegistry.Upload memory u = image(4, 1, 10, 10, false);
        uint256 deadline = block.timestamp;
        bytes memory sig = signRegistration(u, bob, bytes32(0), deadline);
        uint256 snap = vm.snapshotState();
        registry.register(u, bob, bytes32(0), deadline, sig);
        vm.revertToState(snap);
        vm.warp(deadline + 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                ICopyrightRegistry.CopyrightRegistryAttestationExpired.selector,
                deadline,
                deadline + 1
            )
        );
        registry.register(u, bob, bytes32(0), deadline, sig);
    }

    function test_register_revertsWhenReplayed() public {
        ICopyrightRegistry.Upload memory u = image(5, 1, 10, 10, false);
        uint256 deadline = block.timestamp + 1;
        bytes memory sig = signRegistration(u, bob, bytes32(0), deadline);
        registry.register(u, bob, bytes32(0), deadline, sig);
        // The nonce moved: the same signature now recovers some other address.
        vm.expectRevert();
        registry.register(u, bob, bytes32(0), deadline, sig);
        assertEq(registry.totalWorks(), 2, "one registration only");
    }

    function test_register_revertsOnAnotherContract() public {
        CopyrightRegistry other = new CopyrightRegistry(authority, 0, admin, THRESHOLD, WINDOW);
        ICopyrightRegistry.Upload memory u = image(6, 1, 10, 10, false);
        uint256 deadline = block.timestamp + 1;
        bytes memory sig = signRegistration(u, bob, bytes32(0), deadline);
        address recovered = _recover(registrationDigest(other, u, bob, bytes32(0), 0, deadline), sig);
        vm.expectRevert(abi.encodeWithSelector(IAuthoritySet.AuthoritySetNotAttester.selector, recovered));
        other.register(u, bob, bytes32(0), deadline, sig);
    }

    function test_register_revertsOnAnotherChain() public {
        ICopyrightRegistry.Upload memory u = image(7, 1, 10, 10, false);
        uint256 deadline = block.timestamp + 1;
        bytes memory sig = signRegistration(u, bob, bytes32(0), deadline);
        vmChain.chainId(block.chainid + 1);
        vm.expectRevert();
        registry.register(u, bob, bytes32(0), deadline, sig);
        assertEq(registry.totalWorks(), 1, "nothing registered");
    }

    function test_register_revertsWhenForged() public {
        ICopyrightRegistry.Upload memory u = image(8, 1, 10, 10, false);
        uint256 deadline = block.timestamp + 1;
        uint256 forgerKey = makeKey("forger");
        bytes32 digest = registrationDigest(registry, u, bob, bytes32(0), 0, deadline);
        bytes memory sig = signDigest(forgerKey, digest);
        vm.expectRevert(abi.encodeWithSelector(IAuthoritySet.AuthoritySetNotAttester.selector, vm.addr(forgerKey)));
        registry.register(u, bob, bytes32(0), deadline, sig);
    }

    function test_register_revertsWhenAFieldIsChanged() public {
        ICopyrightRegistry.Upload memory u = image(9, 1, 10, 10, false);
        uint256 deadline = block.timestamp + 1;
        bytes memory sig = signRegistration(u, bob, bytes32(0), deadline);
        u.width = 20; // claims a larger file than attested
        vm.expectRevert();
        registry.register(u, bob, bytes32(0), deadline, sig);
        u.width = 10;
        vm.expectRevert(); // another uploader than attested
        registry.register(u, carol, bytes32(0), deadline, sig);
        registry.register(u, bob, bytes32(0), deadline, sig);
    }

    function test_register_revertsOnInvalidFields() public {
        _expectInvalidUpload(image(10, 1, 0, 10, false), "resolution");
        ICopyrightRegistry.Upload memory u = image(11, 1, 10, 10, false);
        u.mediaType = 3;
        _expectInvalidUpload(u, "mediaType");
        u = image(12, 1, 10, 10, false);
        u.manifest = bytes32(0);
        _expectInvalidUpload(u, "manifest");
        _expectInvalidUpload(video(13, 1, 0), "timing");
    }

    /// @dev `u`, validly attested for bob, is refused with InvalidUpload(sha, field) and uses no nonce.
    function _expectInvalidUpload(ICopyrightRegistry.Upload memory u, string memory field) private {
        uint256 nonce = registry.nonces(bob);
        uint256 deadline = block.timestamp + 1;
        bytes memory sig = signRegistration(u, bob, bytes32(0), deadline);
        vm.expectRevert(
            abi.encodeWithSelector(ICopyrightRegistry.CopyrightRegistryInvalidUpload.selector, u.contentSha256, field)
        );
        registry.register(u, bob, bytes32(0), deadline, sig);
        assertEq(registry.nonces(bob), nonce, "no attestation used");
    }

    // ------------------------------------------------------------------ versions (resolution rule)

    function test_version_higherResolution_addsVersion() public {
        ICopyrightRegistry.Upload memory v = image(20, flipped(PHASH, 3), 3200, 2400, false);
        vm.expectEmit(address(registry));
        emit ICopyrightRegistry.VersionAdded(
            workId,
            1,
            v.contentSha256,
            bob,
            original.contentSha256,
            v,
            3,
            3200 * 2400,
            attester
        );
        uint256 id = registerMatch(v, bob, original.contentSha256);
        assertEq(id, workId, "same work");
        ICopyrightRegistry.WorkView memory w = registry.workOf(workId);
        assertEq(uint256(w.versionCount), 1, "versions");
        assertEq(uint256(w.highestPixels), 3200 * 2400, "highest");
        assertEq(w.owner, alice, "owner unchanged");
        assertEq(registry.totalWorks(), 1, "no new work");
        assertEq(uint256(registry.fileOf(v.contentSha256).version), 1, "version record");
        assertEq(registry.balanceOf(bob), 0, "no certificate for a version");
    }

    function test_version_atThreshold_accepted_aboveThreshold_refused() public {
        ICopyrightRegistry.Upload memory atLimit = image(21, flipped(PHASH, THRESHOLD), 3200, 2400, false);
        ICopyrightRegistry.Upload memory beyond = image(22, flipped(PHASH, THRESHOLD + 1), 3200, 2400, false);
        uint256 deadline = block.timestamp + 1;
        bytes memory sig = signRegistration(beyond, bob, original.contentSha256, deadline);
        vm.expectRevert(
            abi.encodeWithSelector(
                ICopyrightRegistry.CopyrightRegistryNotAMatch.selector,
                workId,
                uint256(THRESHOLD) + 1,
                uint256(THRESHOLD)
            )
        );
        registry.register(beyond, bob, original.contentSha256, deadline, sig);
        registerMatch(atLimit, bob, original.contentSha256);
        assertEq(uint256(registry.workOf(workId).versionCount), 1, "accepted at the threshold");
    }

    function test_version_equalResolution_refused() public {
        _expectNotHigher(image(23, PHASH, 1600, 1200, false), bob, 1600 * 1200, false);
        _expectNotHigher(image(24, PHASH, 1200, 1600, false), bob, 1600 * 1200, false);
    }

    function test_version_lowerResolution_refusedNamingTheWork() public {
        _expectNotHigher(image(25, PHASH, 800, 600, false), bob, 800 * 600, false);
    }

    function test_version_unknownMatch_refused() public {
        ICopyrightRegistry.Upload memory v = image(26, PHASH, 3200, 2400, false);
        bytes32 unknown = keccak256("nothing");
        uint256 deadline = block.timestamp + 1;
        bytes memory sig = signRegistration(v, bob, unknown, deadline);
        vm.expectRevert(abi.encodeWithSelector(ICopyrightRegistry.CopyrightRegistryUnknownMatch.selector, unknown));
        registry.register(v, bob, unknown, deadline, sig);
    }

    function test_version_matchingAVersion_usesItsPHash() public {
        uint64 versionHash = flipped(PHASH, 8);
        ICopyrightRegistry.Upload memory v1 = image(27, versionHash, 3200, 2400, false);
        registerMatch(v1, alice, original.contentSha256);
        // 8 bits from the version, 16 from the original: matches the version only.
        ICopyrightRegistry.Upload memory v2 = image(28, versionHash ^ (uint64(0xff) << 32), 6400, 4800, false);
        registerMatch(v2, alice, v1.contentSha256);
        assertEq(uint256(registry.workOf(workId).versionCount), 2, "two versions");
    }

    // ------------------------------------------------------------------ RAW transfer

    function test_raw_equalResolution_opensClaim_finalisedAfterWindow() public {
        ICopyrightRegistry.Upload memory rawFile = image(30, flipped(PHASH, 2), 1600, 1200, true);
        vm.expectEmit(address(registry));
        emit ICopyrightRegistry.OwnershipClaimed(workId, bob, alice, 1, uint64(block.timestamp + WINDOW));
        registerMatch(rawFile, bob, original.contentSha256);
        ICopyrightRegistry.OwnershipClaim memory claim = registry.claimOf(workId);
        assertEq(claim.claimant, bob, "claimant");
        assertEq(registry.ownerOf(workId), alice, "not yet");

        vm.warp(claim.readyAt - 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                ICopyrightRegistry.CopyrightRegistryDisputeWindowOpen.selector,
                workId,
                claim.readyAt,
                claim.readyAt - 1
            )
        );
        registry.finaliseClaim(workId);

        vm.warp(claim.readyAt);
        vm.expectEmit(address(registry));
        emit IERC721.Transfer(alice, bob, workId);
        vm.expectEmit(address(registry));
        emit ICopyrightRegistry.OwnershipClaimFinalised(workId, alice, bob);
        registry.finaliseClaim(workId);
        assertEq(registry.ownerOf(workId), bob, "RAW uploader owns");
        assertEq(registry.creatorOf(workId), alice, "creator kept");
        assertEq(registry.balanceOf(alice), 0, "alice balance");
        assertEq(registry.balanceOf(bob), 1, "bob balance");
        assertEq(registry.claimOf(workId).claimant, address(0), "claim cleared");
    }

    function test_raw_higherResolution_isAlsoAVersion() public {
        registerMatch(image(31, PHASH, 4000, 3000, true), bob, original.contentSha256);
        assertEq(uint256(registry.workOf(workId).highestPixels), 4000 * 3000, "highest raised");
        assertEq(registry.claimOf(workId).claimant, bob, "claim");
    }

    function test_raw_lowerResolution_refused() public {
        _expectNotHigher(image(32, PHASH, 1600, 1199, true), bob, 1600 * 1199, true);
    }

    function test_raw_byOwner_isAVersionWithoutClaim() public {
        registerMatch(image(33, PHASH, 1600, 1200, true), alice, original.contentSha256);
        assertEq(registry.claimOf(workId).claimant, address(0), "no claim");
        assertEq(uint256(registry.workOf(workId).versionCount), 1, "version");
    }

    function test_raw_secondClaimWhilePending_refused() public {
        registerMatch(image(34, PHASH, 1600, 1200, true), bob, original.contentSha256);
        ICopyrightRegistry.Upload memory second = image(35, PHASH, 1600, 1200, true);
        uint256 deadline = block.timestamp + 1;
        bytes memory sig = signRegistration(second, carol, original.contentSha256, deadline);
        vm.expectRevert(
            abi.encodeWithSelector(
                ICopyrightRegistry.CopyrightRegistryClaimPending.selector,
                workId,
                bob,
                block.timestamp + WINDOW
            )
        );
        registry.register(second, carol, original.contentSha256, deadline, sig);
    }

    function test_raw_supervisorRejectsWithinWindow() public {
        registerMatch(image(36, PHASH, 1600, 1200, true), bob, original.contentSha256);
        vm.expectRevert(abi.encodeWithSelector(ICopyrightRegistry.CopyrightRegistryNotSupervisor.selector, carol));
        vm.prank(carol);
        registry.rejectClaim(workId, 1);

        vm.warp(block.timestamp + WINDOW - 1);
        vm.expectEmit(address(registry));
        emit ICopyrightRegistry.OwnershipClaimRejected(workId, bob, supervisor, 42);
        vm.prank(supervisor);
        registry.rejectClaim(workId, 42);
        vm.warp(block.timestamp + WINDOW);
        vm.expectRevert(abi.encodeWithSelector(ICopyrightRegistry.CopyrightRegistryNoClaim.selector, workId));
        registry.finaliseClaim(workId);
        assertEq(registry.ownerOf(workId), alice, "owner kept");
    }

    function test_raw_rejectAfterWindow_refused() public {
        registerMatch(image(37, PHASH, 1600, 1200, true), bob, original.contentSha256);
        uint256 readyAt = block.timestamp + WINDOW;
        vm.warp(readyAt);
        vm.expectRevert(
            abi.encodeWithSelector(
                ICopyrightRegistry.CopyrightRegistryDisputeWindowClosed.selector,
                workId,
                readyAt,
                readyAt
            )
        );
        vm.prank(supervisor);
        registry.rejectClaim(workId, 1);
    }

    // ------------------------------------------------------------------ suspension

    function test_suspend_blocksTransferVersionsAndClaims_reinstateRestores() public {
        vm.expectEmit(address(registry));
        emit ICopyrightRegistry.WorkSuspended(workId, supervisor, 7);
        vm.prank(supervisor);
        registry.suspend(workId, 7);
        assertFalse(registry.isActive(workId), "inactive");
        (bool active, , , ) = registry.saleTermsOf(workId);
        assertFalse(active, "not for sale");

        bytes memory suspended = abi.encodeWithSelector(
            ICopyrightRegistry.CopyrightRegistryWorkSuspended.selector,
            workId
        );
        vm.expectRevert(suspended);
        vm.prank(alice);
        registry.transferFrom(alice, bob, workId);

        ICopyrightRegistry.Upload memory v = image(40, PHASH, 3200, 2400, false);
        uint256 deadline = block.timestamp + 1;
        bytes memory sig = signRegistration(v, alice, original.contentSha256, deadline);
        vm.expectRevert(suspended);
        registry.register(v, alice, original.contentSha256, deadline, sig);

        vm.expectRevert(suspended);
        vm.prank(supervisor);
        registry.suspend(workId, 7);

        vm.prank(supervisor);
        registry.reinstate(workId, 8);
        assertTrue(registry.isActive(workId), "active again");
        vm.prank(alice);
        registry.transferFrom(alice, bob, workId);
        assertEq(registry.ownerOf(workId), bob, "moves again");
    }

    function test_suspend_pendingClaimCannotFinalise() public {
        registerMatch(image(41, PHASH, 1600, 1200, true), bob, original.contentSha256);
        vm.prank(supervisor);
        registry.suspend(workId, 3);
        vm.warp(block.timestamp + WINDOW);
        vm.expectRevert(abi.encodeWithSelector(ICopyrightRegistry.CopyrightRegistryWorkSuspended.selector, workId));
        registry.finaliseClaim(workId);
    }

    function test_suspend_onlySupervisor_andReinstateNeedsSuspension() public {
        vm.expectRevert(abi.encodeWithSelector(ICopyrightRegistry.CopyrightRegistryNotSupervisor.selector, alice));
        vm.prank(alice);
        registry.suspend(workId, 1);
        vm.expectRevert(abi.encodeWithSelector(ICopyrightRegistry.CopyrightRegistryWorkNotSuspended.selector, workId));
        vm.prank(supervisor);
        registry.reinstate(workId, 1);
        vm.expectRevert(abi.encodeWithSelector(ICopyrightRegistry.CopyrightRegistryNonexistentWork.selector, 99));
        vm.prank(supervisor);
        registry.suspend(99, 1);
    }

    // ------------------------------------------------------------------ certificate

    function test_erc721_transfersApprovalsAndCreator() public {
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721InsufficientApproval.selector, bob, workId));
        vm.prank(bob);
        registry.transferFrom(alice, bob, workId);

        vm.prank(alice);
        registry.approve(bob, workId);
        assertEq(registry.getApproved(workId), bob, "approved");
        vm.prank(bob);
        registry.transferFrom(alice, carol, workId);
        assertEq(registry.ownerOf(workId), carol, "carol owns");
        assertEq(registry.getApproved(workId), address(0), "approval cleared");
        assertEq(registry.creatorOf(workId), alice, "creator kept");

        vm.prank(carol);
        registry.setApprovalForAll(bob, true);
        vm.prank(bob);
        registry.safeTransferFrom(carol, alice, workId);
        assertEq(registry.ownerOf(workId), alice, "back to alice");
        assertEq(registry.creatorOf(workId), alice, "creator still alice");
        assertEq(registry.balanceOf(carol), 0, "carol balance");

        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721IncorrectOwner.selector, carol, workId, alice));
        vm.prank(alice);
        registry.transferFrom(carol, bob, workId);
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721InvalidReceiver.selector, address(0)));
        vm.prank(alice);
        registry.transferFrom(alice, address(0), workId);
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721NonexistentToken.selector, 5));
        registry.ownerOf(5);
    }

    function test_erc721_safeTransferToNonReceiverReverts() public {
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721InvalidReceiver.selector, address(registry)));
        vm.prank(alice);
        registry.safeTransferFrom(alice, address(registry), workId);
    }

    function test_tokenURI_isTheManifestCid() public view {
        string memory uri = registry.tokenURI(workId);
        bytes memory b = bytes(uri);
        assertEq(b.length, 7 + 59, "ipfs:// + b + 58 base32 chars");
        // CIDv1 dag-cbor sha2-256 always starts with "bafyrei" in base32.
        assertEq(string(_slice(b, 0, 14)), "ipfs://bafyrei", "prefix");
        assertTrue(registry.supportsInterface(type(IERC721).interfaceId), "ERC-721");
        assertTrue(registry.supportsInterface(type(IERC721Metadata).interfaceId), "metadata");
        assertTrue(registry.supportsInterface(type(IERC2981).interfaceId), "ERC-2981");
        assertFalse(registry.supportsInterface(0xdeadbeef), "other");
    }

    function test_royalty_setByOwnerOnly() public {
        (address receiver, uint256 amount) = registry.royaltyInfo(workId, 1 ether);
        assertEq(receiver, address(0), "none by default");
        assertEq(amount, 0, "zero");
        vm.expectRevert(
            abi.encodeWithSelector(ICopyrightRegistry.CopyrightRegistryNotWorkOwner.selector, workId, bob, alice)
        );
        vm.prank(bob);
        registry.setRoyalty(workId, bob, 500);
        vm.expectRevert(
            abi.encodeWithSelector(ICopyrightRegistry.CopyrightRegistryInvalidRoyalty.selector, alice, 10_001, 10_000)
        );
        vm.prank(alice);
        registry.setRoyalty(workId, alice, 10_001);
        vm.prank(alice);
        registry.setRoyalty(workId, carol, 750);
        (receiver, amount) = registry.royaltyInfo(workId, 2 ether);
        assertEq(receiver, carol, "receiver");
        assertEq(amount, 0.15 ether, "7.5 %");
    }

    // ------------------------------------------------------------------ donations

    function test_donation_needsApprovedNgo_andStopsWhenRemoved() public {
        address ngo = makeAddr("ngo");
        vm.expectRevert(abi.encodeWithSelector(ICopyrightRegistry.CopyrightRegistryNgoNotApproved.selector, ngo));
        vm.prank(alice);
        registry.setDonation(ngo, 1000);
        vm.prank(admin);
        registry.setNgoApproval(ngo, true);
        vm.prank(alice);
        registry.setDonation(ngo, 1000);
        (address got, uint16 bps) = registry.donationOf(alice);
        assertEq(got, ngo, "ngo");
        assertEq(uint256(bps), 1000, "bps");
        vm.prank(admin);
        registry.setNgoApproval(ngo, false);
        (got, bps) = registry.donationOf(alice);
        assertEq(got, address(0), "removed NGO receives nothing");
        assertEq(uint256(bps), 0, "no share");
        vm.expectRevert(
            abi.encodeWithSelector(ICopyrightRegistry.CopyrightRegistryInvalidDonation.selector, address(0), 5, 10_000)
        );
        vm.prank(alice);
        registry.setDonation(address(0), 5);
    }

    // ------------------------------------------------------------------ batch

    function test_batch_registersConsecutiveIds() public {
        ICopyrightRegistry.Upload[] memory uploads = new ICopyrightRegistry.Upload[](3);
        for (uint256 i = 0; i < 3; ++i) uploads[i] = image(100 + i, uint64(i), 100, 100, false);
        uint256 deadline = block.timestamp + 1;
        bytes memory sig = signBatch(uploads, bob, registry.nonces(bob), deadline, attesterKey);
        uint256 first = registry.registerBatch(uploads, bob, deadline, sig);
        assertEq(first, 2, "first id");
        assertEq(registry.totalWorks(), 4, "total");
        assertEq(registry.balanceOf(bob), 3, "balance");
        assertEq(registry.ownerOf(4), bob, "last owner");
        assertEq(uint256(registry.fileOf(uploads[2].contentSha256).workId), 4, "index");
        assertEq(registry.nonces(bob), 1, "one nonce per batch");
    }

    function test_batch_revertsOnDuplicateInside_andBadLength() public {
        ICopyrightRegistry.Upload[] memory uploads = new ICopyrightRegistry.Upload[](2);
        uploads[0] = image(200, 1, 100, 100, false);
        uploads[1] = uploads[0];
        uint256 deadline = block.timestamp + 1;
        bytes memory sig = signBatch(uploads, bob, 0, deadline, attesterKey);
        vm.expectRevert(
            abi.encodeWithSelector(
                ICopyrightRegistry.CopyrightRegistryDuplicateHash.selector,
                uploads[0].contentSha256,
                2
            )
        );
        registry.registerBatch(uploads, bob, deadline, sig);

        ICopyrightRegistry.Upload[] memory none = new ICopyrightRegistry.Upload[](0);
        vm.expectRevert(
            abi.encodeWithSelector(ICopyrightRegistry.CopyrightRegistryInvalidBatchLength.selector, 0, 100)
        );
        registry.registerBatch(none, bob, deadline, sig);
    }

    function test_batch_revertsWhenSignedByNonAttester() public {
        ICopyrightRegistry.Upload[] memory uploads = new ICopyrightRegistry.Upload[](1);
        uploads[0] = image(300, 1, 100, 100, false);
        uint256 deadline = block.timestamp + 1;
        uint256 key = makeKey("stranger");
        bytes memory sig = signBatch(uploads, bob, 0, deadline, key);
        vm.expectRevert(abi.encodeWithSelector(IAuthoritySet.AuthoritySetNotAttester.selector, vm.addr(key)));
        registry.registerBatch(uploads, bob, deadline, sig);
    }

    // ------------------------------------------------------------------ edge paths

    function test_constructor_refusesZeroAuthority() public {
        vm.expectRevert(ICopyrightRegistry.CopyrightRegistryZeroAddress.selector);
        new CopyrightRegistry(IAuthoritySet(address(0)), 0, admin, THRESHOLD, WINDOW);
    }

    function test_register_andBatch_refuseZeroUploader_batchRefusesExpired() public {
        ICopyrightRegistry.Upload memory u = image(400, 1, 100, 100, false);
        uint256 deadline = block.timestamp + 1;
        bytes memory sig = signRegistration(u, bob, bytes32(0), deadline);
        vm.expectRevert(
            abi.encodeWithSelector(ICopyrightRegistry.CopyrightRegistryInvalidUploader.selector, address(0))
        );
        registry.register(u, address(0), bytes32(0), deadline, sig);

        ICopyrightRegistry.Upload[] memory uploads = new ICopyrightRegistry.Upload[](1);
        uploads[0] = u;
        bytes memory batchSig = signBatch(uploads, bob, registry.nonces(bob), deadline, attesterKey);
        vm.expectRevert(
            abi.encodeWithSelector(ICopyrightRegistry.CopyrightRegistryInvalidUploader.selector, address(0))
        );
        registry.registerBatch(uploads, address(0), deadline, batchSig);

        vm.warp(deadline + 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                ICopyrightRegistry.CopyrightRegistryAttestationExpired.selector,
                deadline,
                deadline + 1
            )
        );
        registry.registerBatch(uploads, bob, deadline, batchSig);
        assertEq(registry.totalWorks(), 1, "nothing registered");
    }

    function test_register_refusesZeroHashOversizedResolutionAndImageTiming() public {
        ICopyrightRegistry.Upload memory u = image(401, 1, 100, 100, false);
        u.contentSha256 = bytes32(0);
        _expectInvalidUpload(u, "contentSha256");
        // 2^21 x 2^21 pixels do not fit the 40-bit pixel count of the work slot
        _expectInvalidUpload(image(402, 1, 1 << 21, 1 << 21, false), "resolution");
        u = image(403, 1, 100, 100, false);
        u.cellCount = 1;
        _expectInvalidUpload(u, "timing");
    }

    function test_version_refusesAFileAlreadyRegistered_andAnotherMediaType() public {
        ICopyrightRegistry.Upload memory v = image(404, flipped(PHASH, 2), 3200, 2400, false);
        registerMatch(v, bob, original.contentSha256);
        uint256 deadline = block.timestamp + 1;
        bytes memory sig = signRegistration(v, carol, original.contentSha256, deadline);
        vm.expectRevert(
            abi.encodeWithSelector(ICopyrightRegistry.CopyrightRegistryDuplicateHash.selector, v.contentSha256, workId)
        );
        registry.register(v, carol, original.contentSha256, deadline, sig);

        ICopyrightRegistry.Upload memory clip = video(405, PHASH, 3);
        sig = signRegistration(clip, carol, original.contentSha256, deadline);
        vm.expectRevert(
            abi.encodeWithSelector(ICopyrightRegistry.CopyrightRegistryInvalidUpload.selector, clip.contentSha256, "mediaType")
        );
        registry.register(clip, carol, original.contentSha256, deadline, sig);
    }

    function test_version_refusedOnceTheVersionCountIsFull() public {
        // Find the work slot by its content (owner in the low 160 bits), then fill versionCount
        // (bits 232-247: after owner, registeredAt uint32 and highestPixels uint40).
        bytes32 key;
        uint256 word;
        for (uint256 slot = 0; slot < 64; ++slot) {
            key = keccak256(abi.encode(workId, slot));
            word = uint256(vm.load(address(registry), key));
            if (address(uint160(word)) == alice && (word >> 160) & type(uint32).max == block.timestamp) break;
            word = 0;
        }
        assertTrue(word != 0, "work slot found");
        word |= uint256(type(uint16).max) << 232;
        vm.store(address(registry), key, bytes32(word));

        ICopyrightRegistry.Upload memory v = image(406, PHASH, 3200, 2400, false);
        uint256 deadline = block.timestamp + 1;
        bytes memory sig = signRegistration(v, bob, original.contentSha256, deadline);
        vm.expectRevert(
            abi.encodeWithSelector(ICopyrightRegistry.CopyrightRegistryTooManyVersions.selector, workId)
        );
        registry.register(v, bob, original.contentSha256, deadline, sig);
    }

    function test_rejectClaim_withoutPendingClaim_refused() public {
        vm.expectRevert(abi.encodeWithSelector(ICopyrightRegistry.CopyrightRegistryNoClaim.selector, workId));
        vm.prank(supervisor);
        registry.rejectClaim(workId, 7);
    }

    function test_setNgoApproval_refusesZeroAddress() public {
        vm.expectRevert(
            abi.encodeWithSelector(ICopyrightRegistry.CopyrightRegistryNgoNotApproved.selector, address(0))
        );
        vm.prank(admin);
        registry.setNgoApproval(address(0), true);
    }

    function test_erc721_refusesStrangerApprovalZeroOperatorZeroOwnerAndUnknownToken() public {
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721InvalidApprover.selector, bob));
        vm.prank(bob);
        registry.approve(carol, workId);
        assertEq(registry.getApproved(workId), address(0), "no approval");

        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721InvalidOperator.selector, address(0)));
        vm.prank(alice);
        registry.setApprovalForAll(address(0), true);

        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721InvalidOwner.selector, address(0)));
        registry.balanceOf(address(0));

        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721NonexistentToken.selector, 999));
        vm.prank(alice);
        registry.transferFrom(alice, bob, 999);
    }

    function test_metadata_nameSymbolAndManifestCid() public view {
        assertEq(registry.name(), "Auteur Copyright Certificate", "name");
        assertEq(registry.symbol(), "AUTEUR-WORK", "symbol");
        assertEq(
            string.concat("ipfs://", registry.manifestCidOf(workId)),
            registry.tokenURI(workId),
            "token URI is ipfs:// + the manifest CID"
        );
    }

    // ------------------------------------------------------------------ parameters

    function test_parameters_boundsAndEvents() public {
        vm.expectRevert(abi.encodeWithSelector(ICopyrightRegistry.CopyrightRegistryInvalidThreshold.selector, 33, 32));
        vm.prank(admin);
        registry.setMatchThreshold(33);
        vm.expectEmit(address(registry));
        emit ICopyrightRegistry.MatchThresholdChanged(THRESHOLD, 32);
        vm.prank(admin);
        registry.setMatchThreshold(32);
        assertEq(uint256(registry.matchThreshold()), 32, "threshold");

        vm.expectRevert(
            abi.encodeWithSelector(
                ICopyrightRegistry.CopyrightRegistryInvalidDisputeWindow.selector,
                59 minutes,
                1 hours,
                365 days
            )
        );
        vm.prank(admin);
        registry.setDisputeWindow(59 minutes);
        vm.prank(admin);
        registry.setDisputeWindow(1 hours);
        assertEq(uint256(registry.disputeWindow()), 1 hours, "window");
        vm.expectRevert();
        vm.prank(alice);
        registry.setMatchThreshold(1);
    }

    function test_defaultThreshold_isTenOfSixtyFourBits() public view {
        assertEq(uint256(registry.DEFAULT_MATCH_THRESHOLD()), 10, "default");
        assertEq(registry.UPLOAD_TYPEHASH(), keccak256(
            "Upload(bytes32 contentSha256,uint64 pHash,uint32 width,uint32 height,bool raw,bytes32 manifest,uint8 mediaType,uint32 cellCount,uint32 durationSeconds)"
        ), "upload type");
    }

    // ------------------------------------------------------------------ fuzz

    /// @dev Accepted exactly when the distance is within the threshold.
    function test_fuzz_matchThreshold(uint256 bits, uint8 threshold) public {
        bits = bound(bits, 0, 64);
        threshold = uint8(bound(threshold, 0, 32));
        vm.prank(admin);
        registry.setMatchThreshold(threshold);
        ICopyrightRegistry.Upload memory v = image(500, flipped(PHASH, bits), 3200, 2400, false);
        uint256 deadline = block.timestamp + 1;
        bytes memory sig = signRegistration(v, bob, original.contentSha256, deadline);
        if (bits > threshold) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    ICopyrightRegistry.CopyrightRegistryNotAMatch.selector,
                    workId,
                    bits,
                    uint256(threshold)
                )
            );
        }
        registry.register(v, bob, original.contentSha256, deadline, sig);
    }

    /// @dev Versions need a strictly larger area; RAW files need at least the highest area.
    function test_fuzz_resolutionRule(uint32 width, uint32 height, bool raw) public {
        width = uint32(bound(width, 1, 100_000));
        height = uint32(bound(height, 1, 100_000));
        ICopyrightRegistry.Upload memory v = image(600, PHASH, width, height, raw);
        uint256 deadline = block.timestamp + 1;
        bytes memory sig = signRegistration(v, bob, original.contentSha256, deadline);
        uint256 pixels = uint256(width) * height;
        bool accepted = pixels > 1600 * 1200 || (raw && pixels == 1600 * 1200);
        if (!accepted) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    ICopyrightRegistry.CopyrightRegistryResolutionNotHigher.selector,
                    workId,
                    pixels,
                    1600 * 1200,
                    raw
                )
            );
        }
        registry.register(v, bob, original.contentSha256, deadline, sig);
        if (accepted) assertEq(registry.claimOf(workId).claimant, raw ? bob : address(0), "claim iff RAW");
    }

    // ------------------------------------------------------------------ helpers

    function _expectNotHigher(
        ICopyrightRegistry.Upload memory v,
        address uploader,
        uint256 pixels,
        bool raw
    ) private {
        uint256 deadline = block.timestamp + 1;
        bytes memory sig = signRegistration(v, uploader, original.contentSha256, deadline);
        vm.expectRevert(
            abi.encodeWithSelector(
                ICopyrightRegistry.CopyrightRegistryResolutionNotHigher.selector,
                workId,
                pixels,
                1600 * 1200,
                raw
            )
        );
        registry.register(v, uploader, original.contentSha256, deadline, sig);
    }

    function _recover(bytes32 digest, bytes memory sig) private pure returns (address) {
        bytes32 r;
        bytes32 s;
        uint8 v;
        assembly ("memory-safe") {
            r := mload(add(sig, 32))
            s := mload(add(sig, 64))
            v := byte(0, mload(add(sig, 96)))
        }
        return ecrecover(digest, v, r, s);
    }

    function _slice(bytes memory b, uint256 start, uint256 end) private pure returns (bytes memory out) {
        out = new bytes(end - start);
        for (uint256 i = start; i < end; ++i) out[i - start] = b[i];
    }
}
