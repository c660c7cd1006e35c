const preset = require('../../jest.preset.js');

module.exports = { ...preset, displayName: 'deploy-files', roots: ['<rootDir>/tools/deploy-files'] };
