// Prints the JSON form of an HCL file, parsed by @cdktf/hcl2json (HashiCorp's HCL parser built
// to WebAssembly): node hcl2json.js FILE. NODE_PATH must reach the package.
const fs = require("fs");
const { parse } = require("@cdktf/hcl2json");
const file = process.argv[2];
parse(file, fs.readFileSync(file, "utf8")).then(
  (json) => process.stdout.write(JSON.stringify(json, null, 2) + "\n"),
  (error) => {
    process.stderr.write(`hcl2json: ${error}\n`);
    process.exit(1);
  });
