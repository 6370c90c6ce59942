// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/**
 * @title FeeOnTransferToken
 * @notice An ERC-20 that keeps 1 % of every transfer between two accounts (sent to address 0xfee),
 * to check that the market refuses tokens that deliver less than asked. Test code only.
 */
contract FeeOnTransferToken is ERC20 {
    address public constant FEE_SINK = address(0xfee);

    constructor() ERC20("Fee On Transfer", "FOT") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function _update(address from, address to, uint256 value) internal override {
        if (from == address(0) || to == address(0)) return super._update(from, to, value);
        uint256 fee = value / 100;
        super._update(from, FEE_SINK, fee);
        super._update(from, to, value - fee);
    }
}
