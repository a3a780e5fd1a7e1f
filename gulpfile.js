const { rmSync } = require('node:fs');
const { src, dest, parallel } = require('gulp');

// A fresh dist/ for every build, so no output of a renamed or deleted source is ever packed.
function clean(done) {
	rmSync('dist', { recursive: true, force: true });
	done();
}

// gulp 5 decodes files as UTF-8 unless told otherwise, which would corrupt PNG icons.
const copyNodeIcons = () =>
	src('nodes/**/*.{png,svg}', { encoding: false }).pipe(dest('dist/nodes'));
const copyCredentialIcons = () =>
	src('credentials/**/*.{png,svg}', { encoding: false }).pipe(dest('dist/credentials'));

exports.clean = clean;
exports['build:icons'] = parallel(copyNodeIcons, copyCredentialIcons);
