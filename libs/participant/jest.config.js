const preset = require('../../jest.preset.js');

module.exports = { ...preset, displayName: 'participant', roots: ['<rootDir>/libs/participant'] };
