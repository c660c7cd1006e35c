// Maps the tsconfig path aliases (@fallverbund/*) for jest, so there is one list of aliases.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

exports.pathsToModuleNameMapper = () => {
  const paths = JSON.parse(readFileSync(join(__dirname, '../../tsconfig.base.json'), 'utf8')).compilerOptions.paths;
  return Object.fromEntries(Object.entries(paths).map(([alias, [target]]) => [`^${alias}$`, `<rootDir>/${target}`]));
};
