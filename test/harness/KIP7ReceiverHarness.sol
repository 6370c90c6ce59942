// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IKIP7Receiver} from "../../contracts/interfaces/IKIP7Receiver.sol";

/**
 * @title KIP7ReceiverHarness
 * @notice A KIP-7 recipient for tests whose answer is chosen by `mode`: accept (records the call),
 * answer a wrong selector, revert with a custom error, or revert without data.
 */
contract KIP7ReceiverHarness is IKIP7Receiver {
    enum Mode {
        Accept,
        WrongAnswer,
        RevertWithError,
        RevertEmpty
    }

    error KIP7ReceiverHarnessRefused(address operator, address from, uint256 amount);

    event Received(address operator, address from, uint256 amount, bytes data, uint256 balance);

    Mode public mode;
    uint256 public calls;

    constructor(Mode mode_) {
        mode = mode_;
    }

    function setMode(Mode mode_) external {
        mode = mode_;
    }

    function onKIP7Received(
        address operator,
        address from,
        uint256 amount,
        bytes calldata data
    ) external returns (bytes4) {
        Mode current = mode;
        if (current == Mode.RevertWithError) {
            revert KIP7ReceiverHarnessRefused(operator, from, amount);
        }
        if (current == Mode.RevertEmpty) {
            // solhint-disable-next-line reason-string
            revert();
        }
        ++calls;
        // The token moved the balance before calling: report what this contract holds now.
        (bool ok, bytes memory ret) = msg.sender.staticcall(
            abi.encodeWithSignature("balanceOf(address)", address(this))
        );
        emit Received(operator, from, amount, data, ok ? abi.decode(ret, (uint256)) : 0);
        if (current == Mode.WrongAnswer) return bytes4(0xdeadbeef);
        return IKIP7Receiver.onKIP7Received.selector;
    }
}
