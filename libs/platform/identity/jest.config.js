const preset = require('../../../jest.preset.js');

module.exports = { ...preset, displayName: 'identity', roots: ['<rootDir>/libs/platform/identity'] };
