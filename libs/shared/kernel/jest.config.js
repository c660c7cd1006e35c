const preset = require('../../../jest.preset.js');

module.exports = { ...preset, displayName: 'kernel', roots: ['<rootDir>/libs/shared/kernel'] };
