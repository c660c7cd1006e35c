const preset = require('../../jest.preset.js');

module.exports = { ...preset, displayName: 'api', roots: ['<rootDir>/apps/api'] };
