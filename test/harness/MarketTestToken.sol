// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Burnable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Burnable.sol";

/**
 * @title MarketTestToken
 * @notice A burnable ERC-20 with open minting and a burn counter, for market tests that do not
 * need the full AuteurToken (votes, cap, permit). Test code only.
 */
contract MarketTestToken is ERC20, ERC20Burnable {
    uint256 public totalBurned;

    constructor(string memory name_, string memory symbol_) ERC20(name_, symbol_) {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (to == address(0)) totalBurned += value;
    }
}
