const preset = require('../../jest.preset.js');

module.exports = { ...preset, displayName: 'access-questions', roots: ['<rootDir>/libs/access-questions'] };
