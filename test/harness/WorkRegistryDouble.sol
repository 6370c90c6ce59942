// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @dev The slice of CopyrightRegistry that payout contracts read (active status, owner, creator,
 * donation), settable by tests. The TypeScript suites run the same contracts against the real
 * registry; this double lets Solidity fuzz and invariant tests flip a work's status at will.
 */
contract WorkRegistryDouble {
    mapping(uint256 workId => address) public ownerOf;
    mapping(uint256 workId => bool) public isActive;
    mapping(address creator => address) private _ngo;
    mapping(address creator => uint16) private _bps;

    function setWork(uint256 workId, address owner, bool active) external {
        ownerOf[workId] = owner;
        isActive[workId] = active;
    }

    function creatorOf(uint256 workId) external view returns (address) {
        return ownerOf[workId];
    }

    function setDonation(address creator, address ngo, uint16 bps) external {
        _ngo[creator] = ngo;
        _bps[creator] = bps;
    }

    function donationOf(address creator) external view returns (address ngo, uint16 bps) {
        return (_ngo[creator], _bps[creator]);
    }
}
