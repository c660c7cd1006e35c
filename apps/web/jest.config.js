const { pathsToModuleNameMapper } = require('../../tools/jest/paths');

// Component tests: jsdom, and swc for TypeScript with JSX (React's automatic runtime).
module.exports = {
  displayName: 'web',
  rootDir: __dirname,
  roots: ['<rootDir>/src'],
  testEnvironment: '<rootDir>/src/testing/jsdom-environment.js',
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', tsx: true },
          transform: { react: { runtime: 'automatic' } },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  moduleNameMapper: { ...pathsToModuleNameMapper(), '\\.css$': '<rootDir>/src/testing/style-stub.js' },
  moduleFileExtensions: ['tsx', 'ts', 'js', 'json'],
  testTimeout: 30_000,
};
