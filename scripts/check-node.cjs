// Preinstall guard: Hardhat 3 and its EDR runtime need Node >= 22.13.
// On an older Node npm silently skips EDR's platform package and Hardhat later fails with HHE27.
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 13)) {
  console.error(
    `\nAuteur needs Node >= 22.13 to install (found ${process.versions.node}).\n` +
      "Install with the node@22 package from the npm registry, no system change needed:\n\n" +
      "  npx -y -p node@22 -- npm ci\n\n" +
      "After that, every `npm run ...` uses the Node 22 from node_modules/.bin.\n",
  );
  process.exit(1);
}
