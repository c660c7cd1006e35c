const preset = require('../../jest.preset.js');

module.exports = { ...preset, displayName: 'relay', roots: ['<rootDir>/apps/relay'] };
