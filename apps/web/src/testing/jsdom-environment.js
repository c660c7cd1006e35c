// jsdom with the WHATWG fetch classes of Node (fetch, Request, Response, Headers), which jsdom lacks;
// the typed API client is tested against a fake fetch that receives real Request objects.
const { TestEnvironment } = require('jest-environment-jsdom');

module.exports = class JsdomWithFetch extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of ['fetch', 'Request', 'Response', 'Headers', 'TextEncoder', 'TextDecoder', 'ReadableStream']) {
      this.global[name] = globalThis[name];
    }
    // jsdom has no CSS namespace; React Aria uses CSS.escape for ids in selectors.
    this.global.CSS ??= {
      escape: (value) => String(value).replace(/[^a-zA-Z0-9_-]/g, (c) => `\\${c}`),
      supports: () => false,
    };
  }
};
