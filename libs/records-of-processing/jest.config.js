const preset = require('../../jest.preset.js');

module.exports = { ...preset, displayName: 'records-of-processing', roots: ['<rootDir>/libs/records-of-processing'] };
