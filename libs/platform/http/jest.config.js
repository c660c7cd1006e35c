const preset = require('../../../jest.preset.js');

module.exports = { ...preset, displayName: 'http', roots: ['<rootDir>/libs/platform/http'] };
