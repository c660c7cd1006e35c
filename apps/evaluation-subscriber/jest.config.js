const preset = require('../../jest.preset.js');

module.exports = { ...preset, displayName: 'evaluation-subscriber', roots: ['<rootDir>/apps/evaluation-subscriber'] };
