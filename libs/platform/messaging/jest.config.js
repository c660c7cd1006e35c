const preset = require('../../../jest.preset.js');

module.exports = { ...preset, displayName: 'messaging', roots: ['<rootDir>/libs/platform/messaging'] };
