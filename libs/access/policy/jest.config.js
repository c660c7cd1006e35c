const preset = require('../../../jest.preset.js');

module.exports = { ...preset, displayName: 'access-policy', roots: ['<rootDir>/libs/access/policy'] };
