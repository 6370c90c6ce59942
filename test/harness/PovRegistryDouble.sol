// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IWorkRegistryView} from "../../contracts/pov/IWorkRegistryView.sol";

/// @dev Test double of the registry's read side for the reward contracts: works are set directly by the tests.
contract PovRegistryDouble is IWorkRegistryView {
    struct Work {
        address creator;
        uint8 mediaType;
        uint32 cellCount;
        uint32 durationSeconds;
        bool active;
    }

    error PovRegistryDoubleUnknownWork(uint256 workId);

    mapping(uint256 workId => Work) public works;

    function setWork(uint256 workId, address creator, uint8 mediaType, uint32 cellCount, bool active) external {
        works[workId] = Work(creator, mediaType, cellCount, cellCount * 60, active);
    }

    function setActive(uint256 workId, bool active) external {
        works[workId].active = active;
    }

    function isActive(uint256 workId) external view returns (bool) {
        return works[workId].active;
    }

    function creatorOf(uint256 workId) external view returns (address) {
        address creator = works[workId].creator;
        if (creator == address(0)) revert PovRegistryDoubleUnknownWork(workId);
        return creator;
    }

    function mediaInfo(uint256 workId) external view returns (uint8, uint32, uint32) {
        Work storage w = works[workId];
        if (w.creator == address(0)) revert PovRegistryDoubleUnknownWork(workId);
        return (w.mediaType, w.cellCount, w.durationSeconds);
    }
}
