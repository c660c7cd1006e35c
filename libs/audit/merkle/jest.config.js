const preset = require('../../../jest.preset.js');

module.exports = { ...preset, displayName: 'audit-merkle', roots: ['<rootDir>/libs/audit/merkle'] };
