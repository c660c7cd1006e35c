// @casl/ability 7 publishes its types only through package.json "exports", which tsconfig's
// `moduleResolution: "node"` ignores. Point the two entry points at the shipped declarations;
// delete this file once the workspace resolves modules with node16 or bundler.
declare module '@casl/ability' {
  export * from '@casl/ability/dist/types/index';
}
declare module '@casl/ability/extra' {
  export * from '@casl/ability/dist/types/extra/index';
}
