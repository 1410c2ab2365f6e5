// Parses Terraform files with @cdktf/hcl2json (HashiCorp's HCL parser compiled to WebAssembly)
// and prints {"<file>": <its JSON form>} for the tests to check. A file that does not parse
// stops with its name and HCL's own message, exit 1.
//   node parse.js FILE...
const fs = require("fs");
const { parse } = require("@cdktf/hcl2json");

(async () => {
  const result = {};
  for (const file of process.argv.slice(2)) {
    try {
      result[file] = await parse(file, fs.readFileSync(file, "utf8"));
    } catch (e) {
      console.error(`${file}: ${e.message || e}`);
      process.exit(1);
    }
  }
  process.stdout.write(JSON.stringify(result, null, 1));
})();
