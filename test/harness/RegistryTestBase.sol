// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AuthoritySet} from "../../contracts/access/AuthoritySet.sol";
import {AuteurToken} from "../../contracts/token/AuteurToken.sol";
import {CopyrightRegistry} from "../../contracts/registry/CopyrightRegistry.sol";
import {ICopyrightRegistry} from "../../contracts/interfaces/ICopyrightRegistry.sol";
import {Test} from "../utils/Test.sol";

/// @notice Cheatcodes the registry tests need beyond `test/utils/Vm.sol`.
interface VmChain {
    function chainId(uint256 newChainId) external;
}

/**
 * @title RegistryTestBase
 * @notice Deploys an authority set (one attester, one supervisor) and a registry, and builds and
 * signs EIP-712 upload attestations exactly as an attester does. Shared by the registry and market
 * tests.
 */
abstract contract RegistryTestBase is Test {
    VmChain internal constant vmChain = VmChain(address(uint160(uint256(keccak256("hevm cheat code")))));

    uint32 internal constant WINDOW = 7 days;
    uint8 internal constant THRESHOLD = 10;

    AuthoritySet internal authority;
    CopyrightRegistry internal registry;

    address internal admin;
    address internal supervisor;
    address internal alice;
    address internal bob;
    address internal carol;
    uint256 internal attesterKey;
    address internal attester;

    function setUp() public virtual {
        admin = makeAddr("admin");
        supervisor = makeAddr("supervisor");
        alice = makeAddr("alice");
        bob = makeAddr("bob");
        carol = makeAddr("carol");
        attesterKey = makeKey("attester");
        attester = makeAddr("attester");
        vm.warp(1_700_000_000);

        authority = new AuthoritySet(0, admin);
        vm.startPrank(admin);
        authority.grantRole(authority.ATTESTER_ROLE(), attester);
        authority.grantRole(authority.SUPERVISOR_ROLE(), supervisor);
        vm.stopPrank();
        registry = new CopyrightRegistry(authority, 0, admin, THRESHOLD, WINDOW);
    }

    // ------------------------------------------------------------------ token

    /// @notice An AuteurToken with no genesis and a large cap; the test contract and `minters` may mint.
    function deployAuteur(address[] memory minters) internal returns (AuteurToken token) {
        token = new AuteurToken("Auteur", "AUT", 1e36, 0, admin, new address[](0), new uint256[](0));
        bytes32 minterRole = token.MINTER_ROLE();
        vm.startPrank(admin);
        token.grantRole(minterRole, address(this));
        for (uint256 i = 0; i < minters.length; ++i) token.grantRole(minterRole, minters[i]);
        vm.stopPrank();
    }

    // ------------------------------------------------------------------ uploads

    /// @notice An image upload whose SHA-256 and manifest derive from `seed`.
    function image(uint256 seed, uint64 pHash, uint32 width, uint32 height, bool raw)
        internal
        pure
        returns (ICopyrightRegistry.Upload memory upload)
    {
        upload.contentSha256 = sha256(abi.encode("file", seed));
        upload.pHash = pHash;
        upload.width = width;
        upload.height = height;
        upload.raw = raw;
        upload.manifest = sha256(abi.encode("manifest", seed));
        upload.mediaType = 0;
    }

    /// @notice A video upload (`cells` one-minute VideoCells).
    function video(uint256 seed, uint64 pHash, uint32 cells) internal pure returns (ICopyrightRegistry.Upload memory upload) {
        upload = image(seed, pHash, 1920, 1080, false);
        upload.mediaType = 1;
        upload.cellCount = cells;
        upload.durationSeconds = cells == 0 ? 0 : cells * 60 - 17;
    }

    // ------------------------------------------------------------------ EIP-712

    function hashUpload(ICopyrightRegistry.Upload memory u) internal view returns (bytes32) {
        return keccak256(abi.encode(registry.UPLOAD_TYPEHASH(), u));
    }

    function registrationDigest(
        CopyrightRegistry target,
        ICopyrightRegistry.Upload memory u,
        address uploader,
        bytes32 matched,
        uint256 nonce,
        uint256 deadline
    ) internal view returns (bytes32) {
        bytes32 structHash = keccak256(
            abi.encode(target.REGISTRATION_TYPEHASH(), hashUpload(u), uploader, matched, nonce, deadline)
        );
        return keccak256(abi.encodePacked("\x19\x01", target.domainSeparator(), structHash));
    }

    function signRegistration(
        ICopyrightRegistry.Upload memory u,
        address uploader,
        bytes32 matched,
        uint256 deadline
    ) internal view returns (bytes memory) {
        return
            signDigest(
                attesterKey,
                registrationDigest(registry, u, uploader, matched, registry.nonces(uploader), deadline)
            );
    }

    function signBatch(
        ICopyrightRegistry.Upload[] memory uploads,
        address uploader,
        uint256 nonce,
        uint256 deadline,
        uint256 key
    ) internal view returns (bytes memory) {
        bytes32[] memory hashes = new bytes32[](uploads.length);
        for (uint256 i = 0; i < uploads.length; ++i) hashes[i] = hashUpload(uploads[i]);
        bytes32 structHash = keccak256(
            abi.encode(registry.BATCH_TYPEHASH(), keccak256(abi.encodePacked(hashes)), uploader, nonce, deadline)
        );
        return signDigest(key, keccak256(abi.encodePacked("\x19\x01", registry.domainSeparator(), structHash)));
    }

    /// @notice Registers a new work for `uploader` with a valid attestation.
    function registerNew(ICopyrightRegistry.Upload memory u, address uploader) internal returns (uint256) {
        uint256 deadline = block.timestamp + 1 hours;
        return registry.register(u, uploader, bytes32(0), deadline, signRegistration(u, uploader, bytes32(0), deadline));
    }

    /// @notice Registers a match of `matched` uploaded by `uploader`.
    function registerMatch(
        ICopyrightRegistry.Upload memory u,
        address uploader,
        bytes32 matched
    ) internal returns (uint256) {
        uint256 deadline = block.timestamp + 1 hours;
        return registry.register(u, uploader, matched, deadline, signRegistration(u, uploader, matched, deadline));
    }

    /// @notice `pHash` with its lowest `bits` bits flipped (Hamming distance `bits`).
    function flipped(uint64 pHash, uint256 bits) internal pure returns (uint64) {
        uint64 mask = bits >= 64 ? type(uint64).max : uint64((uint256(1) << bits) - 1);
        return pHash ^ mask;
    }
}
