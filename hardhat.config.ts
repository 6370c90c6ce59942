import { createRequire } from "node:module";
import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import { configVariable, defineConfig } from "hardhat/config";

const require = createRequire(import.meta.url);

/**
 * One compiler for every chain: solc-js from the npm `solc` package (no download), pinned to the
 * exact version below. `evmVersion: "shanghai"` keeps the bytecode valid on TRON's TVM and Kaia
 * (PUSH0 yes, TSTORE/MCOPY no).
 */
export const SOLC_VERSION = "0.8.30";

export default defineConfig({
  plugins: [hardhatToolboxMochaEthers],
  solidity: {
    profiles: {
      default: {
        version: SOLC_VERSION,
        path: require.resolve("solc/soljson.js"),
        settings: {
          evmVersion: "shanghai",
          optimizer: { enabled: true, runs: 200 },
        },
      },
    },
  },
  test: {
    solidity: {
      // Fuzz and invariant budgets sized so the whole suite stays well inside CI's time on 2 cores;
      // raise them locally with a profile when hunting.
      fuzz: { runs: 256 },
      invariant: { runs: 64, depth: 48 },
    },
  },
  paths: {
    sources: "./contracts",
    tests: { solidity: "./test", mocha: "./test" },
  },
  networks: {
    hardhatMainnet: { type: "edr-simulated", chainType: "l1", hardfork: "shanghai" },
    localhost: { type: "http", chainType: "l1", url: "http://127.0.0.1:8545" },
    sepolia: {
      type: "http",
      chainType: "l1",
      url: configVariable("SEPOLIA_RPC_URL"),
      accounts: [configVariable("DEPLOYER_PRIVATE_KEY")],
    },
    kairos: {
      type: "http",
      chainType: "l1",
      url: configVariable("KAIROS_RPC_URL"),
      accounts: [configVariable("DEPLOYER_PRIVATE_KEY")],
    },
    kaia: {
      type: "http",
      chainType: "l1",
      url: configVariable("KAIA_RPC_URL"),
      accounts: [configVariable("DEPLOYER_PRIVATE_KEY")],
    },
  },
});
