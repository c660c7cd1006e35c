const preset = require('../../jest.preset.js');

module.exports = { ...preset, displayName: 'retention', roots: ['<rootDir>/libs/retention'] };
